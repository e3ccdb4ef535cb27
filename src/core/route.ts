/**
 * A route as compiled at bootstrap, and its per-request chain:
 *   body limit → guards → interceptors, around: body (if a parameter needs it) →
 *   parameters + pipes → handler; then the result → (errors: filters → error body).
 * Every step returns `undefined` when it finished synchronously and a promise only when
 * something really was asynchronous, so a route with sync guards, no body and a sync result
 * allocates no promise at all.
 */
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { readBody, type BodyMode } from './body/read-body';
import { ErrorResponder } from './exceptions/error-responder';
import type { FilterEntry } from './exceptions/filter-entry';
import { ForbiddenException } from './exceptions/http-exception';
import type { CanActivate } from './guards/can-activate';
import { guardAllows } from './guards/guard-answer';
import { HttpExecutionContext, type RouteFacts, type RouteInfo } from './guards/execution-context';
import { InterceptorLink, refuseObservable, type Interceptor } from './interceptors';
import type { ParamResolver } from './param-resolver';
import { preparePassthrough, sendPassthroughResult, sendResult, type ResultPlan } from './result';
import { isThenable } from './thenable';

const NO_ARGS: readonly unknown[] = Object.freeze([]);

export interface RouteParts {
  info: RouteInfo;
  metadata: ReadonlyMap<string | symbol, unknown>;
  instance: object;
  handler: (...args: unknown[]) => unknown;
  resolvers: readonly ParamResolver[];
  /** how to read the body; undefined when no parameter takes it. */
  bodyMode: BodyMode | undefined;
  bodyLimit: number | undefined;
  /** the handler takes @Res(): it answers itself and its result is not sent. */
  usesRes: boolean;
  /** ...unless every @Res() is `{ passthrough: true }`: the result is sent after all. */
  resPassthrough: boolean;
  plan: ResultPlan;
  classGuards: readonly CanActivate[];
  methodGuards: readonly CanActivate[];
  classInterceptors: readonly Interceptor[];
  methodInterceptors: readonly Interceptor[];
  /** method-level first, then class-level: the nearest filter handles. */
  filters: readonly FilterEntry[];
}

export class CompiledRoute implements RouteFacts {
  readonly info: RouteInfo;
  readonly metadata: ReadonlyMap<string | symbol, unknown>;
  private readonly instance: object;
  private readonly handler: (...args: unknown[]) => unknown;
  private readonly resolvers: readonly ParamResolver[];
  private readonly bodyMode: BodyMode | undefined;
  private readonly bodyLimit: number | undefined;
  private readonly usesRes: boolean;
  private readonly resPassthrough: boolean;
  private readonly plan: ResultPlan;
  private readonly filters: readonly FilterEntry[];
  readonly parts: RouteParts;
  /** global (rate limit first) → class → method; rebuilt when global guards change. */
  private guards: readonly CanActivate[] = [];
  /** each guard's compileRoute answer for this route, asked once: false leaves it out. */
  private readonly guardApplies = new Map<CanActivate, boolean>();
  private interceptors: readonly Interceptor[] = [];
  private needsContext = false;
  /** a custom parameter decorator's factory reads the context, so every request needs one. */
  private readonly paramsNeedContext: boolean;

  constructor(parts: RouteParts, private readonly errors: ErrorResponder) {
    this.parts = parts;
    this.info = parts.info;
    this.metadata = parts.metadata;
    this.instance = parts.instance;
    this.handler = parts.handler;
    this.resolvers = parts.resolvers;
    this.bodyMode = parts.bodyMode;
    this.bodyLimit = parts.bodyLimit;
    this.usesRes = parts.usesRes;
    this.resPassthrough = parts.resPassthrough;
    this.plan = parts.plan;
    this.filters = parts.filters;
    this.paramsNeedContext = parts.resolvers.some((r) => r.usesContext);
    this.setGlobals([], []);
  }

  /** Called at bootstrap and by `app.useGlobalGuards/Interceptors`, never per request. */
  setGlobals(globalGuards: readonly CanActivate[], globalInterceptors: readonly Interceptor[]): void {
    this.guards = [...globalGuards, ...this.parts.classGuards, ...this.parts.methodGuards].filter((guard) => this.applies(guard));
    this.interceptors = [...globalInterceptors, ...this.parts.classInterceptors, ...this.parts.methodInterceptors];
    // Filters build their context only when an error happens (ErrorResponder), not per request;
    // a custom parameter decorator needs it on every request, as a guard does.
    this.needsContext = this.guards.length > 0 || this.interceptors.length > 0 || this.paramsNeedContext;
  }

  private applies(guard: CanActivate): boolean {
    let applies = this.guardApplies.get(guard);
    if (applies === undefined) {
      applies = typeof guard.compileRoute !== 'function' || guard.compileRoute(this.info) !== false;
      this.guardApplies.set(guard, applies);
    }
    return applies;
  }

  /** The engine-facing entry: never throws, and returns a promise only when work is pending. */
  run(req: Request, res: Response): void | Promise<void> {
    // First step, before anything could read the body: the per-route limit.
    if (this.bodyLimit !== undefined) req.bodyLimit = this.bodyLimit;
    const context = this.needsContext ? new HttpExecutionContext(this, req, res) : undefined;
    try {
      const pending = this.guard(req, res, context, 0);
      if (pending !== undefined) {
        return pending.then(
          () => this.afterGuards(req, res, context),
        ).then(undefined, (error: unknown) => this.fail(error, req, res, context));
      }
      const rest = this.afterGuards(req, res, context);
      if (rest !== undefined) return rest.then(undefined, (error: unknown) => this.fail(error, req, res, context));
      return undefined;
    } catch (error) {
      return this.fail(error, req, res, context);
    }
  }

