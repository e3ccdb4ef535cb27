/**
 * Audit: the guard trusted a store's answer. A custom store that answered undefined or null made
 * the request a 500 whatever `onStoreError` said; `allowed: 'false'` (a string, as a store that
 * forwards Redis replies might give) let the request through; and `remaining` went into the
 * fields as given: `RateLimit: "default";r=NaN`, `r=-3`, `r=2.5` — the draft's `r` is a
 * non-negative integer, and X-RateLimit-Remaining got the same.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { RateLimit } from '../../src/rate-limit/decorators';
import type { RateLimitOptions } from '../../src/rate-limit/rate-limit.guard';
import type { HitResult, RateLimitStore } from '../../src/rate-limit/types';
import { makeApp } from '../app/helpers';

@Controller('s')
class StoreController {
  @Get('one') @RateLimit({ limit: 5, windowMs: 60_000 }) one() { return 'one'; }
  @Get('two')
  @RateLimit({ name: 'burst', limit: 5, windowMs: 1_000 })
  @RateLimit({ name: 'hourly', limit: 50, windowMs: 3_600_000 })
  two() { return 'two'; }
}

@Module({ controllers: [StoreController] })
class StoreModule {}

const answering = (answer: unknown): RateLimitStore => ({ hit: () => answer as HitResult });
const resolving = (answer: unknown): RateLimitStore => ({ hit: () => Promise.resolve(answer as HitResult) });

describe('rate limit: what the store answers', () => {
  let app: App | undefined;
  afterEach(async () => { await app?.close(); app = undefined; });

  const appWith = async (options: RateLimitOptions) => (app = await makeApp(StoreModule, { rateLimit: options }));
  const get = (url: string) => app!.inject({ method: 'GET', url, remoteAddress: '203.0.113.1' });

  for (const [label, store] of [
    ['undefined, synchronously', answering(undefined)],
    ['null, in a promise', resolving(null)],
    ["allowed: 'false' (a string)", answering({ allowed: 'false', remaining: 0, resetMs: 1_000, limit: 5 })],
  ] as const) {
    it(`treats a store answer of ${label} as a store failure that onStoreError 'deny' answers 503`, async () => {
      const errors: unknown[] = [];
      await appWith({ store, onStoreError: 'deny', onError: (e) => errors.push(e) });
      expect((await get('/s/one')).statusCode).to.equal(503);
      expect((await get('/s/two')).statusCode).to.equal(503);
      expect(String(errors[0])).to.match(/WW_ERR_RATE_LIMIT_STORE_FAILED: the store's hit\(\) answered/);
    });
  }

  it("lets the request through on a malformed store answer with onStoreError 'allow'", async () => {
    await appWith({ store: resolving(undefined), onError: () => undefined });
    expect((await get('/s/one')).statusCode).to.equal(200);
    expect((await get('/s/two')).statusCode).to.equal(200);
  });

  for (const [remaining, shown] of [[NaN, 0], [-3, 0], [2.5, 2]] as const) {
    it(`sends r=${shown} in RateLimit when the store answers remaining ${remaining}`, async () => {
      await appWith({ store: answering({ allowed: true, remaining, resetMs: 1_000, limit: 5 }) });
      expect((await get('/s/one')).headers['ratelimit']).to.equal(`"default";r=${shown};t=1`);
      expect((await get('/s/two')).headers['ratelimit']).to.equal(`"burst";r=${shown};t=1, "hourly";r=${shown};t=1`);
    });
  }

  it('sends a non-negative integer X-RateLimit-Remaining and the policy limit whatever the store answered', async () => {
    await appWith({ headers: 'legacy', store: answering({ allowed: true, remaining: -3, resetMs: 1_000, limit: NaN }) });
    const res = await get('/s/one');
    expect(res.headers['x-ratelimit-remaining']).to.equal('0');
    expect(res.headers['x-ratelimit-limit']).to.equal('5');
  });
});
