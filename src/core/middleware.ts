import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { encodePath, normalizePath } from './router/normalize-path';
import { isThenable } from './thenable';
import { FRAMEWORK_ERROR } from './framework-errors';

/**
 * Express-style middleware: call `next()` to go on (it resolves when the rest of the chain
 * has finished, its errors answered), `next(err)` to answer an error, or answer and call
 * neither.
 */
export type Middleware = (req: Request, res: Response, next: (error?: unknown) => Promise<void>) => void | Promise<void>;

/**
 * One registered middleware and the path prefix it is limited to ('' = every path). The
 * prefix is spelled as route patterns are, and compared with the request path in the same
 * normal form as the router's (RFC 3986 §6.2.2, normalize-path.ts): a middleware mounted at
 * `/admin` runs for every request the router sends to `/admin`, `/%61dmin` included — else an
 * escaped letter would walk past an auth middleware.
 */
export interface MountedMiddleware {
  prefix: string;
  fn: Middleware;
}

/**
 * A middleware that only ever acts below one prefix (serveStatic) says so under this key, so
 * mounted app-wide it is still skipped for other paths without being called — and a request
 * no middleware applies to goes straight to its route, with no chain and no promise.
 */
export const OWN_PREFIX: unique symbol = Symbol('wirework.middleware.ownPrefix');

/**
 * Left in `req.locals` by a middleware that handed a request on although it serves its URL to
 * other methods (serveStatic: an existing file, to GET and HEAD). When no route takes the
 * request, the dispatcher asks it — with the `Allow` of the routes at that path, if any —
 * for the `Allow` of the URL: OPTIONS then gets 204 and other methods 405 with it, as for a
 * path the routes know under other methods (RFC 9110 §9.3.7, §15.5.6), instead of a 404 that
 * says nothing is there. It resolves to undefined when the middleware has nothing there.
 * Only asked on that miss path, so a mount costs a routed POST no disk access.
 */
export const UNROUTED_ALLOW: unique symbol = Symbol('wirework.middleware.unroutedAllow');
export type UnroutedAllow = (routesAllow: string | undefined) => Promise<string | undefined>;

