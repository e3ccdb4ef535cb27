/**
 * A misspelt key in the rateLimit option or a @RateLimit fails createServer with a
 * RateLimitConfigError naming where it was written and the closest known key. Found by an
 * audit: `rateLimit: { limt: 10 }` left the app with no limit at all, and `@RateLimit({ algoritm })`
 * was compiled with the default algorithm — silently.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { createServerRefusal } from '../app/option-refusal';
import { RateLimitConfigError } from '../../src/rate-limit/errors';
import { RateLimit } from '../../src/rate-limit/decorators';
import { MemoryStore } from '../../src/rate-limit/memory-store';

describe('rate limit: unknown option keys', () => {
  it('refuses rateLimit: { limt } with a RateLimitConfigError instead of applying no limit', async () => {
    const error = await createServerRefusal({ rateLimit: { limt: 10, windowMs: 1000 } });
    expect(error).to.be.instanceOf(RateLimitConfigError);
    expect(error.message).to.contain("unknown option 'rateLimit.limt'").and.contain('did you mean limit?');
  });

  it('refuses a misspelt optional rateLimit key that would have been ignored', async () => {
    const error = await createServerRefusal({ rateLimit: { limit: 10, windowMs: 1000, trustproxy: 1 } });
    expect(error).to.be.instanceOf(RateLimitConfigError);
    expect(error.message).to.contain("'rateLimit.trustproxy'").and.contain('did you mean trustProxy?');
  });

  it('refuses maxKeys next to a store of your own, which it would not size', async () => {
    const error = await createServerRefusal({ rateLimit: { limit: 10, windowMs: 1000, maxKeys: 500, store: new MemoryStore() } });
    expect(error).to.be.instanceOf(RateLimitConfigError);
    expect(error.message).to.contain('rateLimit.maxKeys').and.contain('new MemoryStore({ maxKeys })');
  });

  it('refuses @RateLimit({ windowMS }) on a route, naming the class and method', async () => {
    @Controller('limited')
    class LimitedController {
      @RateLimit({ windowMS: 1000, limit: 5 } as never)
      @Get() list() { return []; }
    }
    @Module({ controllers: [LimitedController] })
    class LimitedModule {}
    const error = await createServerRefusal({}, LimitedModule);
    expect(error).to.be.instanceOf(RateLimitConfigError);
    expect(error.message).to.contain('@RateLimit on LimitedController.list')
      .and.contain("unknown option 'windowMS'").and.contain('did you mean windowMs?');
  });

  it('refuses a misspelt optional @RateLimit key on a class that would have been ignored', async () => {
    @RateLimit({ limit: 5, windowMs: 1000, algoritm: 'sliding-window' } as never)
    @Controller('limited')
    class LimitedController {
      @Get() list() { return []; }
    }
    @Module({ controllers: [LimitedController] })
    class LimitedModule {}
    const error = await createServerRefusal({}, LimitedModule);
    expect(error).to.be.instanceOf(RateLimitConfigError);
    expect(error.message).to.contain('@RateLimit on LimitedController:').and.contain('did you mean algorithm?');
  });
});
