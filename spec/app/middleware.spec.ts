import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Req } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import { ForbiddenException } from '../../src/core/exceptions/http-exception';
import type { Request } from '../../src/http/request';
import type { App } from '../../src/app/app';
import { makeApp } from './helpers';

const seen: string[] = [];

@Controller()
class PagesController {
  @Get('page')
  page(@Req() req: Request) {
    seen.push('handler');
    return { stamp: req.locals.stamp ?? null };
  }
  @Get('admin/panel')
  panel() {
    return 'panel';
  }
  @Get('adminx')
  adminx() {
    return 'not under /admin';
  }
}

@Module({ controllers: [PagesController] })
class AppModule {}

describe('middleware', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule);
    app.use(async (req, res, next) => {
      seen.push('outer before');
      req.locals.stamp = 'set by middleware';
      await next();
      seen.push('outer after');
    });
    app.use('/admin', (req, res, next) => {
      if (req.header('x-admin') !== 'yes') throw new ForbiddenException('admins only');
      res.setHeader('X-Admin-Checked', '1');
      return next();
    });
    app.use('/short', (_req, res) => {
      res.text('answered by middleware');
    });
  });
  after(() => app.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('runs app-wide middleware around routing; next() resolves after the handler', async () => {
    const res = await app.inject({ url: '/page' });
    expect(res.json()).to.deep.equal({ stamp: 'set by middleware' });
    expect(seen).to.deep.equal(['outer before', 'handler', 'outer after']);
  });

  it('runs prefix middleware only under its prefix', async () => {
    const res = await app.inject({ url: '/admin/panel', headers: { 'x-admin': 'yes' } });
    expect(res.body).to.equal('panel');
    expect(res.headers['x-admin-checked']).to.equal('1');
    const sibling = await app.inject({ url: '/adminx' });
    expect(sibling.body).to.equal('not under /admin');
    expect(sibling.headers['x-admin-checked']).to.equal(undefined);
  });

  it('answers with the status of an HttpException a middleware throws', async () => {
    const res = await app.inject({ url: '/admin/panel' });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.deep.equal({ statusCode: 403, error: 'Forbidden', message: 'admins only' });
  });

  it('lets a middleware answer without calling next (no route needed)', async () => {
    const res = await app.inject({ url: '/short/anything' });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.equal('answered by middleware');
  });

  it('still answers 404 after middleware for an unknown path', async () => {
    const res = await app.inject({ url: '/unknown' });
    expect(res.statusCode).to.equal(404);
    expect(seen).to.deep.equal(['outer before', 'outer after']);
  });
});
