/** The router: patterns, constraints and the compiled per-method route table. */
export { RouteTable, ROUTE_CONFLICT } from './route-table';
export type { RouteTableOptions, RouteMatch, RouteFound, MethodNotAllowed, RouteDescription } from './route-table';
export type { RouteParams } from './params';
export { BAD_PATH_ENCODING, PARAM_TOO_LONG, DEFAULT_MAX_PARAM_LENGTH } from './params';
export { BAD_ROUTE_PATTERN, UNSAFE_CONSTRAINT } from './constraint';
