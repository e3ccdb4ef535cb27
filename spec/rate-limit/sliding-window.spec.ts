import { expect } from 'chai';
import fc from 'fast-check';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { arrivals, checkWindowBound } from './store-checks';

describe('sliding window counter (MemoryStore)', () => {
  it('lets at most limit + floor(limit·L/W) hits through in any interval of length L < W', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 2, max: 60 }).chain((W) => fc.tuple(fc.constant(W), arrivals(W, 300))), async (limit, [W, times]) => {
        await checkWindowBound(new MemoryStore({ idleSweep: false }), 'k', times, limit, W);
      }),
      { numRuns: 300 },
    );
  });

  it('gives a fresh key its whole limit, counting remaining down to 0', () => {
    const store = new MemoryStore({ idleSweep: false });
    const policy = compilePolicy({ limit: 5, windowMs: 1000, algorithm: 'sliding-window' }, 'spec');
    const rs = [0, 1, 2, 3, 4, 5].map(() => store.hit('k', 10_500, policy));
    expect(rs.map((r) => r.allowed)).to.deep.equal([true, true, true, true, true, false]);
    expect(rs.map((r) => r.remaining)).to.deep.equal([4, 3, 2, 1, 0, 0]);
  });

  it('lets a hit through once resetMs has passed after a rejection, and not earlier', async () => {
    await fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.integer({ min: 10, max: 2000 }), arrivals(500, 60), (limit, W, times) => {
        const policy = compilePolicy({ limit, windowMs: W, algorithm: 'sliding-window' }, 'spec');
        const probe = (store: MemoryStore, t: number) => store.hit('k', t, policy);
        // replay `times` into two stores; at the first rejection, one waits resetMs, the other resetMs - 1
        const a = new MemoryStore({ idleSweep: false });
        const b = new MemoryStore({ idleSweep: false });
        for (const t of times) {
          const r = probe(a, t);
          probe(b, t);
          if (!r.allowed) {
            expect(probe(a, t + r.resetMs).allowed, `after ${r.resetMs} ms`).to.equal(true);
            if (r.resetMs > 1) expect(probe(b, t + r.resetMs - 1).allowed, `after ${r.resetMs - 1} ms`).to.equal(false);
            return;
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});
