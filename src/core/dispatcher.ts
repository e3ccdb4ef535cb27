/**
 * The handler the engine calls for every request head: hooks → CORS → middleware → route
 * table → compiled route. 404 when no path matches, 405 with `Allow` when the path exists
 * under other methods, OPTIONS answered with `Allow` unless a route claims it. HEAD is served
 * by the GET route (the route table does that; the engine drops the body).
 */
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import type { RouteTable } from './router';
import type { Cors } from './cors';
import { ErrorResponder } from './exceptions/error-responder';
import {
  MethodNotAllowedException, NotFoundException, NotImplementedException, ServiceUnavailableException,
} from './exceptions/http-exception';
import type { RouteFacts, RouteInfo } from './guards/execution-context';
import {
  anyMiddlewareApplies, describeMiddleware, MiddlewareChain, UNROUTED_ALLOW, type MiddlewareFailure, type MountedMiddleware, type UnroutedAllow,
} from './middleware';
import type { CompiledRoute } from './route';
import { isThenable } from './thenable';

/** The methods HTTP itself defines: a 404 or 405 for these, never a 501. */
const STANDARD_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH']);

/** Called when a request head arrives, before anything else (ops: request ids, timing). */
export type RequestHook = (req: Request, res: Response) => void;
/** Called once the response is finished or aborted (ops: access log, metrics). */
export type ResponseHook = (req: Request, res: Response, error?: Error) => void;

/** Where the matched route's facts are put for hooks (`req.locals[ROUTE_INFO]`). */
export const ROUTE_INFO: unique symbol = Symbol('wirework.route');

export interface DispatcherOptions {
  cors?: Cors;
  /** a handler that has not answered after this many ms → 503 (0/undefined: off). */
  requestTimeoutMs?: number;
}

/**
 * Facts for errors raised before a route is known (404, 405, a bad path, CORS) — or by a
 * middleware, whose facts name it (`handler`, and `handlerName` for the 500 log).
 */
function dispatcherFacts(handler: Function = Dispatcher.prototype.handle, handlerName = 'Dispatcher'): RouteFacts {
  const info: RouteInfo = {
    method: 'ALL', path: '*', controller: Dispatcher, handler, handlerName, id: 0, getMetadata: () => undefined,
  };
  return { info, metadata: new Map() };
}

export class Dispatcher {
  readonly middlewares: MountedMiddleware[] = [];
  /** The ops seam: both lists cost one length check per request while empty. */
  readonly onRequest: RequestHook[] = [];
  readonly onResponse: ResponseHook[] = [];
  private readonly facts = dispatcherFacts();
  private readonly cors: Cors | undefined;
  private readonly timeoutMs: number;

  constructor(
    private readonly table: RouteTable<CompiledRoute>,
    private readonly errors: ErrorResponder,
    options: DispatcherOptions = {},
  ) {
    this.cors = options.cors;
    this.timeoutMs = options.requestTimeoutMs ?? 0;
    // Bound once: the engine calls it as a plain function.
    this.handle = this.handle.bind(this);
    this.route = this.route.bind(this);
    this.middlewareFailed = (error, req, res, culprit) => this.errors.handle(error, req, res, this.middlewareFacts(culprit));
  }

  private readonly middlewareFailed: MiddlewareFailure;
  /** Built at a middleware's first failure, so a request that succeeds allocates nothing to name one. */
  private readonly factsOfMiddleware = new WeakMap<MountedMiddleware, RouteFacts>();

  private middlewareFacts(mounted: MountedMiddleware): RouteFacts {
    let facts = this.factsOfMiddleware.get(mounted);
    if (facts === undefined) {
      facts = dispatcherFacts(mounted.fn, describeMiddleware(mounted, this.middlewares.indexOf(mounted) + 1));
      this.factsOfMiddleware.set(mounted, facts);
    }
    return facts;
  }

