/**
 * The engine's barrel: what the framework (src/core) and src/index.ts take from src/http.
 */
export { HttpServer, type HttpServerOptions, type ErrorContext, type ListenAddress } from './server';
export { Request } from './request';
export { Response, type Sendable } from './response';
export { HttpError, HeadersSentError, STATUS_TEXT } from './errors';
export { DEFAULT_LIMITS, type Handler, type ParserLimits } from './types';
export type { Connection, ConnectionInfo } from './connection';