  private guard(req: Request, res: Response, context: HttpExecutionContext | undefined, from: number): Promise<void> | undefined {
    const guards = this.guards;
    for (let i = from; i < guards.length; i++) {
      const allowed = guards[i].canActivate(context!);
      if (isThenable(allowed)) {
        return Promise.resolve(allowed).then((ok) => {
          if (ok !== true && !guardAllows(guards[i], ok)) throw new ForbiddenException('Forbidden resource');
          return this.guard(req, res, context, i + 1);
        });
      }
      if (allowed !== true && !guardAllows(guards[i], allowed)) throw new ForbiddenException('Forbidden resource');
    }
    return undefined;
  }

  private afterGuards(req: Request, res: Response, context: HttpExecutionContext | undefined): Promise<void> | undefined {
    if (this.interceptors.length > 0) return this.intercept(req, res, context);
    const args = this.arguments(req, res, context);
    if (args instanceof Promise) return args.then((values) => this.invoke(res, values));
    return this.invoke(res, args);
  }

  /**
   * Body (only if a parameter takes it) → parameters and their pipes: the handler's
   * arguments, or a promise of them while the body arrives or a pipe is async.
   */
  private arguments(req: Request, res: Response, context: HttpExecutionContext | undefined): readonly unknown[] | Promise<readonly unknown[]> {
    if (this.bodyMode !== undefined) {
      const body = readBody(req, this.bodyMode);
      // readBody gives a promise only while the body is still arriving (never a user thenable).
      if (body instanceof Promise) return body.then((value) => this.resolveArguments(req, res, context, value));
      return this.resolveArguments(req, res, context, body);
    }
    return this.resolveArguments(req, res, context, undefined);
  }

  private resolveArguments(
    req: Request, res: Response, context: HttpExecutionContext | undefined, body: unknown,
  ): readonly unknown[] | Promise<readonly unknown[]> {
    const resolvers = this.resolvers;
    if (resolvers.length === 0) return NO_ARGS;
    const args = new Array<unknown>(resolvers.length);
    for (let i = 0; i < resolvers.length; i++) {
      const value = resolvers[i].resolve(req, res, body, context);
      if (isThenable(value)) return this.finishArguments(req, res, context, body, args, i, value);
      args[i] = value;
    }
    return args;
  }

  private async finishArguments(
    req: Request, res: Response, context: HttpExecutionContext | undefined, body: unknown,
    args: unknown[], index: number, pending: PromiseLike<unknown>,
  ): Promise<readonly unknown[]> {
    args[index] = await pending;
    for (let i = index + 1; i < this.resolvers.length; i++) args[i] = await this.resolvers[i].resolve(req, res, body, context);
    return args;
  }

  private invoke(res: Response, args: readonly unknown[]): Promise<void> | undefined {
    // One false field for routes without @Res(). Passthrough puts the route's status on res
    // before the handler, so one it sets replaces it (as in Nest).
    if (this.usesRes && this.resPassthrough) preparePassthrough(res, this.plan);
    const result = this.handler.apply(this.instance, args as unknown[]);
    if (isThenable(result)) return Promise.resolve(result).then((value) => this.send(res, value));
    return this.send(res, result);
  }

  /**
   * Interceptors wrap the body, the pipes and the handler, as in Nest: `next.handle()` reads
   * the body and runs the pipes, so an interceptor's try/catch sees a pipe's 400, its timer
   * covers the upload, and one that answers from a cache never reads the body at all.
   */
  private intercept(req: Request, res: Response, context: HttpExecutionContext | undefined): Promise<void> {
    if (this.usesRes && this.resPassthrough) preparePassthrough(res, this.plan);
    let handlerRan = false;
    const link = new InterceptorLink(this.interceptors, 0, context!, () => {
      const args = this.arguments(req, res, context);
      if (args instanceof Promise) {
        return args.then((values) => {
          handlerRan = true;
          return this.handler.apply(this.instance, values as unknown[]);
        });
      }
      handlerRan = true;
      return this.handler.apply(this.instance, args as unknown[]);
    });
    // A @Res() handler answers itself, so its result is not sent; but an interceptor that
    // answered instead of calling it (a cache) has nobody else to send its value. On a
    // passthrough route `send` sends it either way, keeping a status the interceptor set.
    return link.handle().then((result) => {
      refuseObservable(result, `an interceptor of ${this.info.handlerName}`);
      return handlerRan || this.resPassthrough ? this.send(res, result) : sendResult(res, result, this.plan);
    });
  }

  /** A promise only while a Sendable (Response.file) is being sent: its failure goes to fail(). */
  private send(res: Response, result: unknown): Promise<void> | undefined {
    let sent: void | Promise<void>;
    if (this.usesRes) {
      if (!this.resPassthrough) return undefined;
      sent = sendPassthroughResult(res, result, this.plan);
    } else sent = sendResult(res, result, this.plan);
    return isThenable(sent) ? (sent as Promise<void>) : undefined;
  }

  private fail(error: unknown, req: Request, res: Response, context: HttpExecutionContext | undefined): void | Promise<void> {
    return this.errors.handle(error, req, res, this, this.filters, context);
  }
}
