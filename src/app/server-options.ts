import type { HttpServerOptions } from '../http/server';
import type { ParserLimits } from '../http/types';
import type { FrameworkLogger } from '../core/logger';
import { BootstrapError } from '../core/bootstrap-error';
import { FRAMEWORK_ERROR } from '../core/framework-errors';
import type { ServerOptions } from './options';

/** The engine's share of the createServer options. `bodyLimit` is the parser's maxBodyBytes. */
export function serverOptionsFor(options: ServerOptions, logger: FrameworkLogger): HttpServerOptions {
  // Only the limits given: the engine spreads these over its defaults, so a key present with
  // the value undefined (`maxHeaderCount: process.env.MAX_HEADERS && …`) switched that limit off.
  const limits: Partial<ParserLimits> = {};
  for (const [name, value] of Object.entries(options.limits ?? {})) {
    if (value !== undefined) limits[name as keyof ParserLimits] = value;
  }
  if (options.bodyLimit !== undefined) {
    if (!Number.isSafeInteger(options.bodyLimit) || options.bodyLimit < 0) {
      throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `bodyLimit must be a whole number of bytes >= 0, got ${options.bodyLimit}`);
    }
    limits.maxBodyBytes = options.bodyLimit;
  }
  return {
    limits,
    headersTimeoutMs: options.headersTimeoutMs,
    keepAliveTimeoutMs: options.keepAliveTimeoutMs,
    bodyTimeoutMs: options.bodyTimeoutMs,
    maxConnections: options.maxConnections,
    maxPipelined: options.maxPipelined,
    drainGraceMs: options.drainGraceMs,
    https: options.https,
    // What escapes the framework (a response stream that failed mid-way) goes to the same logger.
    onError: (error, context) => {
      const where = context.request ? ` (${context.request.method} ${context.request.path})` : '';
      logger.error(`${context.phase} error${where}`, error);
    },
  };
}
