/**
 * The rate-limit guard. At bootstrap `compileRoute` works out each route's policies and header
 * strings; per request `canActivate` does: key → one `store.hit` per policy → headers → pass,
 * or 429 with Retry-After. It runs before the body is read, so a refused request costs no body
 * parsing (the engine discards the unread body without breaking the connection's framing).
 *
 * With MemoryStore the whole path is synchronous: no promise, no closure per request.
 */
import type { CanActivate } from '../core/guards/can-activate';
import type { ExecutionContext, RouteInfo } from '../core/guards/execution-context';
import { ServiceUnavailableException, TooManyRequestsException } from '../core/exceptions/http-exception';
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { compileClientAddress, type ClientAddressResolver, type TrustProxy } from './client-address';
import { RateLimitConfigError, RateLimitKeyError, RateLimitStoreError } from './errors';
import { unknownKeyMessage } from '../core/did-you-mean';
import { ceilSeconds, remainingOf } from './headers';
import { MemoryStore } from './memory-store';
import { ClusterStore } from './cluster-store';
import { isClusterWorker } from '../cluster/worker';
import { PolicyCompiler, type BoundPolicy, type KeyFn, type RouteLimits } from './route-limits';
import { APP_SCOPE } from './policy';
import type { HitResult, RateLimitAlgorithm, RateLimitStore, StoreErrorMode } from './types';
import type { HeaderMode } from './headers';

export interface RateLimitOptions {
  /** app-wide policy: with `windowMs`, every route is limited (unless `@SkipRateLimit`). */
  limit?: number;
  windowMs?: number;
  /** name of the app-wide policy in the headers (default 'default'). */
  name?: string;
  /** default algorithm of every policy (default 'sliding-log', exact). */
  algorithm?: RateLimitAlgorithm;
  /** the client key (default: the client address, see trustProxy and ipv6Subnet). */
  key?: KeyFn;
  /** where counts live (default: MemoryStore; in a worker of `workers: N`, a ClusterStore). */
  store?: RateLimitStore;
  /** which proxies' X-Forwarded-For to believe: a hop count or their addresses/CIDRs (default: none). */
  trustProxy?: TrustProxy;
  /** IPv6 clients are keyed by this prefix (default 64). */
  ipv6Subnet?: number;
  /** 'ietf' (default): RateLimit + RateLimit-Policy; 'legacy': X-RateLimit-*; false: none. */
  headers?: HeaderMode;
  /** when the store fails or times out: 'allow' (default) lets the request through, 'deny' answers 503. */
  onStoreError?: StoreErrorMode;
  /** live keys of the default MemoryStore (default 100 000). */
  maxKeys?: number;
  /** the clock passed to the store (default Date.now); for tests. */
  clock?: () => number;
  /** told about store failures (at most once per 10 s); default console.warn. */
  onError?: (error: unknown) => void;
}

/**
 * The keys of `rateLimit: { … }`; `satisfies` makes tsc fail when RateLimitOptions gains one.
 * A misspelt `limt` left no app-wide limit at all, silently.
 */
const RATE_LIMIT_OPTION_NAMES = Object.keys({
  limit: true, windowMs: true, name: true, algorithm: true, key: true, store: true, trustProxy: true, ipv6Subnet: true,
  headers: true, onStoreError: true, maxKeys: true, clock: true, onError: true,
} satisfies Record<keyof RateLimitOptions, true>);

type PerHandler = Map<Function, RouteLimits | null>;

const STORE_ERROR_LOG_INTERVAL_MS = 10_000;

export class RateLimitGuard implements CanActivate {
  private readonly store: RateLimitStore;
  private readonly ownsStore: boolean;
  private readonly clock: () => number;
  private readonly defaultKey: KeyFn;
  private readonly headers: HeaderMode;
  private readonly deny: boolean;
  private readonly compiler: PolicyCompiler;
  private readonly app: BoundPolicy | undefined;
  private readonly onError: (error: unknown) => void;
  private lastErrorLog = -Infinity;
  /** controller → handler → limits (null: not limited). Two identity lookups per request. */
  private readonly routes = new Map<Function, PerHandler>();
  private limitedRoutes = 0;

