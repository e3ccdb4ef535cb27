import type { ExecutionContext } from './guards/execution-context';
import { FRAMEWORK_ERROR } from './framework-errors';
import { isObservable } from './thenable';

/** What an interceptor calls to run the rest of the chain (the handler, inner interceptors). */
export interface CallHandler<T = unknown> {
  handle(): Promise<T>;
}

/**
 * Runs around a handler: before (timing, context), after (mapping the result), or instead.
 * It returns the result to send, or a promise of it.
 */
export interface Interceptor {
  intercept(context: ExecutionContext, next: CallHandler): unknown;
}

/** NestJS's name for the same shape. */
export type NestInterceptor = Interceptor;

export type InterceptorLike = Interceptor | (new (...args: any[]) => Interceptor);

const ignore = (): void => {};

/**
 * A second `next.handle()` for one request: the handler (and the inner interceptors) ran
 * already and must not run twice. A 500 unless the interceptor catches it; the code is what
 * to search the docs for.
 */
export class NextHandleCalledTwiceError extends Error {
  readonly code = FRAMEWORK_ERROR.NEXT_HANDLE_CALLED_TWICE;
  constructor(interceptorName: string) {
    super(
      `${FRAMEWORK_ERROR.NEXT_HANDLE_CALLED_TWICE}: next.handle() was called twice by ${interceptorName}; ` +
        'the handler runs once per request: call next.handle() once and reuse the value it resolves to ' +
        '(to retry, retry the call inside the handler or its service).',
    );
    this.name = 'NextHandleCalledTwiceError';
  }
}

/**
 * One link of the interceptor chain. A class rather than a closure so the chain for a request
 * is a few small objects and `handle()` can only run the inner part once.
 */
export class InterceptorLink implements CallHandler {
  private started = false;
  constructor(
    private readonly interceptors: readonly Interceptor[],
    private readonly index: number,
    private readonly context: ExecutionContext,
    private readonly inner: () => unknown,
  ) {}

  handle(): Promise<unknown> {
    if (this.started) {
      const twice = Promise.reject(new NextHandleCalledTwiceError(this.callerName()));
      // The caller may await it; dropped, it must not be an unhandled rejection (a crash on Node's default).
      twice.catch(ignore);
      return twice;
    }
    this.started = true;
    try {
      if (this.index === this.interceptors.length) return Promise.resolve(this.inner());
      const next = new InterceptorLink(this.interceptors, this.index + 1, this.context, this.inner);
      const interceptor = this.interceptors[this.index];
      // Nest's habit returns the Observable itself: refused here, naming the interceptor. One
      // wrapped in a promise is caught where the route reads the chain's result, so no link
      // pays an extra promise for the check.
      return Promise.resolve(refuseObservable(interceptor.intercept(this.context, next), interceptorName(interceptor)));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** The interceptor this link was given to as `next` (link i goes to interceptor i - 1). */
  private callerName(): string {
    return this.index > 0 ? interceptorName(this.interceptors[this.index - 1]) : 'an interceptor';
  }
}

/** `CacheInterceptor.intercept` for messages; a plain object has no name worth giving. */
function interceptorName(interceptor: Interceptor): string {
  const name = interceptor.constructor.name;
  return name !== '' && name !== 'Object' ? `${name}.intercept` : 'an interceptor';
}

/**
 * NestJS interceptors return an RxJS Observable (`of(cached)`); we have no RxJS, and the
 * Observable object itself would be sent as the JSON body. Fail naming who returned it.
 */
export function refuseObservable(result: unknown, who: string): unknown {
  if (isObservable(result)) {
    throw new TypeError(
      `${who} returned an Observable; return the value or a Promise of it ` +
        '(e.g. `return firstValueFrom(observable)`); next.handle() is a Promise here.',
    );
  }
  return result;
}