  handle(req: Request, res: Response): void | Promise<void> {
    if (this.onRequest.length > 0) for (const hook of this.onRequest) hook(req, res);
    if (this.onResponse.length > 0) this.watchResponse(req, res);
    if (this.timeoutMs > 0) this.armTimeout(req, res);
    try {
      if (this.cors !== undefined && this.cors.handle(req, res)) return undefined;
      if (this.middlewares.length > 0 && anyMiddlewareApplies(this.middlewares, req.path)) {
        // The chain answers middleware errors itself (this.middlewareFailed); it rejects only
        // with one that could no longer be answered, for the engine to cut the connection.
        return new MiddlewareChain(this.middlewares, req, res, this.route, this.middlewareFailed).run();
      }
      const pending = this.route(req, res);
      return isThenable(pending) ? pending : undefined;
    } catch (error) {
      return this.errors.handle(error, req, res, this.facts);
    }
  }

  /** Route-table lookup and the compiled route; also the last step of the middleware chain. */
  route(req: Request, res: Response): void | Promise<void> {
    let match;
    try {
      match = this.table.match(req.method, req.path); // throws HttpError 400/414 on a bad param
    } catch (error) {
      return this.errors.handle(error, req, res, this.facts);
    }
    if ((match === null || match.allow !== undefined) && this.unknownMethod(req.method)) {
      // RFC 9110 §9.1: a method the server does not recognise SHOULD get 501, not a 404 or a
      // 405 that would suggest another path or method knows it.
      return this.errors.handle(
        new NotImplementedException(`${req.method} is not a method this server implements`), req, res, this.facts,
      );
    }
    if (match === null || match.allow !== undefined) {
      const routesAllow = match === null ? undefined : match.allow;
      // A middleware that handed the request on may serve this URL to other methods (a static file).
      const unrouted = this.middlewares.length > 0 ? (req.locals[UNROUTED_ALLOW] as UnroutedAllow | undefined) : undefined;
      if (unrouted === undefined) return this.noRoute(req, res, routesAllow);
      return unrouted(routesAllow).then(
        (allow) => this.noRoute(req, res, allow ?? routesAllow),
        (error: unknown) => this.errors.handle(error, req, res, this.facts),
      );
    }
    req.params = match.params;
    if (this.onResponse.length > 0 || this.onRequest.length > 0) req.locals[ROUTE_INFO] = match.route.info;
    return match.route.run(req, res);
  }

  /** No route takes the method: 404 when nothing is at the path, else 405 (or OPTIONS 204) with `allow`. */
  private noRoute(req: Request, res: Response, allow: string | undefined): void | Promise<void> {
    if (allow === undefined && req.path === '*') {
      // `OPTIONS *` (the parser admits `*` for OPTIONS only) asks about the server in general,
      // not a resource (RFC 9110 §9.3.7): what methods it implements, not a 404.
      allow = this.table.serverAllow();
    }
    if (allow === undefined) {
      return this.errors.handle(new NotFoundException(`Cannot ${req.method} ${req.path}`), req, res, this.facts);
    }
    res.setHeader('Allow', allow);
    if (req.method === 'OPTIONS') {
      // RFC 9110 §9.3.7: OPTIONS describes the resource's communication options.
      res.status(204);
      res.end();
      return undefined;
    }
    // RFC 9110 §15.5.6: a 405 MUST carry Allow.
    return this.errors.handle(new MethodNotAllowedException(`Cannot ${req.method} ${req.path}; allowed: ${allow}`), req, res, this.facts);
  }

  /** Neither a method HTTP defines (RFC 9110 §9.3, PATCH from RFC 5789) nor one a route answers. */
  private unknownMethod(method: string): boolean {
    return !STANDARD_METHODS.has(method) && !this.table.answersMethod(method);
  }

  private watchResponse(req: Request, res: Response): void {
    const hooks = this.onResponse;
    res.onFinish((error) => {
      for (const hook of hooks) hook(req, res, error);
    });
  }

  private armTimeout(req: Request, res: Response): void {
    const timer = setTimeout(() => {
      if (res.headersSent || res.finished) return;
      this.errors.sendDefault(
        new ServiceUnavailableException(`The request was not answered within ${this.timeoutMs} ms`), req, res, this.facts,
      );
    }, this.timeoutMs);
    timer.unref();
    res.onFinish(() => clearTimeout(timer));
  }
}
