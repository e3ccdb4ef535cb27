/**
 * Audit: a custom `key(req)` that returned a promise was keyed as "[object Promise]" (every
 * client in one bucket; NestJS's getTracker is async, so users write one), one that returned
 * undefined put every such client in one "undefined" bucket, and one that threw was taken for
 * a store failure: reported as "store failed" and, under the default onStoreError 'allow', the
 * request went through unlimited — an UnauthorizedException thrown from it never answered 401.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { UnauthorizedException } from '../../src/core/exceptions/http-exception';
import type { App } from '../../src/app/app';
import type { Request } from '../../src/http/request';
import { RateLimit } from '../../src/rate-limit/decorators';
import type { RateLimitOptions } from '../../src/rate-limit/rate-limit.guard';
import { makeApp, recordingLogger } from '../app/helpers';

@Controller('k')
class KeyedController {
  @Get('one') @RateLimit({ limit: 1, windowMs: 60_000 }) one() { return 'one'; }
  @Get('two')
  @RateLimit({ name: 'burst', limit: 1, windowMs: 1_000 })
  @RateLimit({ name: 'hourly', limit: 5, windowMs: 3_600_000 })
  two() { return 'two'; }
}

@Module({ controllers: [KeyedController] })
class KeyedModule {}

const byUser = (req: Request) => req.header('x-user');

describe('rate limit: the key function', () => {
  let app: App | undefined;
  afterEach(async () => { await app?.close(); app = undefined; });

  const appWith = async (options: RateLimitOptions) => (app = await makeApp(KeyedModule, { rateLimit: options }));
  const get = (url: string, user?: string) => app!.inject({ method: 'GET', url, headers: user === undefined ? {} : { 'x-user': user } });

  it('keys each client by what an async key function resolves to', async () => {
    await appWith({ key: async (req) => byUser(req) ?? 'anonymous' });
    expect((await get('/k/one', 'ada')).statusCode).to.equal(200);
    expect((await get('/k/one', 'bob')).statusCode).to.equal(200);
    expect((await get('/k/one', 'ada')).statusCode).to.equal(429);
  });

  it('keys each client by an async key function on a route with several policies', async () => {
    await appWith({ key: async (req) => byUser(req) ?? 'anonymous' });
    expect((await get('/k/two', 'ada')).statusCode).to.equal(200);
    expect((await get('/k/two', 'bob')).statusCode).to.equal(200);
    const refused = await get('/k/two', 'ada');
    expect(refused.statusCode).to.equal(429);
    expect(refused.headers['ratelimit']).to.equal('"burst";r=0;t=1');
  });

  it('answers 500 naming the key function when it returns undefined, rather than one bucket for all such clients', async () => {
    const errors: unknown[] = [];
    const logger = recordingLogger();
    app = await makeApp(KeyedModule, { logger, rateLimit: { key: (req) => byUser(req) as string, onError: (e) => errors.push(e) } });
    expect((await get('/k/one')).statusCode).to.equal(500);
    const logged = logger.lines.map((l) => [l.message, ...l.meta.map(String)].join(' ')).join('\n');
    expect(logged).to.match(/WW_ERR_RATE_LIMIT_KEY: the key function of rateLimit\.key returned undefined/);
    expect(errors, 'not a store failure').to.have.length(0);
    expect((await get('/k/one', 'ada')).statusCode).to.equal(200);
  });

  it('lets an HttpException thrown by the key function answer the request', async () => {
    await appWith({ key: () => { throw new UnauthorizedException('an API key is required'); } });
    const res = await get('/k/one');
    expect(res.statusCode).to.equal(401);
    expect(res.json<{ message: string }>().message).to.equal('an API key is required');
  });

  it('answers 500 when the key function throws, instead of letting the request through as a store failure', async () => {
    const errors: unknown[] = [];
    await appWith({ key: () => { throw new TypeError('req.user is undefined'); }, onError: (e) => errors.push(e) });
    expect((await get('/k/one')).statusCode).to.equal(500);
    expect((await get('/k/two')).statusCode).to.equal(500);
    expect(errors, 'not a store failure').to.have.length(0);
  });
});
