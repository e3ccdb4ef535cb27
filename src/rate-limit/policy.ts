/**
 * From what the user wrote (`@RateLimit({ limit, windowMs, ... })`) to a validated, frozen
 * RateLimitPolicy. Runs at bootstrap only; a bad option is a RateLimitConfigError naming where
 * it was declared.
 */
import { RateLimitConfigError } from './errors';
import type { RateLimitAlgorithm, RateLimitPolicy } from './types';

export interface RateLimitPolicyOptions {
  /** shown in the RateLimit headers and used to override a class-level policy of the same name. */
  name?: string;
  /** requests let through per window and key (integer, 1 to MAX_LIMIT). */
  limit: number;
  /** window length in ms (safe integer ≥ 1). */
  windowMs: number;
  /** 'sliding-log' (default, exact) or 'sliding-window' (O(1) memory, approximate). */
  algorithm?: RateLimitAlgorithm;
}

export const DEFAULT_POLICY_NAME = 'default';
/** the scope of the app-wide policy (RateLimitGuard binds it under this name). */
export const APP_SCOPE = 'app';
/** how messages name the app-wide policy: there is no decorator to point at. */
export const APP_POLICY_LABEL = 'the app-wide rateLimit option';
/**
 * The largest quota: `q` of RateLimit-Policy and `r` of RateLimit are sf-integers, at most 15
 * digits (RFC 9651 §3.3.1). Past it the field would be unparseable (`q=1e+300` for a
 * `limit: Number.MAX_VALUE` meant as "unlimited").
 */
export const MAX_LIMIT = 999_999_999_999_999;
/** A sliding log keeps up to `limit` timestamps per key; past this, use 'sliding-window'. */
export const MAX_LOG_LIMIT = 1_000_000;

/**
 * @param scope where the policy was declared (APP_SCOPE, 'UsersController', 'UsersController.list');
 *        part of the id, so two declarations never share a bucket by accident while every
 *        process running the same code derives the same id.
 */
export function compilePolicy(options: RateLimitPolicyOptions, scope: string, defaultAlgorithm: RateLimitAlgorithm = 'sliding-log'): RateLimitPolicy {
  const where = scope === APP_SCOPE ? APP_POLICY_LABEL : `@RateLimit on ${scope}`;
  if (options === null || typeof options !== 'object') throw new RateLimitConfigError(`${where}: expected { limit, windowMs }, got ${String(options)}`);
  const { limit, windowMs } = options;
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new RateLimitConfigError(`${where}: limit must be an integer >= 1 and <= ${MAX_LIMIT}, got ${String(limit)}`);
  }
  // A safe integer keeps `now - windowMs` and the counters' products exact; its seconds (the
  // `w` parameter) then also fit an sf-integer.
  if (!Number.isSafeInteger(windowMs) || windowMs < 1) {
    throw new RateLimitConfigError(`${where}: windowMs must be an integer >= 1 (milliseconds) and <= ${Number.MAX_SAFE_INTEGER}, got ${String(windowMs)}`);
  }
  const algorithm = options.algorithm ?? defaultAlgorithm;
  if (algorithm !== 'sliding-log' && algorithm !== 'sliding-window') {
    throw new RateLimitConfigError(`${where}: algorithm must be 'sliding-log' or 'sliding-window', got ${String(algorithm)}`);
  }
  if (algorithm === 'sliding-log' && limit > MAX_LOG_LIMIT) {
    throw new RateLimitConfigError(`${where}: a sliding log of ${limit} timestamps per key is too large; use algorithm: 'sliding-window' above ${MAX_LOG_LIMIT}`);
  }
  const name = options.name ?? DEFAULT_POLICY_NAME;
  if (typeof name !== 'string' || name.length === 0 || !/^[\x20-\x7e]+$/.test(name)) {
    throw new RateLimitConfigError(`${where}: name must be a non-empty printable ASCII string, got ${JSON.stringify(name)}`);
  }
  return Object.freeze({ id: `${scope}:${name}:${limit}/${windowMs}:${algorithm}`, name, limit, windowMs, algorithm });
}
