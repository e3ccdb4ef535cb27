import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { RateLimit, SkipRateLimit } from '../../src/rate-limit/decorators';
import { createRateLimitGuard, type RateLimitOptions } from '../../src/rate-limit/rate-limit.guard';
import type { HitResult, RateLimitStore } from '../../src/rate-limit/types';
import { makeApp } from '../app/helpers';

@Controller('limited')
@RateLimit({ limit: 3, windowMs: 10_000 })
class LimitedController {
  @Get('a') a() { return 'a'; }
  @Get('b') b() { return 'b'; }
  @Get('own') @RateLimit({ limit: 1, windowMs: 10_000 }) own() { return 'own'; }
  @Get('free') @SkipRateLimit() free() { return 'free'; }
  @Post('upload') upload(@Body() body: unknown) { return { got: body }; }
}

@Controller('multi')
class MultiController {
  @Get()
  @RateLimit({ name: 'hourly', limit: 5, windowMs: 3_600_000 })
  @RateLimit({ name: 'burst', limit: 2, windowMs: 1_000 })
  both() { return 'ok'; }
}

@Controller('open')
class OpenController {
  @Get() open() { return 'open'; }
}

@Module({ controllers: [LimitedController, MultiController, OpenController] })
class AppModule {}

/** A manual clock: specs move time, nothing waits. */
function manualClock(start = 1_000_000) {
  const clock = { now: start, fn: () => clock.now };
  return clock;
}

/** Through createServer's own `rateLimit` option: the guard is installed as the app installs it. */
async function appWith(options: RateLimitOptions): Promise<App> {
  return makeApp(AppModule, { rateLimit: options });
}

const get = (app: App, url: string, remoteAddress = '203.0.113.1', headers: Record<string, string> = {}) =>
  app.inject({ method: 'GET', url, remoteAddress, headers });