  constructor(options: RateLimitOptions = {}, defaults: { store?: () => RateLimitStore } = {}) {
    const o = options ?? {};
    const unknown = unknownKeyMessage(o, RATE_LIMIT_OPTION_NAMES, 'rateLimit');
    if (unknown !== undefined) throw new RateLimitConfigError(unknown);
    const algorithm = o.algorithm ?? 'sliding-log';
    this.compiler = new PolicyCompiler(algorithm);
    if (o.limit !== undefined || o.windowMs !== undefined) {
      const declaration = { name: o.name, limit: o.limit as number, windowMs: o.windowMs as number, algorithm };
      this.app = this.compiler.bind(declaration, APP_SCOPE, this);
    }
    this.headers = o.headers === undefined ? 'ietf' : o.headers;
    if (this.headers !== 'ietf' && this.headers !== 'legacy' && this.headers !== false) {
      throw new RateLimitConfigError(`rateLimit.headers must be 'ietf', 'legacy' or false, got ${String(o.headers)}`);
    }
    const mode = o.onStoreError ?? 'allow';
    if (mode !== 'allow' && mode !== 'deny') throw new RateLimitConfigError(`rateLimit.onStoreError must be 'allow' or 'deny', got ${String(mode)}`);
    this.deny = mode === 'deny';
    if (o.key !== undefined && typeof o.key !== 'function') throw new RateLimitConfigError('rateLimit.key must be a function (req) => string');
    if (o.store !== undefined && (o.store === null || typeof o.store.hit !== 'function')) {
      throw new RateLimitConfigError('rateLimit.store must have a hit(key, nowMs, policy) method (MemoryStore, ClusterStore, RedisStore)');
    }
    if (o.maxKeys !== undefined && o.store !== undefined) {
      // maxKeys sizes the MemoryStore made here; next to a store of the user's it sized nothing.
      throw new RateLimitConfigError('rateLimit.maxKeys sizes the default MemoryStore only; with a store of your own, size that store (new MemoryStore({ maxKeys })) and drop rateLimit.maxKeys');
    }
    const address: ClientAddressResolver = compileClientAddress({ trustProxy: o.trustProxy, ipv6Subnet: o.ipv6Subnet });
    const forwarded = o.trustProxy !== undefined && o.trustProxy !== false && o.trustProxy !== 0;
    this.defaultKey =
      o.key ?? (forwarded
        ? (req) => address.resolve(req.remoteAddress, req.header('x-forwarded-for'))
        : (req) => address.resolve(req.remoteAddress, undefined));
    this.ownsStore = o.store === undefined;
    // In a worker of `workers: N` the default store is the primary's, shared by every worker.
    this.store = o.store ?? defaults.store?.() ?? (isClusterWorker() ? new ClusterStore() : new MemoryStore({ maxKeys: o.maxKeys }));
    this.clock = o.clock ?? Date.now;
    this.onError = o.onError ?? ((error) => console.warn(`wirework rate limit: store failed, ${this.deny ? 'denying (503)' : 'letting requests through'}:`, error));
  }

  /**
   * The MemoryStore this guard created from its options (`maxKeys`), if any. Under `workers`
   * the primary serves no request: it counts its workers' hits in this store instead.
   */
  get memoryStore(): MemoryStore | undefined {
    return this.ownsStore && this.store instanceof MemoryStore ? this.store : undefined;
  }

  /** true once a compiled route is limited: the composition layer installs the guard only then. */
  get active(): boolean {
    return this.limitedRoutes > 0;
  }

  /** Works out the route's limits once; false (not limited) keeps this guard out of its chain. */
  compileRoute(route: RouteInfo): boolean {
    let perHandler = this.routes.get(route.controller);
    if (!perHandler) this.routes.set(route.controller, (perHandler = new Map()));
    const known = perHandler.get(route.handler);
    if (known !== undefined) return known !== null;
    const limits = this.compiler.routeLimits(route, this.app) ?? null;
    perHandler.set(route.handler, limits);
    if (limits) this.limitedRoutes++;
    return limits !== null;
  }

  canActivate(context: ExecutionContext): boolean | Promise<boolean> {
    const limits = this.routes.get(context.getClass())?.get(context.getHandler());
    if (!limits) return true;
    const req = context.getRequest();
    const res = context.getResponse();
    const now = this.clock();
    const bound = limits.bound;
    if (bound.length === 1) {
      // The common case, kept free of arrays and closures.
      const key = this.keyOf(bound[0], req);
      if (typeof key !== 'string') return key.then((k) => this.hitOne(limits, k, res, now));
      return this.hitOne(limits, key, res, now);
    }
    return this.evaluate(limits, req, res, now, 0, new Array<HitResult | undefined>(bound.length), undefined);
  }

