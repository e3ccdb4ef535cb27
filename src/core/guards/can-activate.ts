import type { ExecutionContext, RouteInfo } from './execution-context';

/**
 * A guard decides whether a request reaches its handler; `false` answers 403. It runs before
 * the body is read, may set response headers and may throw an HttpException (its headers are
 * kept on the error response).
 */
export interface CanActivate {
  canActivate(context: ExecutionContext): boolean | Promise<boolean>;
  /**
   * Called once per route this guard protects, at bootstrap: precompute per-route state here.
   * Return `false` when the guard has nothing to decide on that route: it is left out of that
   * route's chain, so its requests do not pay for the call (the rate limit does this for
   * routes without a limit).
   */
  compileRoute?(route: RouteInfo): void | boolean;
}

/** A guard class (resolved once at bootstrap, through DI when injectable) or an instance. */
export type GuardLike = CanActivate | (new (...args: any[]) => CanActivate);