describe('RateLimitGuard', () => {
  let app: App | undefined;
  afterEach(async () => { await app?.close(); app = undefined; });

  it('lets a fresh client through limit times, counting RateLimit r down, then answers 429', async () => {
    const clock = manualClock();
    app = await appWith({ clock: clock.fn });
    const statuses: number[] = [];
    const r: string[] = [];
    for (let i = 0; i < 4; i++) {
      const res = await get(app, '/limited/a');
      statuses.push(res.statusCode);
      r.push(String(res.headers['ratelimit']));
      expect(res.headers['ratelimit-policy']).to.equal('"default";q=3;w=10');
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429]);
    expect(r).to.deep.equal(['"default";r=2;t=10', '"default";r=1;t=10', '"default";r=0;t=10', '"default";r=0;t=10']);
  });

  it('answers 429 with the JSON error body and an integer Retry-After', async () => {
    const clock = manualClock();
    app = await appWith({ clock: clock.fn });
    await get(app, '/limited/own');
    const res = await get(app, '/limited/own');
    expect(res.statusCode).to.equal(429);
    expect(res.headers['retry-after']).to.equal('10');
    expect(res.headers['content-type']).to.match(/^application\/json/);
    const body = res.json<{ statusCode: number; error: string; message: string }>();
    expect(body.statusCode).to.equal(429);
    expect(body.error).to.equal('Too Many Requests');
    expect(body.message).to.match(/1 requests per 10 seconds/);
  });

  it('lets the next request through after exactly Retry-After seconds, not before', async () => {
    const clock = manualClock();
    app = await appWith({ clock: clock.fn });
    await get(app, '/limited/a');
    clock.now += 2_500;
    await get(app, '/limited/a');
    await get(app, '/limited/a');
    clock.now += 100;
    const refused = await get(app, '/limited/a');
    expect(refused.statusCode).to.equal(429);
    // the first hit leaves the window 10 000 ms after it came: 7 400 ms from now → 8 s
    expect(refused.headers['retry-after']).to.equal('8');
    clock.now += 7_399;
    expect((await get(app, '/limited/a')).statusCode).to.equal(429);
    clock.now += 1;
    expect((await get(app, '/limited/a')).statusCode).to.equal(200);
  });

  it('shares one class-level bucket across the class routes, per client', async () => {
    app = await appWith({ clock: manualClock().fn });
    expect((await get(app, '/limited/a')).statusCode).to.equal(200);
    expect((await get(app, '/limited/b')).statusCode).to.equal(200);
    expect((await get(app, '/limited/a')).statusCode).to.equal(200);
    expect((await get(app, '/limited/b')).statusCode).to.equal(429);
    expect((await get(app, '/limited/b', '203.0.113.2')).statusCode).to.equal(200);
  });

  it('lets a method policy of the same name replace the class one', async () => {
    app = await appWith({ clock: manualClock().fn });
    const first = await get(app, '/limited/own');
    expect(first.headers['ratelimit-policy']).to.equal('"default";q=1;w=10');
    expect((await get(app, '/limited/own')).statusCode).to.equal(429);
  });

  it('sends no rate-limit fields on a @SkipRateLimit route nor on an unlimited one', async () => {
    app = await appWith({ clock: manualClock().fn });
    for (let i = 0; i < 5; i++) expect((await get(app, '/limited/free')).statusCode).to.equal(200);
    const res = await get(app, '/open');
    expect(res.headers).to.not.have.property('ratelimit');
    expect(res.headers).to.not.have.property('ratelimit-policy');
  });

  it('lists every policy and refuses on the short one without spending the long one', async () => {
    const clock = manualClock();
    app = await appWith({ clock: clock.fn });
    const ok = await get(app, '/multi');
    expect(ok.headers['ratelimit-policy']).to.equal('"burst";q=2;w=1, "hourly";q=5;w=3600');
    expect(ok.headers['ratelimit']).to.equal('"burst";r=1;t=1, "hourly";r=4;t=3600');
    await get(app, '/multi');
    const refused = await get(app, '/multi');
    expect(refused.statusCode).to.equal(429);
    expect(refused.headers['ratelimit']).to.equal('"burst";r=0;t=1');
    expect(refused.headers['retry-after']).to.equal('1');
    clock.now += 1_000;
    const again = await get(app, '/multi');
    expect(again.statusCode).to.equal(200);
    expect(again.headers['ratelimit']).to.equal('"burst";r=1;t=1, "hourly";r=2;t=3599');
  });

  it('limits every route with the app-wide policy unless skipped', async () => {
    app = await appWith({ clock: manualClock().fn, limit: 2, windowMs: 60_000, name: 'app' });
    expect((await get(app, '/open')).headers['ratelimit-policy']).to.equal('"app";q=2;w=60');
    await get(app, '/open');
    expect((await get(app, '/open')).statusCode).to.equal(429);
    expect((await get(app, '/limited/free')).statusCode).to.equal(200);
    // the class adds its own policy to the app-wide one (listed shortest window first)
    expect((await get(app, '/limited/a', '203.0.113.9')).headers['ratelimit-policy']).to.equal('"default";q=3;w=10, "app";q=2;w=60');
  });

  it('lets an unnamed class policy replace the unnamed app-wide one', async () => {
    app = await appWith({ clock: manualClock().fn, limit: 100, windowMs: 60_000 });
    expect((await get(app, '/open')).headers['ratelimit-policy']).to.equal('"default";q=100;w=60');
    expect((await get(app, '/limited/a')).headers['ratelimit-policy']).to.equal('"default";q=3;w=10');
  });

  it("sends X-RateLimit-* with headers: 'legacy' and nothing with headers: false", async () => {
    const clock = manualClock(1_700_000_000_000);
    app = await appWith({ clock: clock.fn, headers: 'legacy' });
    const res = await get(app, '/limited/a');
    expect(res.headers['x-ratelimit-limit']).to.equal('3');
    expect(res.headers['x-ratelimit-remaining']).to.equal('2');
    expect(res.headers['x-ratelimit-reset']).to.equal(String(1_700_000_010));
    expect(res.headers).to.not.have.property('ratelimit');
    await app.close();
    app = await appWith({ clock: clock.fn, headers: false });
    const quiet = await get(app, '/limited/a');
    expect(Object.keys(quiet.headers).filter((h) => h.includes('ratelimit'))).to.deep.equal([]);
  });

  it("sends a numeric X-RateLimit-Reset when a custom store's reset is not a number", async () => {
    const clock = manualClock(1_700_000_000_000);
    const broken: RateLimitStore = { hit: (): HitResult => ({ allowed: true, limit: 3, remaining: 2, resetMs: NaN }) };
    app = await appWith({ clock: clock.fn, headers: 'legacy', store: broken });
    expect((await get(app, '/limited/a')).headers['x-ratelimit-reset']).to.equal(String(1_700_000_000));
  });

  it('keys by the custom key function when given', async () => {
    app = await appWith({ clock: manualClock().fn, key: (req) => req.header('x-api-key') ?? 'anonymous' });
    await get(app, '/limited/own', '203.0.113.1', { 'x-api-key': 'k1' });
    expect((await get(app, '/limited/own', '203.0.113.2', { 'x-api-key': 'k1' })).statusCode).to.equal(429);
    expect((await get(app, '/limited/own', '203.0.113.1', { 'x-api-key': 'k2' })).statusCode).to.equal(200);
  });

  it('ignores X-Forwarded-For without trustProxy and walks it with trustProxy', async () => {
    app = await appWith({ clock: manualClock().fn });
    await get(app, '/limited/own', '10.0.0.1', { 'x-forwarded-for': '198.51.100.1' });
    expect((await get(app, '/limited/own', '10.0.0.1', { 'x-forwarded-for': '198.51.100.2' })).statusCode).to.equal(429);
    await app.close();
    app = await appWith({ clock: manualClock().fn, trustProxy: ['10.0.0.0/8'] });
    await get(app, '/limited/own', '10.0.0.1', { 'x-forwarded-for': '198.51.100.1' });
    expect((await get(app, '/limited/own', '10.0.0.1', { 'x-forwarded-for': '198.51.100.2' })).statusCode).to.equal(200);
    expect((await get(app, '/limited/own', '10.0.0.7', { 'x-forwarded-for': '6.6.6.6, 198.51.100.1' })).statusCode).to.equal(429);
  });

  describe('when the store fails', () => {
    const failing: RateLimitStore = { hit: (): Promise<HitResult> => Promise.reject(new Error('redis down')) };
    const throwing: RateLimitStore = { hit: (): HitResult => { throw new Error('broken'); } };

    it("lets requests through with onStoreError: 'allow' (the default) and reports the failure", async () => {
      const errors: unknown[] = [];
      app = await appWith({ store: failing, onError: (e) => errors.push(e) });
      expect((await get(app, '/limited/a')).statusCode).to.equal(200);
      expect(errors).to.have.length(1);
    });

    it("answers 503 with onStoreError: 'deny'", async () => {
      app = await appWith({ store: throwing, onStoreError: 'deny', onError: () => undefined });
      const res = await get(app, '/limited/a');
      expect(res.statusCode).to.equal(503);
      expect(res.json<{ message: string }>().message).to.match(/store/);
    });
  });

  it('refuses two unnamed policies on one method at bootstrap, naming it', async () => {
    @Controller('dup')
    class DupController {
      @Get() @RateLimit({ limit: 1, windowMs: 1_000 }) @RateLimit({ limit: 5, windowMs: 60_000 }) dup() { return 'x'; }
    }
    @Module({ controllers: [DupController] })
    class DupModule {}
    const error = await makeApp(DupModule).then(() => null, (e: Error) => e);
    expect(error?.message).to.match(/WW_ERR_RATE_LIMIT_CONFIG: DupController\.dup has two @RateLimit policies named "default"/);
  });

  it('refuses a bad app-wide option at bootstrap', async () => {
    const failure = (options: RateLimitOptions) => makeApp(AppModule, { rateLimit: options }).then(() => '', (e: Error) => e.message);
    expect(await failure({ limit: 10 })).to.match(/WW_ERR_RATE_LIMIT_CONFIG: .*windowMs must be an integer/);
    expect(await failure({ headers: 'draft7' as never })).to.match(/headers must be/);
    expect(await failure({ trustProxy: true })).to.match(/trustProxy/);
    expect(() => createRateLimitGuard({ onStoreError: 'maybe' as never })).to.throw(/onStoreError/);
  });
});