  /** Releases the store this guard created (its sweep timer, its IPC listener). */
  async close(): Promise<void> {
    if (this.ownsStore) await this.store.close?.();
  }

  /**
   * The client's key under `b`, or a promise of it (an async key function). What the function
   * throws is not caught: it is the app's answer (an UnauthorizedException answers 401), not a
   * store failure — taken for one, it let the request through unlimited under 'allow'.
   */
  private keyOf(b: BoundPolicy, req: Request): string | Promise<string> {
    const key = b.key ? b.key(req) : this.defaultKey(req);
    if (typeof key === 'string') return key;
    const owner = b.key ? b.keyOwner : 'rateLimit.key';
    if (isPromise(key)) return key.then((k) => checkedKey(k, owner));
    return checkedKey(key, owner);
  }

  private hitOne(limits: RouteLimits, key: string, res: Response, now: number): boolean | Promise<boolean> {
    let result: HitResult | Promise<HitResult>;
    try {
      result = this.store.hit(key, now, limits.bound[0].policy);
    } catch (error) {
      return this.storeFailed(error);
    }
    if (isPromise(result)) {
      return result.then((r) => this.decideOne(limits, r, res, now), (error: unknown) => this.storeFailed(error));
    }
    return this.decideOne(limits, result, res, now);
  }

  private decideOne(limits: RouteLimits, r: HitResult, res: Response, now: number): boolean {
    if (!isHitResult(r)) return this.storeFailed(malformedResult(r));
    const limit = limits.bound[0].policy.limit;
    if (this.headers === 'ietf') {
      res.setHeader('RateLimit-Policy', limits.headers.policy);
      res.setHeader('RateLimit', limits.headers.itemPrefixes[0] + remainingOf(r, limit) + ';t=' + ceilSeconds(r.resetMs));
    } else if (this.headers === 'legacy') {
      this.legacy(res, r, limit, now);
    }
    if (!r.allowed) this.reject(res, limits.bound[0], r);
    return true;
  }

  /**
   * Several policies: hit them in order (shortest window first) and stop at the first refusal, so
   * a refused request does not also spend the longer windows' quota. Continues asynchronously
   * only from the first key or store answer that is a promise; `key` is the resolved key of
   * policy `from` when an async key function already gave it.
   */
  private evaluate(
    limits: RouteLimits, req: Request, res: Response, now: number, from: number, results: Array<HitResult | undefined>, key: string | undefined,
  ): boolean | Promise<boolean> {
    const bound = limits.bound;
    for (let i = from; i < bound.length; i++) {
      const k = i === from && key !== undefined ? key : this.keyOf(bound[i], req);
      if (typeof k !== 'string') return k.then((resolved) => this.evaluate(limits, req, res, now, i, results, resolved));
      let result: HitResult | Promise<HitResult>;
      try {
        result = this.store.hit(k, now, bound[i].policy);
      } catch (error) {
        this.storeFailed(error);
        continue; // 'allow': this policy is skipped
      }
      if (isPromise(result)) {
        return result.then(
          (r) => {
            if (!isHitResult(r)) {
              this.storeFailed(malformedResult(r));
              return this.evaluate(limits, req, res, now, i + 1, results, undefined);
            }
            results[i] = r;
            return r.allowed ? this.evaluate(limits, req, res, now, i + 1, results, undefined) : this.decideMany(limits, results, res, now);
          },
          (error: unknown) => {
            this.storeFailed(error);
            return this.evaluate(limits, req, res, now, i + 1, results, undefined);
          },
        );
      }
      if (!isHitResult(result)) {
        this.storeFailed(malformedResult(result));
        continue;
      }
      results[i] = result;
      if (!result.allowed) break;
    }
    return this.decideMany(limits, results, res, now);
  }

