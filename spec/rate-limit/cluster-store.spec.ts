import { expect } from 'chai';
import { createRateLimitHost, ClusterStore } from '../../src/rate-limit/cluster-store';
import { MemoryStore } from '../../src/rate-limit/memory-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { RateLimitStoreError } from '../../src/rate-limit/errors';

describe('ClusterStore host (the primary side)', () => {
  const policy = compilePolicy({ limit: 3, windowMs: 1_000 }, 'spec');
  const wire = (op: number, key: string, now: number, p = policy) => [op, key, now, p.id, p.name, p.limit, p.windowMs, p.algorithm === 'sliding-window' ? 1 : 0];

  it('answers each hit exactly as a MemoryStore would', () => {
    const host = createRateLimitHost();
    const reference = new MemoryStore({ idleSweep: false });
    for (const t of [0, 10, 20, 30, 999, 1_000, 1_010, 1_500]) {
      const r = reference.hit('k', t, policy);
      expect(host.handle(wire(0, 'k', t), undefined as never)).to.deep.equal([r.allowed ? 1 : 0, r.remaining, r.resetMs, r.limit]);
    }
    host.close();
  });

  it('forgets a key on a reset request', () => {
    const host = createRateLimitHost();
    for (let i = 0; i < 3; i++) host.handle(wire(0, 'k', 0), undefined as never);
    expect((host.handle(wire(0, 'k', 1), undefined as never) as number[])[0]).to.equal(0);
    host.handle(wire(1, 'k', 0), undefined as never);
    expect((host.handle(wire(0, 'k', 2), undefined as never) as number[])[0]).to.equal(1);
    host.close();
  });

  it('refuses a malformed request (the worker then applies onStoreError)', () => {
    const host = createRateLimitHost();
    expect(() => host.handle({ nope: true }, undefined as never)).to.throw(/malformed/);
    host.close();
  });

  it('cannot be created outside a worker, and says so', () => {
    expect(() => new ClusterStore()).to.throw(RateLimitStoreError, /workers: N/);
  });
});
