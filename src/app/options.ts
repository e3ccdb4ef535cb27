import type { TlsOptions } from 'node:tls';
import type { ParserLimits } from '../http/types';
import type { CorsOptions } from '../core/cors';
import type { GuardLike } from '../core/guards/can-activate';
import type { LoggerOption } from '../ops/logger';
import type { RateLimitOptions } from '../rate-limit/rate-limit.guard';

/** Everything `createServer(AppModule, options)` accepts. */
export interface ServerOptions {
  /** where the framework logs; `false` for silence. Default: concise lines on the console. */
  logger?: LoggerOption;
  /** `true` for any origin, or the policy. Preflights are answered before routing. */
  cors?: boolean | CorsOptions;
  /** prepended to every route (`'api'` → `/api/users`). */
  globalPrefix?: string;
  /** default request body limit in bytes (engine default 1 MiB); `@BodyLimit` overrides per route. */
  bodyLimit?: number;
  /** the parser's limits (request line, header section, header count, …). */
  limits?: Partial<ParserLimits>;
  /** a request head that takes longer than this to arrive → 408. */
  headersTimeoutMs?: number;
  /** an idle keep-alive connection is closed after this long. */
  keepAliveTimeoutMs?: number;
  /** serve TLS: `{ key, cert, … }` as for `tls.createServer`. */
  https?: TlsOptions;
  /** app-wide guards, run before each route's own (classes resolved through DI). */
  guards?: GuardLike[];
  /**
   * app-wide rate limit (`{ limit, windowMs, key?, store?, trustProxy?, … }`), checked before every
   * other guard; `@RateLimit` on classes and methods works with or without it.
   */
  rateLimit?: RateLimitOptions;
  /**
   * fork this many worker processes sharing the port (`node:cluster`; 'auto' = one per CPU);
   * 0/undefined: serve from this process. The entry script runs in every worker too.
   */
  workers?: number | 'auto' | WorkersOptions;
  /** a handler that does not answer within this many ms → 503. Default: off. */
  requestTimeoutMs?: number;
}

/** `workers` in full: how many, and how long the primary waits for them. */
export interface WorkersOptions {
  /** how many workers; 'auto' = one per CPU (os.availableParallelism()). */
  count: number | 'auto';
  /** the primary's listen() rejects if the workers are not all listening after this long (default 30 000). */
  startupTimeoutMs?: number;
  /** workers still running this long after shutdown began are killed (default 10 000). */
  shutdownTimeoutMs?: number;
}
