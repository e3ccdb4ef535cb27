import { expect } from 'chai';
import fc from 'fast-check';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { SlidingLog } from '../../src/rate-limit/sliding-log';
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

  it('stays exact while its ring grows, wraps and grows again under limits in the hundreds', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 9, max: 300 }), fc.integer({ min: 5, max: 40 }).chain((W) => fc.tuple(fc.constant(W), fc.array(fc.integer({ min: 0, max: W * 6 }), { minLength: 50, maxLength: 900 }).map((t) => t.sort((a, b) => a - b)))), async (limit, [W, times]) => {
        const store = new MemoryStore({ idleSweep: false });
        await checkExactLog(store, 'k', times, limit, W);
      }),
      { numRuns: 150 },
    );
  });

  it('doubles its ring when full, so a key near its peak rate does not copy the ring per hit', () => {
    const log = new SlidingLog(0);
    const lengths = new Set<number>();
    // 1 000 hits a millisecond apart in a 300 ms window: the ring wraps as old hits leave, and
    // fills whenever a hit finds no slot freed
    for (let t = 1; t < 1000; t++) {
      log.hit(t, 10_000, 300);
      lengths.add(log.ts.length);
    }
    expect([...lengths]).to.deep.equal([4, 8, 16, 32, 64, 128, 256, 512]);
    expect(log.size).to.equal(300);
  });

  it('grows its ring to exactly limit slots, never past it', () => {
    const log = new SlidingLog(0);
    for (let t = 1; t < 500; t++) log.hit(t, 100, 1_000_000);
    expect(log.ts.length).to.equal(100);
    expect(log.size).to.equal(100);
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
