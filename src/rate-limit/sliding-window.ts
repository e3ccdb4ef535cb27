/**
 * The O(1)-memory limiter (Cloudflare's "sliding window counter"): two counters per key, for
 * the current and the previous clock-aligned window, the previous one weighted by how much of
 * it the sliding window still covers. A hit passes iff
 *
 *     prev · (W − elapsed) / W + curr + 1 ≤ limit
 *
 * (compared as `prev·(W − elapsed) + (curr + 1)·W ≤ limit·W` to stay in integers for integer
 * clocks). Bound: in any interval of length L ≤ W at most `limit + ⌊limit·L/W⌋` hits pass — the
 * previous window's hits are discounted linearly, so up to `limit·L/W` more can slip through
 * than the exact log allows. It is not exact; `sliding-log` is.
 */
import type { HitResult } from './types';

export class SlidingWindowCounter {
  /** index of the current window: ⌊now / W⌋. */
  bucket = -1;
  prev = 0;
  curr = 0;

  hit(now: number, limit: number, windowMs: number): HitResult {
    let bucket = Math.floor(now / windowMs);
    if (bucket !== this.bucket) {
      if (bucket === this.bucket + 1) {
        this.prev = this.curr;
        this.curr = 0;
        this.bucket = bucket;
      } else if (bucket > this.bucket) {
        this.prev = 0;
        this.curr = 0;
        this.bucket = bucket;
      } else {
        // the clock stepped back into an older window: count the hit in the current one.
        bucket = this.bucket;
        now = bucket * windowMs;
      }
    }
    const elapsed = now - bucket * windowMs;
    const prev = this.prev;
    const curr = this.curr;
    const weighted = prev * (windowMs - elapsed);
    if (weighted + (curr + 1) * windowMs <= limit * windowMs) {
      this.curr = curr + 1;
      return windowResult(true, prev, curr + 1, elapsed, limit, windowMs);
    }
    return windowResult(false, prev, curr, elapsed, limit, windowMs);
  }
}

/**
 * The answer for counts `prev`/`curr` (after this hit) at `elapsed` ms into the current window.
 * Shared with RedisStore, whose script returns the raw counts. `resetMs`: while quota remains,
 * the time until the current window ends; at zero, the time until one more hit would pass.
 */
export function windowResult(allowed: boolean, prev: number, curr: number, elapsed: number, limit: number, W: number): HitResult {
  if (!allowed) return { allowed, remaining: 0, resetMs: waitMs(prev, curr, elapsed, limit, W), limit };
  const remaining = Math.max(0, Math.floor(limit - ((prev * (W - elapsed)) / W + curr)));
  return { allowed, remaining, resetMs: remaining > 0 ? W - elapsed : waitMs(prev, curr, elapsed, limit, W), limit };
}

/**
 * Milliseconds from `elapsed` until one more hit would pass, with the counts frozen (no further
 * hits). Rounded up to a whole ms so that waiting it really is enough.
 */
function waitMs(prev: number, curr: number, elapsed: number, limit: number, W: number): number {
  // Still in this window: need prev·(W − e) ≤ (limit − curr − 1)·W.
  if (curr + 1 <= limit) {
    const e = prev === 0 ? 0 : W - ((limit - curr - 1) * W) / prev;
    if (e < W) return Math.max(0, Math.ceil(e - elapsed));
  }
  // In the next window the current count becomes the weighted one: curr·(W − e) ≤ (limit − 1)·W.
  const e2 = curr === 0 ? 0 : Math.max(0, W - ((limit - 1) * W) / curr);
  return Math.ceil(W - elapsed + e2);
}
