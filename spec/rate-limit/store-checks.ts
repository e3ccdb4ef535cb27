/** Store-independent checks shared by the MemoryStore and RedisStore specs. */
import { expect } from 'chai';
import fc from 'fast-check';
import { compilePolicy } from '../../src/rate-limit/policy';
import type { HitResult, RateLimitStore } from '../../src/rate-limit/types';

/** Arrival times (ms, non-decreasing) built from random gaps: bursts, pauses, exact edges. */
export const arrivals = (W: number, maxLen = 200) =>
  fc.array(fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: W }), fc.constant(W), fc.integer({ min: 0, max: 3 * W })), { minLength: 1, maxLength: maxLen })
    .map((gaps) => { let t = 1_000; return gaps.map((g) => (t += g)); });

/**
 * Checks one run of the exact log against a reference model (the plain list of accepted
 * times): the same verdict, remaining and reset on every hit, and no `limit + 1` accepted hits
 * in any interval shorter than W.
 */
export async function checkExactLog(store: RateLimitStore, key: string, times: number[], limit: number, W: number): Promise<void> {
  const policy = compilePolicy({ limit, windowMs: W }, `spec:${key}`);
  const accepted: number[] = [];
  for (const t of times) {
    const r: HitResult = await store.hit(key, t, policy);
    const inWindow = accepted.filter((a) => a > t - W);
    const expectAllowed = inWindow.length < limit;
    expect(r.allowed, `hit at ${t}: ${inWindow.length} accepted in (t-W, t]`).to.equal(expectAllowed);
    if (r.allowed) accepted.push(t);
    const counted = r.allowed ? [...inWindow, t] : inWindow;
    expect(r.remaining).to.equal(limit - counted.length);
    // resetMs: until the oldest counted hit leaves the window — exactly when one more passes.
    expect(r.resetMs).to.equal(counted[0] + W - t);
  }
  for (let i = 0; i + limit < accepted.length; i++) {
    expect(accepted[i + limit] - accepted[i], `accepted ${i}..${i + limit}`).to.be.at.least(W);
  }
}

/**
 * The documented bound of the two-counter window: in any interval of length L < W at most
 * `limit + floor(limit·L/W)` hits pass; a fresh key gets its full limit; and a rejection's
 * resetMs is enough (a hit that late passes when nothing else happened).
 */
export async function checkWindowBound(store: RateLimitStore, key: string, times: number[], limit: number, W: number): Promise<HitResult[]> {
  const policy = compilePolicy({ limit, windowMs: W, algorithm: 'sliding-window' }, `spec:${key}`);
  const accepted: number[] = [];
  const results: HitResult[] = [];
  for (const t of times) {
    const r = await store.hit(key, t, policy);
    results.push(r);
    if (r.allowed) accepted.push(t);
    expect(r.remaining).to.be.within(0, limit - 1);
    if (!r.allowed) expect(r.resetMs).to.be.greaterThan(0);
  }
  for (let i = 0; i < accepted.length; i++) {
    for (let j = i; j < accepted.length && accepted[j] - accepted[i] < W; j++) {
      const L = accepted[j] - accepted[i];
      expect(j - i + 1, `${j - i + 1} accepted in [${accepted[i]}, ${accepted[j]}]`).to.be.at.most(limit + Math.floor((limit * L) / W));
    }
  }
  return results;
}
