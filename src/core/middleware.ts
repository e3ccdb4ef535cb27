import type { Request } from '../http/request';
import type { Response } from '../http/response';

/**
 * Express-style middleware: call `next()` to go on (it resolves when the rest of the chain
 * has finished), or answer and do not call it.
 */
export type Middleware = (req: Request, res: Response, next: () => Promise<void>) => void | Promise<void>;

/** One registered middleware and the path prefix it is limited to ('' = every path). */
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

/** `/api` covers `/api` and `/api/...`, not `/apix`. Prefixes are normalised at `use()` time. */
export function mountMiddleware(prefixOrFn: string | Middleware, fn?: Middleware): MountedMiddleware {
  if (typeof prefixOrFn === 'function') {
    const own = (prefixOrFn as Middleware & { [OWN_PREFIX]?: unknown })[OWN_PREFIX];
    return { prefix: typeof own === 'string' ? own : '', fn: prefixOrFn };
  }
  if (typeof fn !== 'function') throw new TypeError(`app.use('${prefixOrFn}', fn): fn must be a middleware function`);
  let prefix = prefixOrFn.trim();
  if (prefix !== '' && !prefix.startsWith('/')) prefix = '/' + prefix;
  while (prefix.endsWith('/')) prefix = prefix.slice(0, -1);
  return { prefix, fn };
}

export function middlewareApplies(mounted: MountedMiddleware, path: string): boolean {
  const p = mounted.prefix;
  if (p === '') return true;
  // A charCode check instead of building `prefix + '/'` per request.
  return path.startsWith(p) && (path.length === p.length || path.charCodeAt(p.length) === 47 /* / */);
}

export function anyMiddlewareApplies(list: readonly MountedMiddleware[], path: string): boolean {
  for (let i = 0; i < list.length; i++) if (middlewareApplies(list[i], path)) return true;
  return false;
}

/**
 * Runs the middlewares that apply to `req.path`, then `last`. A chain object rather than
 * nested closures; `next()` called twice by the same middleware is an error.
 */
export class MiddlewareChain {
  private index = 0;
  constructor(
    private readonly list: readonly MountedMiddleware[],
    private readonly req: Request,
    private readonly res: Response,
    private readonly last: (req: Request, res: Response) => void | Promise<void>,
  ) {}

  run(): Promise<void> {
    try {
      while (this.index < this.list.length) {
        const mounted = this.list[this.index++];
        if (!middlewareApplies(mounted, this.req.path)) continue;
        let called = false;
        const position = this.index;
        const next = (): Promise<void> => {
          if (called) return Promise.reject(new Error('next() was called twice by a middleware'));
          called = true;
          this.index = position;
          return this.run();
        };
        return Promise.resolve(mounted.fn(this.req, this.res, next));
      }
      return Promise.resolve(this.last(this.req, this.res));
    } catch (error) {
      return Promise.reject(error);
    }
  }
}
