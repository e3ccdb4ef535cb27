import { expect } from 'chai';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { exposeGc } from '../support/gc';

describe('MemoryStore memory', () => {
  const policy = compilePolicy({ limit: 100, windowMs: 60_000 }, 'spec');

  it('keeps at most maxKeys live keys, and their memory, under a flood of a million distinct keys', () => {
    const gc = exposeGc();
    gc();
    const before = process.memoryUsage().heapUsed;
    const store = new MemoryStore({ maxKeys: 100_000, idleSweep: false });
    let peak = 0;
    for (let i = 0; i < 1_000_000; i++) {
      store.hit(`k${i}`, 1_000 + i / 1000, policy); // a million keys in under one window
      if ((i & 4095) === 0 && store.size > peak) peak = store.size;
    }
    expect(Math.max(peak, store.size)).to.be.at.most(100_000);
    expect(store.evictions).to.equal(900_000);
    gc();
    // 100 000 retained keys at ≈ 150 B of state plus their key strings: far below 1 KiB each
    const retained = process.memoryUsage().heapUsed - before;
    expect(retained / 100_000).to.be.below(400);
  });

  it('evicts keys of the older generation first when full', () => {
    const store = new MemoryStore({ maxKeys: 3, idleSweep: false });
    const p = compilePolicy({ limit: 100, windowMs: 1000 }, 'spec');
    store.hit('z', 0, p); // first rotation at 0; the next at 1000
    store.hit('a', 500, p);
    store.hit('b', 1000, p); // rotation: z and a become the older generation
    store.hit('c', 1001, p); // full: evicts z
    store.hit('d', 1002, p); // full: evicts a
    expect(store.hit('b', 1003, p).remaining).to.equal(98); // b kept its first hit
    expect(store.hit('a', 1004, p).remaining).to.equal(99); // a starts over
    expect(store.size).to.equal(3);
  });

  it('forgets a key idle for a whole window without scanning, and remembers an active one', () => {
    const store = new MemoryStore({ idleSweep: false });
    const p = compilePolicy({ limit: 2, windowMs: 100 }, 'spec');
    store.hit('idle', 0, p);
    store.hit('busy', 0, p);
    for (let t = 50; t <= 400; t += 50) store.hit('busy', t, p);
    expect(store.size).to.equal(1); // 'idle' dropped by generation rotation
    expect(store.hit('busy', 400, p).allowed).to.equal(false); // its state survived every rotation
  });

  it('frees every key of a policy after two silent windows', () => {
    const store = new MemoryStore({ idleSweep: false });
    const p = compilePolicy({ limit: 2, windowMs: 100 }, 'spec');
    for (let i = 0; i < 1000; i++) store.hit(`k${i}`, i / 100, p);
    store.hit('late', 1_000, p);
    expect(store.size).to.equal(1);
  });

  describe('heap per key (measured, printed for docs/rate-limiting.md)', () => {
    const gc = exposeGc();
    const N = 20_000;
    // realistic keys, allocated before measuring: the key strings are the app's, not the store's
    const keys = Array.from({ length: N }, (_, i) => `203.0.${i >> 8}.${i & 255}`);

    function bytesPerKey(label: string, fill: (store: MemoryStore) => void): number {
      const store = new MemoryStore({ maxKeys: N, idleSweep: false });
      gc(); gc();
      const before = process.memoryUsage().heapUsed;
      fill(store);
      gc(); gc();
      const perKey = (process.memoryUsage().heapUsed - before) / N;
      expect(store.size).to.equal(N);
      console.log(`      ${label}: ${perKey.toFixed(0)} bytes per key`);
      return perKey;
    }

    it('costs under 250 bytes for a key seen once (sliding-log, limit 100)', () => {
      expect(bytesPerKey('sliding-log, 1 hit', (s) => { for (const k of keys) s.hit(k, 1_000, policy); })).to.be.below(250);
    });

    it('costs under 8·limit + 300 bytes for a key that used its whole limit (sliding-log, limit 100)', () => {
      expect(bytesPerKey('sliding-log, 100 hits', (s) => { for (const k of keys) for (let h = 0; h < 100; h++) s.hit(k, 1_000 + h, policy); })).to.be.below(8 * 100 + 300);
    });

    it('costs under 250 bytes for any key of the sliding window', () => {
      const p = compilePolicy({ limit: 100, windowMs: 60_000, algorithm: 'sliding-window' }, 'spec');
      expect(bytesPerKey('sliding-window', (s) => { for (const k of keys) for (let h = 0; h < 100; h++) s.hit(k, 1_000 + h, p); })).to.be.below(250);
    });
  });
});
