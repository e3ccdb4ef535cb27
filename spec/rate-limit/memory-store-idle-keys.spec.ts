import { expect } from 'chai';
import fc from 'fast-check';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { SlidingWindowCounter } from '../../src/rate-limit/sliding-window';

/** Arrival times whose gaps favour the dangerous idle spans: bursts, and one to two windows of silence. */
const idleArrivals = (W: number) =>
  fc.array(fc.oneof(fc.integer({ min: 0, max: 3 }), fc.integer({ min: W - 1, max: 2 * W + 1 })), { minLength: 2, maxLength: 60 })
    .map((gaps) => { let t = 1_000; return gaps.map((g) => (t += g)); });

/**
 * Idle-key eviction must change no answer. Found by the Redis-vs-memory property in CI: the
 * memory store forgot a sliding-window count after one idle window, though it still weighs on
 * the next one, and let through a hit the same counter on Redis refused.
 */
describe('MemoryStore idle keys', () => {
  it('still refuses a hit that the previous window\'s count forbids after a window of silence', () => {
    const policy = compilePolicy({ limit: 1, windowMs: 27, algorithm: 'sliding-window' }, 'spec');
    const store = new MemoryStore({ idleSweep: false });
    const verdicts = [1018, 1045, 1047, 1053, 1099].map((t) => store.hit('k', t, policy).allowed);
    // 1099 is 19 ms into its window; the previous window (1053's) still weighs 8/27 of one hit.
    expect(verdicts).to.deep.equal([true, false, false, true, false]);
    store.close();
  });

  it('answers every sliding-window hit as a counter that never forgets would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 40 }).chain((W) => fc.tuple(fc.constant(W), idleArrivals(W))), (limit, [W, times]) => {
        const policy = compilePolicy({ limit, windowMs: W, algorithm: 'sliding-window' }, 'spec');
        const store = new MemoryStore({ idleSweep: false });
        const reference = new SlidingWindowCounter();
        for (const t of times) expect(store.hit('k', t, policy)).to.deep.equal(reference.hit(t, limit, W));
        store.close();
      }),
      { numRuns: 200 },
    );
  });

  it('answers every sliding-log hit as a log that never forgets would', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 40 }).chain((W) => fc.tuple(fc.constant(W), idleArrivals(W))), (limit, [W, times]) => {
        const policy = compilePolicy({ limit, windowMs: W }, 'spec');
        const store = new MemoryStore({ idleSweep: false });
        const accepted: number[] = [];
        for (const t of times) {
          const inWindow = accepted.filter((a) => a > t - W).length;
          expect(store.hit('k', t, policy).allowed, `hit at ${t}`).to.equal(inWindow < limit);
          if (inWindow < limit) accepted.push(t);
        }
        store.close();
      }),
      { numRuns: 200 },
    );
  });
});