/** Prefixes are normalised at `use()` time: '/' added, trailing '/' dropped, encoded as patterns are. */
export function mountMiddleware(prefixOrFn: string | Middleware, fn?: Middleware): MountedMiddleware {
  if (typeof prefixOrFn === 'function') {
    const own = (prefixOrFn as Middleware & { [OWN_PREFIX]?: unknown })[OWN_PREFIX];
    return { prefix: typeof own === 'string' ? encodePath(own) : '', fn: prefixOrFn };
  }
  if (typeof fn !== 'function') throw new TypeError(`app.use('${prefixOrFn}', fn): fn must be a middleware function`);
  let prefix = prefixOrFn.trim();
  if (prefix !== '' && !prefix.startsWith('/')) prefix = '/' + prefix;
  while (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  return { prefix: encodePath(prefix), fn };
}

/**
 * `/api` covers `/api` and `/api/...`, not `/apix`; '' covers every path. `path` is in
 * normal form (normalizePath), as the prefix is.
 */
export function prefixCovers(prefix: string, path: string): boolean {
  if (prefix === '') return true; // the asterisk-form '*' too
  // A charCode check instead of building `prefix + '/'` per request.
  return path.startsWith(prefix) && (path.length === prefix.length || path.charCodeAt(prefix.length) === 47 /* / */);
}

/** Whether `mounted` acts on a request for `path`, the request path as it arrived. */
export function middlewareApplies(mounted: MountedMiddleware, path: string): boolean {
  return prefixCovers(mounted.prefix, normalizePath(path));
}

export function anyMiddlewareApplies(list: readonly MountedMiddleware[], path: string): boolean {
  const normal = normalizePath(path);
  for (let i = 0; i < list.length; i++) if (prefixCovers(list[i].prefix, normal)) return true;
  return false;
}

const RESOLVED: Promise<void> = Promise.resolve();
const NONE: unique symbol = Symbol('none');
const ignore = (): void => {};

/**
 * A second `next()` from one middleware for one request: the rest of the chain (and the
 * route) ran already and must not run twice. The promise the second call returns rejects
 * with this; the request itself is not affected.
 */
export class NextCalledTwiceError extends Error {
  readonly code = FRAMEWORK_ERROR.NEXT_CALLED_TWICE;
  constructor(middlewareName: string) {
    super(
      `${FRAMEWORK_ERROR.NEXT_CALLED_TWICE}: next() was called twice by ${middlewareName}; ` +
        'the rest of the chain runs once per request: call next() once (await it to act after the route answered).',
    );
    this.name = 'NextCalledTwiceError';
  }
}

/**
 * `next()` once the request was answered: the Express slip `if (!ok) res.status(401).json(…);
 * next();` with no `return` (or a middleware slower than requestTimeoutMs, answered 503). The
 * rest of the chain is not run — the route would do its work (a DELETE!) for a request already
 * refused, and its answer could not be sent anyway. Logged, naming the middleware; the answer
 * sent stands.
 */
export class NextAfterAnswerError extends Error {
  constructor() {
    super(
      'next() after answering the request (or after requestTimeoutMs answered 503): the route was not run. ' +
        'A middleware answers or calls next(), not both: write `return res.json(…)` (or return after answering).',
    );
    this.name = 'NextAfterAnswerError';
  }
}

/**
 * Answers an error a middleware raised; throws/rejects only when it can no longer be answered.
 * `culprit` is the middleware that threw, rejected or called `next(err)`, so the 500 log can
 * name it instead of the dispatcher.
 */
export type MiddlewareFailure = (error: unknown, req: Request, res: Response, culprit: MountedMiddleware) => void | Promise<void>;

/**
 * How logs name a middleware: `middleware authMiddleware (mounted at /admin)`. The position
 * (1-based, in the order the middlewares were mounted) stands in for the name an arrow
 * function passed inline does not have.
 */
export function describeMiddleware(mounted: MountedMiddleware, position: number): string {
  const at = `(mounted at ${mounted.prefix === '' ? '/' : mounted.prefix})`;
  return mounted.fn.name !== '' ? `middleware ${mounted.fn.name} ${at}` : `anonymous middleware #${position} ${at}`;
}

/**
 * Runs the middlewares that apply to `req.path`, then `last`. A chain object rather than
 * nested closures.
 *
 * Each middleware's error is answered where it happens, by `fail`, and the `next()` that led
 * to it resolves: as in Express, an error goes to the error handler, not back up the chain.
 * So a middleware that calls `next()` without returning or awaiting it (Express habit, e.g.
 * from a callback) cannot leave an unhandled rejection — which would kill the process — nor
 * a request nobody answers. `next(err)` answers `err`, as in Express, instead of going on to
 * the route (an auth middleware written `return next(new UnauthorizedException())` must not
 * let the request through); a falsy argument, 'route' and 'router' go on, as in Express. A
 * second `next()` rejects, but never unhandled.
 */
export class MiddlewareChain {
  private index = 0;
  /** an error raised after the head went out: run() rejects with it so the engine cuts the connection. */
  private unanswerable: unknown = NONE;
  /** `req.path` normalised once for every prefix of the chain (it is read-only) */
  private readonly path: string;

  constructor(
    private readonly list: readonly MountedMiddleware[],
    private readonly req: Request,
    private readonly res: Response,
    private readonly last: (req: Request, res: Response) => void | Promise<void>,
    private readonly fail: MiddlewareFailure,
  ) {
    this.path = normalizePath(req.path);
  }

  /** Resolves when the first middleware is done; rejects only with an error that could not be answered. */
  run(): Promise<void> {
    return this.step().then(() => {
      if (this.unanswerable !== NONE) throw this.unanswerable;
    });
  }

  private step(): Promise<void> {
    while (this.index < this.list.length) {
      const mounted = this.list[this.index++];
      if (!prefixCovers(mounted.prefix, this.path)) continue;
      let result: unknown;
      try {
        result = mounted.fn(this.req, this.res, this.nextFor(this.index));
      } catch (error) {
        return this.failed(error, mounted);
      }
      return isThenable(result) ? Promise.resolve(result).then(undefined, (error: unknown) => this.failed(error, mounted)) : RESOLVED;
    }
    // The route answers its own errors; what still escapes it can no longer be answered.
    let result: unknown;
    try {
      result = this.last(this.req, this.res);
    } catch (error) {
      this.cut(error);
      return RESOLVED;
    }
    return isThenable(result) ? Promise.resolve(result).then(undefined, (error: unknown) => this.cut(error)) : RESOLVED;
  }

  private nextFor(position: number): (error?: unknown) => Promise<void> {
    let called = false;
    return (error?: unknown): Promise<void> => {
      if (called) {
        const fn = this.list[position - 1]?.fn;
        const twice = Promise.reject(new NextCalledTwiceError(fn?.name ? `middleware ${fn.name}` : 'a middleware'));
        twice.catch(ignore); // the caller may await it; unawaited it must not crash the process
        return twice;
      }
      called = true;
      // Express's next(err). As Express reads it, a falsy argument is no error, and
      // next('route') / next('router') mean "go on" for app-level middleware.
      // `position` is one past the middleware this next() was given to.
      if (error && error !== 'route' && error !== 'router') return this.failed(error, this.list[position - 1]);
      if (this.res.headersSent) return this.answeredAlready(position);
      this.index = position;
      return this.step();
    };
  }

  /**
   * next() once the response is out: the route is skipped. A finished answer gets the slip
   * logged through `fail` (which logs, naming the middleware, what comes after the response
   * was sent). An answer still being written is left to its middleware: an error here would
   * have the connection cut under it.
   */
  private answeredAlready(position: number): Promise<void> {
    if (!this.res.finished) return RESOLVED;
    return this.failed(new NextAfterAnswerError(), this.list[position - 1]);
  }

  private failed(error: unknown, culprit: MountedMiddleware): Promise<void> {
    let handled: void | Promise<void>;
    try {
      handled = this.fail(error, this.req, this.res, culprit);
    } catch (unanswerable) {
      this.cut(unanswerable);
      return RESOLVED;
    }
    return isThenable(handled) ? Promise.resolve(handled).then(undefined, (e: unknown) => this.cut(e)) : RESOLVED;
  }

  private cut(error: unknown): void {
    if (this.unanswerable === NONE) this.unanswerable = error;
  }
}
