import { expect } from 'chai';
import fc from 'fast-check';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { arrivals, checkExactLog } from './store-checks';

describe('sliding log (MemoryStore)', () => {
  it('never lets limit + 1 hits of one key through in any window, and rejects only when limit passed in the last window', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 50 }).chain((W) => fc.tuple(fc.constant(W), arrivals(W))), async (limit, [W, times]) => {
        const store = new MemoryStore({ idleSweep: false });
        await checkExactLog(store, 'k', times, limit, W);
      }),
      { numRuns: 300 },
    );
  });

  it('lets the next hit through exactly resetMs after a rejection and not one ms earlier', () => {
    const store = new MemoryStore({ idleSweep: false });
    const policy = compilePolicy({ limit: 3, windowMs: 1000 }, 'spec');
    store.hit('a', 0, policy);
    store.hit('a', 400, policy);
    store.hit('a', 700, policy);
    const rejected = store.hit('a', 800, policy);
    expect(rejected).to.deep.include({ allowed: false, remaining: 0, resetMs: 200 });
    expect(store.hit('a', 999, policy).allowed).to.equal(false);
    expect(store.hit('a', 1000, policy).allowed).to.equal(true);
  });

  it('counts a hit whose clock stepped back at the newest time already counted', () => {
    const store = new MemoryStore({ idleSweep: false });
    const policy = compilePolicy({ limit: 2, windowMs: 100 }, 'spec');
    store.hit('a', 500, policy);
    store.hit('a', 450, policy); // counted at 500
    expect(store.hit('a', 599, policy).allowed).to.equal(false);
    expect(store.hit('a', 600, policy).allowed).to.equal(true);
  });

  it('keeps keys apart and policies apart', () => {
    const store = new MemoryStore({ idleSweep: false });
    const p1 = compilePolicy({ limit: 1, windowMs: 100 }, 'A');
    const p2 = compilePolicy({ limit: 1, windowMs: 100 }, 'B');
    expect(store.hit('x', 0, p1).allowed).to.equal(true);
    expect(store.hit('x', 0, p1).allowed).to.equal(false);
    expect(store.hit('y', 0, p1).allowed).to.equal(true);
    expect(store.hit('x', 0, p2).allowed).to.equal(true);
  });

  it('grows a key ring past its initial capacity without losing order', () => {
    const store = new MemoryStore({ idleSweep: false });
    const policy = compilePolicy({ limit: 37, windowMs: 1000 }, 'spec');
    for (let i = 0; i < 37; i++) expect(store.hit('k', i * 10, policy).remaining).to.equal(36 - i);
    expect(store.hit('k', 999, policy).allowed).to.equal(false);
    const r = store.hit('k', 1000, policy);
    expect(r).to.deep.include({ allowed: true, remaining: 0, resetMs: 10 });
  });
});
