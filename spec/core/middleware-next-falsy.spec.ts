import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { makeApp } from '../app/helpers';

@Controller('reached')
class ReachedController {
  @Get()
  reached() {
    return { reached: true };
  }
}

@Module({ controllers: [ReachedController] })
class ReachedModule {}

describe('next() with a falsy argument, as Express reads it', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp(ReachedModule);
  });
  afterEach(() => app.close());

  for (const value of [false, 0, '']) {
    it(`goes on to the route on next(${JSON.stringify(value)}), which Express takes for "no error" (regression: 500)`, async () => {
      app.use((_req, _res, next) => next(value));
      const res = await app.inject({ url: '/reached' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ reached: true });
    });
  }

  it("goes on to the route on Express's next('router')", async () => {
    app.use((_req, _res, next) => next('router'));
    const res = await app.inject({ url: '/reached' });
    expect(res.json()).to.deep.equal({ reached: true });
  });
});
