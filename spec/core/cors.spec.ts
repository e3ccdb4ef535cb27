import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import type { ServerOptions } from '../../src/app/options';
import { makeApp } from '../app/helpers';

@Controller('data')
class DataController {
  @Get()
  read() {
    return { data: 1 };
  }
}

@Module({ controllers: [DataController] })
class CorsModule {}

describe('Cors', () => {
  const apps: App[] = [];
  const appWith = async (cors: ServerOptions['cors']) => {
    const app = await makeApp(CorsModule, { cors });
    apps.push(app);
    return app;
  };
  after(async () => {
    for (const app of apps) await app.close();
  });
  const preflight = (origin: string) => ({
    method: 'OPTIONS', url: '/data', headers: { origin, 'access-control-request-method': 'GET' },
  });

  it('marks an answer to a request without Origin Vary: Origin under an origin list (regression: a cache could serve it cross-origin)', async () => {
    const app = await appWith({ origin: ['https://a.example'] });
    const res = await app.inject({ url: '/data' });
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    expect(res.headers.vary).to.equal('Origin');
  });

  it('marks an answer to a request without Origin Vary: Origin under cors: true, whose cross-origin answers carry *', async () => {
    const app = await appWith(true);
    const res = await app.inject({ url: '/data' });
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    expect(res.headers.vary).to.equal('Origin');
  });

  it('sends Vary: Origin with a fixed origin, since its preflight headers depend on the Origin (regression: none)', async () => {
    const app = await appWith({ origin: 'https://a.example' });
    const refused = await app.inject(preflight('https://evil.example'));
    const allowed = await app.inject(preflight('https://a.example'));
    expect(refused.headers['access-control-allow-methods']).to.equal(undefined);
    expect(allowed.headers['access-control-allow-methods']).to.not.equal(undefined);
    expect(refused.headers.vary).to.equal('Origin');
    expect(allowed.headers.vary).to.include('Origin');
  });

  it('reflects any origin with origin: true, with credentials, never *', async () => {
    const app = await appWith({ origin: true, credentials: true });
    const res = await app.inject({ url: '/data', headers: { origin: 'https://any.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal('https://any.example');
    expect(res.headers['access-control-allow-credentials']).to.equal('true');
    expect(res.headers.vary).to.equal('Origin');
  });

  it('keeps the CORS headers on an error answer, so the browser lets the page read it', async () => {
    const app = await appWith({ origin: ['https://a.example'], exposedHeaders: 'X-Total' });
    const res = await app.inject({ url: '/missing', headers: { origin: 'https://a.example' } });
    expect(res.statusCode).to.equal(404);
    expect(res.headers['access-control-allow-origin']).to.equal('https://a.example');
    expect(res.headers['access-control-expose-headers']).to.equal('X-Total');
  });

  for (const maxAge of [Number.NaN, -5, Infinity, '600' as unknown as number]) {
    it(`refuses cors.maxAge ${String(maxAge)} at createServer instead of sending it on every preflight`, async () => {
      let error: unknown;
      try {
        await appWith({ maxAge });
      } catch (e) {
        error = e;
      }
      expect((error as { code?: string }).code).to.equal('WW_ERR_INVALID_OPTION');
    });
  }
});
