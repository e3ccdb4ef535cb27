import { expect } from 'chai';
import { anyMiddlewareApplies, middlewareApplies, mountMiddleware, NextCalledTwiceError, OWN_PREFIX, type Middleware } from '../../src/core/middleware';
import { serveStatic } from '../../src/static/serve-static';
import { makeFixture } from '../static/fixture';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { UnauthorizedException } from '../../src/core/exceptions/http-exception';
import type { App } from '../../src/app/app';
import { makeApp } from '../app/helpers';

const noop = () => undefined;

describe('mountMiddleware', () => {
  it('normalises the prefix: leading slash added, trailing slashes dropped', () => {
    expect(mountMiddleware('api/', noop).prefix).to.equal('/api');
    expect(mountMiddleware('/', noop).prefix).to.equal('');
    expect(mountMiddleware(noop).prefix).to.equal('');
  });

  it('spells the prefix as route patterns are spelled: encoded, unreserved escapes decoded', () => {
    expect(mountMiddleware('/café/%61dmin', noop).prefix).to.equal('/caf%C3%A9/admin');
  });

  it('covers an equivalent spelling of its prefix, as the router does (RFC 3986 §6.2.2)', () => {
    const m = mountMiddleware('/admin', noop);
    expect(middlewareApplies(m, '/%61dmin/users')).to.equal(true);
    expect(anyMiddlewareApplies([m], '/%61dmin')).to.equal(true);
    expect(middlewareApplies(mountMiddleware('/café', noop), '/caf%c3%a9')).to.equal(true);
  });

  it('does not cover a path whose encoded slash only looks like its prefix', () => {
    expect(middlewareApplies(mountMiddleware('/admin', noop), '/admin%2Fusers')).to.equal(false);
  });

  it('refuses a prefix without a function', () => {
    expect(() => mountMiddleware('/x')).to.throw(TypeError);
  });

  it('covers the prefix and paths below it, not siblings sharing its letters', () => {
    const m = mountMiddleware('/api', noop);
    expect(middlewareApplies(m, '/api')).to.equal(true);
    expect(middlewareApplies(m, '/api/users')).to.equal(true);
    expect(middlewareApplies(m, '/apix')).to.equal(false);
    expect(middlewareApplies(m, '/')).to.equal(false);
  });

  it('mounts a middleware that declares its own prefix under that prefix, even app-wide', () => {
    const own: Middleware = Object.assign(() => undefined, { [OWN_PREFIX]: '/files' });
    const m = mountMiddleware(own);
    expect(m.prefix).to.equal('/files');
    expect(middlewareApplies(m, '/files/a.txt')).to.equal(true);
    expect(middlewareApplies(m, '/users/1')).to.equal(false);
  });

  it('mounts serveStatic app-wide under its own prefix', () => {
    const fx = makeFixture();
    try {
      expect(mountMiddleware(serveStatic('/static/', fx.root)).prefix).to.equal('/static');
      expect(mountMiddleware(serveStatic('/', fx.root)).prefix).to.equal('');
    } finally {
      fx.remove();
    }
  });

  it('tells whether any middleware of a list applies to a path', () => {
    const list = [mountMiddleware('/a', noop), mountMiddleware('/b', noop)];
    expect(anyMiddlewareApplies(list, '/b/x')).to.equal(true);
    expect(anyMiddlewareApplies(list, '/c')).to.equal(false);
    expect(anyMiddlewareApplies([], '/a')).to.equal(false);
  });

  it("applies an app-wide middleware to the asterisk-form target '*' (OPTIONS *)", () => {
    expect(anyMiddlewareApplies([mountMiddleware(noop)], '*')).to.equal(true);
    expect(middlewareApplies(mountMiddleware(noop), '*')).to.equal(true);
  });
});

@Controller('mw')
class MwController {
  @Get()
  reached() {
    return { reached: true };
  }
}

@Controller('admin')
class AdminController {
  @Get()
  secret() {
    return { secret: true };
  }
}

@Module({ controllers: [MwController, AdminController] })
class MwModule {}

describe('MiddlewareChain', () => {
  let app: App;
  let unhandled: unknown[];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  beforeEach(async () => {
    unhandled = [];
    process.on('unhandledRejection', onUnhandled);
    app = await makeApp(MwModule);
  });
  afterEach(async () => {
    process.off('unhandledRejection', onUnhandled);
    await app.close();
  });
  const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

  it('answers next(err) with the error instead of going on to the route (regression: err was ignored)', async () => {
    app.use((_req, _res, next) => next(new UnauthorizedException('no token')));
    const res = await app.inject({ url: '/mw' });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.include({ message: 'no token' });
  });

  it('runs a middleware mounted at /admin for /%61dmin, which the router sends to /admin (regression: auth bypass by escaping a letter)', async () => {
    app.use('/admin', (_req, _res, next) => next(new UnauthorizedException('no token')));
    const res = await app.inject({ url: '/%61dmin' });
    expect(res.statusCode).to.equal(401);
  });

  it("goes on to the route on Express's next('route')", async () => {
    app.use((_req, _res, next) => next('route'));
    const res = await app.inject({ url: '/mw' });
    expect(res.json()).to.deep.equal({ reached: true });
  });

  it('answers an error raised after an unawaited next() (regression: unhandled rejection, request left hanging)', async () => {
    app.use((_req, _res, next) => {
      setTimeout(() => void next(), 1); // Express habit: next() from a callback, its promise dropped
    });
    app.use(() => {
      throw new UnauthorizedException('later');
    });
    const res = await app.inject({ url: '/mw' });
    await settle();
    expect(res.statusCode).to.equal(401);
    expect(unhandled).to.deep.equal([]);
  });

  it('does not leave an unhandled rejection when next() is called twice and the second promise is dropped', async () => {
    app.use((_req, _res, next) => {
      void next();
      void next();
    });
    const res = await app.inject({ url: '/mw' });
    await settle();
    expect(res.json()).to.deep.equal({ reached: true });
    expect(unhandled).to.deep.equal([]);
  });

  it('still rejects a second next() for a middleware that awaits it, with WW_ERR_NEXT_CALLED_TWICE naming it (regression: a plain Error with no code)', async () => {
    let second: unknown;
    app.use(async function auditTrail(_req, _res, next) {
      await next();
      second = await next().then(() => 'resolved', (error: unknown) => error);
    });
    const res = await app.inject({ url: '/mw' });
    await settle();
    expect(res.json()).to.deep.equal({ reached: true });
    expect(second).to.be.instanceOf(NextCalledTwiceError);
    expect((second as NextCalledTwiceError).code).to.equal('WW_ERR_NEXT_CALLED_TWICE');
    expect((second as Error).message).to.contain('next() was called twice by middleware auditTrail').and.contain('call next() once');
  });

  it('resolves next() once a downstream error has been answered', async () => {
    let statusSeen = 0;
    app.use(async (_req, res, next) => {
      await next();
      statusSeen = res.statusCode;
    });
    app.use(() => {
      throw new UnauthorizedException();
    });
    const res = await app.inject({ url: '/mw' });
    await settle();
    expect(res.statusCode).to.equal(401);
    expect(statusSeen).to.equal(401);
  });
});
