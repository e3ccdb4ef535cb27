/**
 * The exact limiter: per key, a ring of the timestamps of the hits it let through that are
 * still inside the window. A hit passes iff fewer than `limit` are left after dropping those
 * at or before `now - windowMs` — so ANY half-open interval of `windowMs` contains at most
 * `limit` accepted hits, whatever the arrival pattern (no window edge to burst across).
 *
 * Work per hit is O(1) amortised: each timestamp enters the ring once and leaves once.
 * The ring is a plain array of doubles (V8 stores them unboxed, 8 bytes each, like a
 * Float64Array) that doubles when full, up to `limit` slots: a key seen once — the usual case
 * in a flood of distinct keys — costs one slot, not 8·limit bytes. We measured a Float64Array four times
 * slower to allocate than a small double array, and a flood allocates one per new key.
 */
import type { HitResult } from './types';

export class SlidingLog {
  /** accepted timestamps, oldest at `head`, non-decreasing around the ring; length ≤ limit. */
  ts: number[];
  head = 0;
  size = 1;

  /** A log is created by its first hit, which always passes. */
  constructor(now: number) {
    this.ts = [now];
  }

  hit(now: number, limit: number, windowMs: number): HitResult {
    let ts = this.ts;
    let cap = ts.length;
    let head = this.head;
    let size = this.size;
    if (size > 0) {
      // A clock that steps back (NTP, another worker's slightly older `now`) must not break the
      // ring's order: treat the hit as happening at the newest time already counted.
      const last = head + size - 1;
      const newest = ts[last < cap ? last : last - cap];
      if (now < newest) now = newest;
      const boundary = now - windowMs;
      while (size > 0 && ts[head] <= boundary) {
        head = head + 1 === cap ? 0 : head + 1;
        size--;
      }
    }
    if (size >= limit) {
      this.head = head;
      this.size = size;
      return { allowed: false, remaining: 0, resetMs: ts[head] + windowMs - now, limit };
    }
    if (size === cap) {
      // Full ring below `limit`: unroll it (oldest first) into one twice as long (at most
      // `limit` slots). Growing by doubling keeps the copies O(1) amortised: a ring grown one
      // slot at a time was copied whole on every hit that found it full, which under a hot key
      // near its peak rate is most hits (a 40 000-slot copy each).
      const grown = Math.min(limit, cap < 4 ? 4 : cap * 2);
      const next = head === 0 ? ts.slice() : ts.slice(head).concat(ts.slice(0, head));
      for (let i = size; i < grown; i++) next.push(0);
      ts = this.ts = next;
      head = 0;
      ts[size] = now;
    } else {
      const tail = head + size;
      ts[tail < cap ? tail : tail - cap] = now;
    }
    size++;
    this.head = head;
    this.size = size;
    return { allowed: true, remaining: limit - size, resetMs: ts[head] + windowMs - now, limit };
  }

  /** The answer for the hit that created this log. */
  static first(limit: number, windowMs: number): HitResult {
    return { allowed: true, remaining: limit - 1, resetMs: windowMs, limit };
  }
}
