/**
 * Shares counts between machines through Redis: one atomic Lua script per hit (EVALSHA; when
 * the server answers NOSCRIPT — after a restart, a failover or SCRIPT FLUSH — one EVAL of the
 * source, which caches it on the very node that holds the key).
 *
 * Time: by default the script reads the Redis server's clock (`TIME`), so machines whose clocks
 * disagree still share one timeline — a skewed machine could otherwise count a hit minutes in
 * the past or future. `time: 'caller'` uses the `now` the guard passes (tests with an injected
 * clock; single-machine setups).
 *
 * A Redis that does not answer within `timeoutMs` rejects the hit with RateLimitStoreError; the
 * guard then applies `onStoreError` ('allow' by default), so a dead Redis never hangs a request.
 * While the client is not connected — before its first connection too — or after a hit timed
 * out until a probe gets an answer, hits fail at once: they are never queued to run late. The
 * one exception is an ioredis client made with `lazyConnect`, which waits for a command to
 * connect: the first hit connects it, and the hits that arrive meanwhile wait for that
 * connection (within timeoutMs) before they are sent.
 */
import { createHash, randomBytes } from 'node:crypto';
import { adaptRedisClient, isNoScriptError, type RedisScriptRunner } from './redis-adapter';
import { SLIDING_LOG_SCRIPT, SLIDING_WINDOW_SCRIPT } from './redis-scripts';
import { windowResult } from './sliding-window';
import { RateLimitConfigError, RateLimitStoreError } from './errors';
import type { HitResult, RateLimitPolicy, RateLimitStore } from './types';

export interface RedisStoreOptions {
  /**
   * a connected node-redis or ioredis client (or a RedisScriptRunner); hits fail at once until
   * it is ready, except that an ioredis `lazyConnect` client is connected by the first hit.
   */
  client: unknown;
  /** key prefix (default 'ww:rl'); keys are `{prefix:policy:key}`, hash-tagged for Redis Cluster. */
  prefix?: string;
  /** ms to wait for an answer before giving up (default 500). */
  timeoutMs?: number;
  /** whose clock decides the windows: the Redis server's (default) or the caller's `now`. */
  time?: 'redis' | 'caller';
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash('sha1').update(source).digest('hex') };
}

/**
 * With `time: 'caller'` keys live this much longer than their window: the callers' clocks (or an
 * injected test clock) need not agree with the clock Redis expires keys by. Stale entries are
 * still dropped by the script, so the margin costs memory, never accuracy.
 */
const CALLER_TTL_MARGIN = '60000';

const LOG = script(SLIDING_LOG_SCRIPT);
const WINDOW = script(SLIDING_WINDOW_SCRIPT);

export class RedisStore implements RateLimitStore {
  private readonly redis: RedisScriptRunner;
  private readonly prefix: string;
  private readonly timeoutMs: number;
  private readonly callerTime: boolean;
  /** unique per process and hit, so equal timestamps stay distinct sorted-set members. */
  private readonly instance = randomBytes(6).toString('base64url');
  private seq = 0;
  /** the first connection of a lazyConnect client, started by a hit and not settled yet. */
  private connecting: Promise<void> | undefined;
  /** a hit timed out, and Redis has not answered since. */
  private stalled = false;
  private probing = false;

  constructor(options: RedisStoreOptions) {
    this.redis = adaptRedisClient(options.client);
    this.prefix = options.prefix ?? 'ww:rl';
    this.timeoutMs = options.timeoutMs ?? 500;
    if (!(this.timeoutMs > 0)) throw new RateLimitConfigError(`RedisStore timeoutMs must be > 0, got ${String(options.timeoutMs)}`);
    const time = options.time ?? 'redis';
    if (time !== 'redis' && time !== 'caller') throw new RateLimitConfigError(`RedisStore time must be 'redis' or 'caller', got ${String(time)}`);
    this.callerTime = time === 'caller';
  }

  /** The Redis key of one bucket. Exposed for tests and operators (`redis-cli --scan`). */
  keyFor(key: string, policy: RateLimitPolicy): string {
    return `{${this.prefix}:${policy.id}:${key}}`;
  }

  async hit(key: string, nowMs: number, policy: RateLimitPolicy): Promise<HitResult> {
    const { limit, windowMs } = policy;
    const now = this.callerTime ? String(nowMs) : '';
    const ttlExtra = this.callerTime ? CALLER_TTL_MARGIN : '0';
    const redisKey = this.keyFor(key, policy);
    if (policy.algorithm === 'sliding-window') {
      const r = (await this.run(WINDOW, redisKey, [String(limit), String(windowMs), now, ttlExtra])) as number[];
      return windowResult(Number(r[0]) === 1, Number(r[1]), Number(r[2]), Number(r[3]), limit, windowMs);
    }
    const member = `${this.instance}:${(this.seq = (this.seq + 1) % Number.MAX_SAFE_INTEGER)}`;
    const r = (await this.run(LOG, redisKey, [String(limit), String(windowMs), now, ttlExtra, member])) as number[];
    return { allowed: Number(r[0]) === 1, remaining: Number(r[1]), resetMs: Math.max(0, Number(r[2])), limit };
  }

