import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { Module } from '../../src/core/di/module';
import { RateLimit, SkipRateLimit } from '../../src/rate-limit/decorators';
import { makeApp, rawRequest } from './helpers';

const order: string[] = [];

@Controller()
class LimitedController {
  @Get('open')
  @UseGuards({ canActivate: () => (order.push('route guard'), true) })
  open() {
    return 'open';
  }
  @Get('strict')
  @RateLimit({ limit: 1, windowMs: 60_000 })
  strict() {
    return 'strict';
  }
  @Get('free')
  @SkipRateLimit()
  free() {
    return 'free';
  }
}

@Module({ controllers: [LimitedController] })
class AppModule {}

describe('rate limiting in the app', () => {
  it('limits every route with the rateLimit option: 429 with Retry-After past the limit', async () => {
    const app = await makeApp(AppModule, { rateLimit: { limit: 2, windowMs: 60_000 } });
    try {
      const first = await app.inject({ url: '/open', remoteAddress: '10.0.0.1' });
      expect(first.statusCode).to.equal(200);
      expect(first.headers['ratelimit-policy']).to.be.a('string');
      await app.inject({ url: '/open', remoteAddress: '10.0.0.1' });
      const third = await app.inject({ url: '/open', remoteAddress: '10.0.0.1' });
      expect(third.statusCode).to.equal(429);
      expect(Number(third.headers['retry-after'])).to.be.greaterThan(0);
      expect(third.json<{ statusCode: number; error: string }>()).to.include({ statusCode: 429, error: 'Too Many Requests' });
      expect((await app.inject({ url: '/open', remoteAddress: '10.0.0.2' })).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('checks the rate limit before any other guard', async () => {
    const app = await makeApp(AppModule, { rateLimit: { limit: 1, windowMs: 60_000 } });
    try {
      order.length = 0;
      await app.inject({ url: '/open', remoteAddress: '10.0.0.3' });
      expect((await app.inject({ url: '/open', remoteAddress: '10.0.0.3' })).statusCode).to.equal(429);
      expect(order).to.deep.equal(['route guard']);
    } finally {
      await app.close();
    }
  });

  it('honours @RateLimit without the app-wide option, and @SkipRateLimit', async () => {
    const app = await makeApp(AppModule);
    try {
      expect((await app.inject({ url: '/strict', remoteAddress: '10.0.0.4' })).statusCode).to.equal(200);
      expect((await app.inject({ url: '/strict', remoteAddress: '10.0.0.4' })).statusCode).to.equal(429);
      for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/open', remoteAddress: '10.0.0.4' })).statusCode).to.equal(200);
      const limited = await makeApp(AppModule, { rateLimit: { limit: 1, windowMs: 60_000 } });
      try {
        for (let i = 0; i < 3; i++) expect((await limited.inject({ url: '/free', remoteAddress: '10.0.0.5' })).statusCode).to.equal(200);
      } finally {
        await limited.close();
      }
    } finally {
      await app.close();
    }
  });

  it('limits by the socket address over a real connection', async () => {
    const app = await makeApp(AppModule, { rateLimit: { limit: 1, windowMs: 60_000 } });
    const { port } = await app.listen(0);
    try {
      const get = () => rawRequest(port, 'GET /open HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: 1.2.3.4\r\nConnection: close\r\n\r\n');
      expect((await get()).status).to.equal(200);
      const refused = await get();
      expect(refused.status).to.equal(429);
      expect(refused.headers['retry-after']).to.match(/^\d+$/);
    } finally {
      await app.close();
    }
  });
});
