import type { Request } from '../../http/request';
import type { Response } from '../../http/response';

/** What guards, interceptors and filters see of the request being handled. */
export interface ExecutionContext {
  getRequest(): Request;
  getResponse(): Response;
  /** the controller class. */
  getClass(): Function;
  /** the controller method. */
  getHandler(): Function;
  /** metadata on the method, else on the class; from a map built at bootstrap. */
  getMetadata<T>(key: string | symbol): T | undefined;
  /** NestJS spelling: `context.switchToHttp().getRequest()`. */
  switchToHttp(): { getRequest(): Request; getResponse(): Response };
}

/** What a route is, as guards see it once at bootstrap (`CanActivate.compileRoute`). */
export interface RouteInfo {
  /** upper-case method or 'ALL'. */
  method: string;
  /** the full path pattern (global prefix + controller prefix + method path). */
  path: string;
  controller: Function;
  handler: Function;
  /** `Class.method`, for messages. */
  handlerName: string;
  getMetadata<T>(key: string | symbol): T | undefined;
  /** unique per route within one app. */
  id: number;
}

/** The per-route half of a context, built at bootstrap. */
export interface RouteFacts {
  readonly info: RouteInfo;
  readonly metadata: ReadonlyMap<string | symbol, unknown>;
}

/**
 * One per request that has guards, interceptors or filters: three fields, no closures.
 * Metadata comes from the route's precomputed map, so no Reflect call happens per request.
 */
export class HttpExecutionContext implements ExecutionContext {
  constructor(
    private readonly route: RouteFacts,
    private readonly req: Request,
    private readonly res: Response,
  ) {}

  getRequest(): Request {
    return this.req;
  }
  getResponse(): Response {
    return this.res;
  }
  getClass(): Function {
    return this.route.info.controller;
  }
  getHandler(): Function {
    return this.route.info.handler;
  }
  getMetadata<T>(key: string | symbol): T | undefined {
    return this.route.metadata.get(key) as T | undefined;
  }
  switchToHttp(): { getRequest(): Request; getResponse(): Response } {
    return this;
  }
}
