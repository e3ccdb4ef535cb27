/**
 * The response fields a limited route sends on every response.
 *
 * 'ietf' — draft-ietf-httpapi-ratelimit-headers (-08 and later), Structured Field Lists
 * (RFC 9651), one member per policy:
 *     RateLimit-Policy: "burst";q=10;w=1, "hourly";q=1000;w=3600
 *     RateLimit: "burst";r=7;t=1, "hourly";r=993;t=3412
 * q = quota, w = window in seconds, r = remaining, t = seconds until more quota is available.
 * 'legacy' — X-RateLimit-Limit / -Remaining / -Reset (Unix seconds) of the most constrained policy.
 *
 * The Policy string is fixed per route, so it is built once here; per request only the numbers
 * of `RateLimit` are appended to precomputed prefixes.
 */
import type { RateLimitPolicy } from './types';

export type HeaderMode = 'ietf' | 'legacy' | false;

/** An sf-string (RFC 9651 §3.3.3): printable ASCII, with `"` and `\` escaped. */
export function sfString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) {
      throw new TypeError(`rate-limit policy name ${JSON.stringify(value)} must be printable ASCII`);
    }
    out += c === 0x22 || c === 0x5c ? '\\' + value[i] : value[i];
  }
  return out + '"';
}

/** Whole seconds of a window, at least 1 (the draft's w is an integer ≥ 1). */
export function windowSeconds(windowMs: number): number {
  return Math.max(1, Math.ceil(windowMs / 1000));
}

/** The largest sf-integer (RFC 9651 §3.3.1: at most 15 digits). */
export const SF_INTEGER_MAX = 999_999_999_999_999;

/**
 * Seconds until `ms` from now, rounded up so that waiting it is always enough. What a store
 * answers is not trusted to be a finite number (a custom store, a reply over IPC or from Redis):
 * NaN or undefined is 0 rather than `t=NaN` / `Retry-After: NaN`, and the result never exceeds
 * an sf-integer.
 */
export function ceilSeconds(ms: number): number {
  if (!(ms > 0)) return 0;
  const s = Math.ceil(ms / 1000);
  return s < SF_INTEGER_MAX ? s : SF_INTEGER_MAX;
}

/**
 * `r` of RateLimit (and X-RateLimit-Remaining): a non-negative integer, at most the quota.
 * A custom store's NaN, -3 or 2.5 would make the field unparseable (`r=NaN`) or a lie.
 */
export function remainingOf(r: { readonly remaining: number }, limit: number): number {
  const n = r.remaining;
  if (!(n > 0)) return 0;
  return n < limit ? Math.floor(n) : limit;
}

export interface CompiledHeaders {
  /** `RateLimit-Policy` value (ietf), fixed per route. */
  readonly policy: string;
  /** per policy, `"name";r=` — the number and `;t=` follow per request. */
  readonly itemPrefixes: readonly string[];
}

export function compileHeaders(policies: readonly RateLimitPolicy[]): CompiledHeaders {
  const names = policies.map((p) => sfString(p.name));
  return {
    policy: policies.map((p, k) => `${names[k]};q=${p.limit};w=${windowSeconds(p.windowMs)}`).join(', '),
    itemPrefixes: names.map((n) => `${n};r=`),
  };
}