  async reset(key: string, policy: RateLimitPolicy): Promise<void> {
    // DEL through a script keeps the adapter at two calls.
    await this.run(DEL, this.keyFor(key, policy), []);
  }

  private run(s: Script, key: string, args: string[]): Promise<unknown> {
    // node-redis and ioredis queue the commands of a client that is not connected and send
    // them all once it is: the hits of a whole outage, which onStoreError already decided,
    // would then count at once and refuse clients that sent nothing since — and the queue
    // grows while the outage lasts. So a hit fails at once while the client is not ready, as
    // the timeout it would meet. That holds for a first connection too (an ioredis client
    // connects in the background, and a Redis down at deploy time is an outage like any).
    if (this.redis.isReady?.() === false) {
      // A lazyConnect client connects on its first command: one queued that way would wait
      // for a Redis that may be down, so the hit waits for the connection, not in the queue.
      const connecting = this.connecting ?? this.connectLazily();
      if (connecting === undefined) return Promise.reject(notConnected());
      return withTimeout(connecting, this.timeoutMs).then(() => this.runWhenReady(s, key, args));
    }
    return this.runWhenReady(s, key, args);
  }

  /** Starts the first connection of a lazyConnect client; undefined when there is none to start. */
  private connectLazily(): Promise<void> | undefined {
    const started = this.redis.connectLazily?.();
    if (started === undefined) return undefined;
    const connecting = Promise.resolve(started).then(
      () => undefined,
      (error: unknown) => {
        throw notConnected(`its first connection failed: ${String((error as Error)?.message ?? error)}`, error);
      },
    );
    this.connecting = connecting;
    const settled = () => {
      if (this.connecting === connecting) this.connecting = undefined;
    };
    connecting.then(settled, settled);
    return connecting;
  }

  private runWhenReady(s: Script, key: string, args: string[]): Promise<unknown> {
    if (this.redis.isReady?.() === false) return Promise.reject(notConnected());
    // A Redis that stopped answering (a fork, a slow command, a lost network) still gets every
    // command sent, to run late, all at once: again counted hits that were already decided,
    // and each request waiting timeoutMs. So after a timeout, hits fail at once while a probe
    // that counts nothing checks whether Redis answers again.
    if (this.stalled) {
      this.probe(key);
      return Promise.reject(new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_TIMEOUT', 'Redis stopped answering; not waiting for it until it answers again'));
    }
    const call = withTimeout(this.evalWithReload(s, key, args), this.timeoutMs);
    call.then(() => (this.stalled = false), (error: RateLimitStoreError) => (this.stalled = error.code === 'WW_ERR_RATE_LIMIT_STORE_TIMEOUT'));
    return call;
  }

  /** One at a time, started by the hits themselves (no timer); `key` routes it in a Redis Cluster. */
  private probe(key: string): void {
    if (this.probing) return;
    this.probing = true;
    withTimeout(this.evalWithReload(PING, key, []), this.timeoutMs).then(
      () => { this.stalled = this.probing = false; },
      () => { this.probing = false; },
    );
  }

  private async evalWithReload(s: Script, key: string, args: string[]): Promise<unknown> {
    try {
      return await this.redis.evalSha(s.sha, [key], args);
    } catch (error) {
      if (!isNoScriptError(error)) {
        throw new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_FAILED', `Redis rejected the rate-limit script: ${String((error as Error)?.message ?? error)}`, { cause: error });
      }
      // EVAL goes to the node of the key; SCRIPT LOAD has no key, and in a Redis Cluster may
      // load the script on another node, where the retried EVALSHA would meet NOSCRIPT again.
      if (this.redis.eval !== undefined) return this.redis.eval(s.source, [key], args);
      await this.redis.scriptLoad(s.source);
      return this.redis.evalSha(s.sha, [key], args);
    }
  }
}

function notConnected(why = 'not waiting for it', cause?: unknown): RateLimitStoreError {
  return new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_TIMEOUT', `the Redis client is not connected (or not yet); ${why}`, cause === undefined ? undefined : { cause });
}

const DEL = script(`return redis.call('DEL', KEYS[1])`);
const PING = script(`return 1`);

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_TIMEOUT', `Redis did not answer within ${ms} ms`));
    }, ms);
    promise.then(
      (value) => { clearTimeout(timer); resolve(value); },
      (error) => {
        clearTimeout(timer);
        reject(error instanceof RateLimitStoreError ? error : new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_FAILED', `Redis call failed: ${String(error?.message ?? error)}`, { cause: error }));
      },
    );
  });
}
