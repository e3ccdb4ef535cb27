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
  /** a request body that stops arriving for this long → 408 (default 10 000). */
  bodyTimeoutMs?: number;
  /** connections beyond this many are refused at once (default: no limit). */
  maxConnections?: number;
  /** pipelined requests parsed ahead of their answers, per connection (default 32). */
  maxPipelined?: number;
  /** `/a/` matches the route `/a` (Express-style). Default false: strict, like Fastify. */
  ignoreTrailingSlash?: boolean;
  /** a decoded path parameter longer than this → 414 (default 100). */
  maxParamLength?: number;
  /** `close()` forces the connections still busy after this long (default 10 000 ms). */
  shutdownTimeoutMs?: number;
  /**
   * `close()` rejects, naming the hook, when the shutdown hooks (onModuleDestroy,
   * beforeApplicationShutdown, onApplicationShutdown) have not all settled this long after
   * they began; with enableShutdownHooks the process then exits 1. Default 10 000 ms; 0 for none.
   */
  shutdownHooksTimeoutMs?: number;
  /**
   * during `close()`, how long a just-opened or just-answered keep-alive connection stays open
   * for a request already on the wire, answered with `Connection: close` (default 2 000 ms).
   */
  drainGraceMs?: number;
  /**
   * Prometheus metrics at `/metrics` (or `{ path }`): requests by method, route pattern and
   * status, a latency histogram, open connections, bytes, rate-limited requests, parse errors.
   * With `workers`, every worker's counts are summed.
   */
  metrics?: boolean | { path?: string };
  /** `/healthz` (liveness) and `/readyz` (readiness: 503 once shutdown begins), or other paths. */
  health?: boolean | { livenessPath?: string; readinessPath?: string };
  /** one line per request through the logger: `true`/'text' or 'json'. Default off. */
  accessLog?: boolean | 'text' | 'json';
  /**
   * `X-Request-Id`: kept when the client sent a sane one, generated otherwise, echoed on the
   * response and set as `req.id`. Default: on when `accessLog` is on, else off.
   */
  requestId?: boolean;
}

/**
 * Every key of ServerOptions, so createServer can refuse a misspelt one (`bodylimit`) instead of
 * ignoring it. `satisfies` makes tsc fail here when an option is added to the interface and not
 * to this list, or listed and not in the interface.
 */
export const SERVER_OPTION_NAMES: readonly string[] = Object.freeze(Object.keys({
  logger: true, cors: true, globalPrefix: true, bodyLimit: true, limits: true, headersTimeoutMs: true,
  keepAliveTimeoutMs: true, https: true, guards: true, rateLimit: true, workers: true, requestTimeoutMs: true,
  bodyTimeoutMs: true, maxConnections: true, maxPipelined: true, ignoreTrailingSlash: true, maxParamLength: true,
  shutdownTimeoutMs: true, shutdownHooksTimeoutMs: true, drainGraceMs: true, metrics: true, health: true,
  accessLog: true, requestId: true,
} satisfies Record<keyof ServerOptions, true>));

/** `workers` in full: how many, and how long the primary waits for them. */
export interface WorkersOptions {
  /** how many workers; 'auto' = one per CPU (os.availableParallelism()). */
  count: number | 'auto';
  /** the primary's listen() rejects if the workers are not all listening after this long (default 120 000). */
  startupTimeoutMs?: number;
  /** workers still running this long after shutdown began are killed (default 10 000). */
  shutdownTimeoutMs?: number;
}