  private decideMany(limits: RouteLimits, results: ReadonlyArray<HitResult | undefined>, res: Response, now: number): boolean {
    let rejected = -1;
    let tightest = -1;
    let tightestRemaining = 0;
    let header = '';
    for (let i = 0; i < results.length; i++) {
      const r = results[i];
      if (r === undefined) continue; // not reached (an earlier policy refused) or its store failed
      const remaining = remainingOf(r, limits.bound[i].policy.limit);
      if (this.headers === 'ietf') {
        header += (header === '' ? '' : ', ') + limits.headers.itemPrefixes[i] + remaining + ';t=' + ceilSeconds(r.resetMs);
      }
      if (!r.allowed && rejected < 0) rejected = i;
      if (tightest < 0 || remaining < tightestRemaining) {
        tightest = i;
        tightestRemaining = remaining;
      }
    }
    if (this.headers === 'ietf') {
      res.setHeader('RateLimit-Policy', limits.headers.policy);
      if (header !== '') res.setHeader('RateLimit', header);
    } else if (this.headers === 'legacy' && tightest >= 0) {
      const shown = rejected >= 0 ? rejected : tightest;
      this.legacy(res, results[shown]!, limits.bound[shown].policy.limit, now);
    }
    if (rejected >= 0) this.reject(res, limits.bound[rejected], results[rejected]!);
    return true;
  }

  private legacy(res: Response, r: HitResult, limit: number, now: number): void {
    res.setHeader('X-RateLimit-Limit', limit);
    res.setHeader('X-RateLimit-Remaining', remainingOf(r, limit));
    // Unix seconds, as GitHub and express-rate-limit send it. A reset a custom store could not
    // give (NaN, undefined, Infinity) counts as now: the field stays a number, never "NaN".
    const resetMs = Number.isFinite(r.resetMs) && r.resetMs > 0 ? r.resetMs : 0;
    res.setHeader('X-RateLimit-Reset', Math.ceil((now + resetMs) / 1000));
  }

  /** RFC 9110 §10.2.3: Retry-After in delay-seconds; rounded up, so waiting it is always enough. */
  private reject(res: Response, b: BoundPolicy, r: HitResult): never {
    const seconds = Math.max(1, ceilSeconds(r.resetMs));
    res.setHeader('Retry-After', seconds);
    const p = b.policy;
    throw new TooManyRequestsException(
      `Rate limit exceeded: ${p.limit} requests per ${describeWindow(p.windowMs)} (policy "${p.name}"). Retry in ${seconds} s.`,
    );
  }

  private storeFailed(error: unknown): boolean {
    const now = Date.now();
    if (now - this.lastErrorLog >= STORE_ERROR_LOG_INTERVAL_MS) {
      this.lastErrorLog = now;
      this.onError(error);
    }
    if (this.deny) {
      throw new ServiceUnavailableException('The rate limiter cannot reach its store; try again shortly.', { cause: error });
    }
    return true;
  }
}

function isPromise<T>(value: T | Promise<T>): value is Promise<T> {
  return typeof (value as Promise<T>)?.then === 'function';
}

/** A string key as is, a number as its digits; anything else is no key (see RateLimitKeyError). */
function checkedKey(key: unknown, owner: string): string {
  if (typeof key === 'string') return key;
  if (typeof key === 'number' || typeof key === 'bigint') return String(key);
  throw new RateLimitKeyError(owner, key);
}

/**
 * What the guard needs of a store's answer: an object whose `allowed` is a boolean. Anything
 * else (undefined, null, `allowed: 'false'` from a store that forwards Redis strings) is a
 * store failure for `onStoreError` — it was a 500, or a truthy string let the request through.
 */
function isHitResult(r: unknown): r is HitResult {
  return typeof r === 'object' && r !== null && typeof (r as HitResult).allowed === 'boolean';
}

function malformedResult(r: unknown): RateLimitStoreError {
  let shown: string;
  try {
    shown = JSON.stringify(r) ?? String(r);
  } catch {
    shown = String(r);
  }
  return new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_FAILED', `the store's hit() answered ${shown.slice(0, 200)}, not { allowed: boolean, remaining, resetMs, limit }`);
}

function describeWindow(ms: number): string {
  if (ms % 3_600_000 === 0) return ms === 3_600_000 ? 'hour' : `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return ms === 60_000 ? 'minute' : `${ms / 60_000} minutes`;
  if (ms % 1_000 === 0) return ms === 1_000 ? 'second' : `${ms / 1_000} seconds`;
  return `${ms} ms`;
}

/** What the composition layer calls for `createServer(..., { rateLimit })`. */
export function createRateLimitGuard(options: RateLimitOptions = {}, defaults: { store?: () => RateLimitStore } = {}): RateLimitGuard {
  return new RateLimitGuard(options, defaults);
}
