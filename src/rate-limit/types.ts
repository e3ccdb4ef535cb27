/**
 * The shapes every rate-limit store and the guard share. A store answers one question per
 * request and policy: may this key pass now, and when does its next slot free?
 */

/** `sliding-log` is exact (a ring of accepted timestamps per key); `sliding-window` keeps two
 *  weighted counters per key (O(1) memory, bound `limit + ceil(limit·L/W)` in an interval L). */
export type RateLimitAlgorithm = 'sliding-log' | 'sliding-window';

/** One compiled limit, shared by every route it protects (one bucket per policy and key). */
export interface RateLimitPolicy {
  /** stable identity of the bucket, the same in every process and machine running the app. */
  readonly id: string;
  /** the name advertised in the RateLimit headers ('default' when none was given). */
  readonly name: string;
  readonly limit: number;
  readonly windowMs: number;
  readonly algorithm: RateLimitAlgorithm;
}

export interface HitResult {
  readonly allowed: boolean;
  /** requests the key may still make in the current window (0 on a rejection). */
  readonly remaining: number;
  /** milliseconds until one more request of this key would be let through (0: now). */
  readonly resetMs: number;
  readonly limit: number;
}

/**
 * A store counts hits. `hit` records an accepted hit and answers in one step (no separate
 * get/increment race). MemoryStore answers synchronously so the hot path allocates no promise.
 */
export interface RateLimitStore {
  hit(key: string, nowMs: number, policy: RateLimitPolicy): HitResult | Promise<HitResult>;
  /** forget everything about a key under a policy (tests, admin "unblock"). */
  reset?(key: string, policy: RateLimitPolicy): void | Promise<void>;
  /** release timers and connections the store opened itself. */
  close?(): void | Promise<void>;
}

/** What to do when the store cannot answer (Redis down, IPC timeout, key table full). */
export type StoreErrorMode = 'allow' | 'deny';
