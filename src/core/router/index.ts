/**
 * The router: patterns, constraints and the compiled per-method route table.
 *
 * ```ts
 * const table = new RouteTable<CompiledRoute>();               // options: maxParamLength,
 * table.add('GET', '/users/me', me, 'UsersController.me');     //   ignoreTrailingSlash,
 * table.add('GET', '/users/:id(\\d+)', one, 'UsersController.findOne'); // rejectConflicts
 * table.add('ALL', '/proxy/*rest', proxy, 'ProxyController.forward');
 * table.compile();                                    // BootstrapError on conflicts
 *
 * const m = table.match(req.method, req.path);        // may throw HttpError 400 / 414
 * if (m === null) → 404
 * else if (m.allow !== undefined) → 405 with `Allow: m.allow` (or 204 for OPTIONS)
 * else → m.route, m.params ({ id: '42' })
 * ```
 */
export { RouteTable, ROUTE_CONFLICT } from './route-table';
export type { RouteTableOptions, RouteMatch, RouteFound, MethodNotAllowed, RouteDescription } from './route-table';
export type { RouteParams } from './params';
export { BAD_PATH_ENCODING, PARAM_TOO_LONG, DEFAULT_MAX_PARAM_LENGTH } from './params';
export { BAD_ROUTE_PATTERN, UNSAFE_CONSTRAINT } from './constraint';
