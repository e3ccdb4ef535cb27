import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import type { ServerOptions } from '../../src/app/options';
import { makeApp, rawRequest } from './helpers';

@Controller('data')
class DataController {
  @Get()
  read() {
    return { data: 1 };
  }
  @Post()
  write() {
    return { written: true };
  }
}

@Module({ controllers: [DataController] })
class AppModule {}

describe('CORS', () => {
  const apps: App[] = [];
  const appWith = async (cors: ServerOptions['cors']) => {
    const app = await makeApp(AppModule, { cors });
    apps.push(app);
    return app;
  };
  after(async () => {
    for (const app of apps) await app.close();
  });

  it('allows any origin with cors: true, without Vary', async () => {
    const app = await appWith(true);
    const res = await app.inject({ url: '/data', headers: { origin: 'https://a.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.headers.vary).to.equal(undefined);
    expect(res.json()).to.deep.equal({ data: 1 });
  });

  it('adds nothing to a request without Origin', async () => {
    const app = await appWith(true);
    const res = await app.inject({ url: '/data' });
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
  });

  it('answers a preflight with 204 and the Access-Control-Allow-* headers, before routing', async () => {
    const app = await appWith({ methods: ['GET', 'POST'], allowedHeaders: 'content-type,x-token', maxAge: 600 });
    const res = await app.inject({
      method: 'OPTIONS', url: '/data',
      headers: { origin: 'https://a.example', 'access-control-request-method': 'POST', 'access-control-request-headers': 'x-token' },
    });
    expect(res.statusCode).to.equal(204);
    expect(res.headers['access-control-allow-origin']).to.equal('*');
    expect(res.headers['access-control-allow-methods']).to.equal('GET,POST');
    expect(res.headers['access-control-allow-headers']).to.equal('content-type,x-token');
    expect(res.headers['access-control-max-age']).to.equal('600');
    expect(res.body).to.equal('');
  });

  it('reflects the requested headers in a preflight when allowedHeaders is not set', async () => {
    const app = await appWith(true);
    const res = await app.inject({
      method: 'OPTIONS', url: '/data',
      headers: { origin: 'https://a.example', 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-custom' },
    });
    expect(res.headers['access-control-allow-headers']).to.equal('x-custom');
    expect(res.headers.vary).to.equal('Access-Control-Request-Headers');
  });

  it('reflects an origin from the allowed list with Vary: Origin', async () => {
    const app = await appWith({ origin: ['https://a.example', 'https://b.example'] });
    const res = await app.inject({ url: '/data', headers: { origin: 'https://b.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal('https://b.example');
    expect(res.headers.vary).to.equal('Origin');
  });

  it('sends no Allow-Origin for an origin outside the list, but still Vary: Origin', async () => {
    const app = await appWith({ origin: ['https://a.example'] });
    const res = await app.inject({ url: '/data', headers: { origin: 'https://evil.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
    expect(res.headers.vary).to.equal('Origin');
    const preflight = await app.inject({
      method: 'OPTIONS', url: '/data', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(preflight.statusCode).to.equal(204);
    expect(preflight.headers['access-control-allow-origin']).to.equal(undefined);
    expect(preflight.headers['access-control-allow-methods']).to.equal(undefined);
  });

  it('matches origins with a RegExp and a predicate', async () => {
    const byPattern = await appWith({ origin: /^https:\/\/[a-z]+\.example$/ });
    expect((await byPattern.inject({ url: '/data', headers: { origin: 'https://x.example' } })).headers['access-control-allow-origin'])
      .to.equal('https://x.example');
    expect((await byPattern.inject({ url: '/data', headers: { origin: 'https://x.example.evil' } })).headers['access-control-allow-origin'])
      .to.equal(undefined);
    const byFunction = await appWith({ origin: (o) => o.endsWith('.trusted') });
    expect((await byFunction.inject({ url: '/data', headers: { origin: 'https://app.trusted' } })).headers['access-control-allow-origin'])
      .to.equal('https://app.trusted');
  });

  it('reflects the origin instead of * when credentials are allowed, and exposes headers', async () => {
    const app = await appWith({ origin: true, credentials: true, exposedHeaders: ['X-Total'] });
    const res = await app.inject({ url: '/data', headers: { origin: 'https://a.example' } });
    expect(res.headers['access-control-allow-origin']).to.equal('https://a.example');
    expect(res.headers['access-control-allow-credentials']).to.equal('true');
    expect(res.headers['access-control-expose-headers']).to.equal('X-Total');
    expect(res.headers.vary).to.equal('Origin');
  });

  it('refuses an origin option of the wrong kind at createServer (WW_ERR_INVALID_OPTION)', async () => {
    let error: unknown;
    try {
      await appWith({ origin: 42 as never });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('WW_ERR_INVALID_OPTION');
  });

  it('works over a real socket', async () => {
    const app = await appWith({ origin: 'https://fixed.example' });
    const { port } = await app.listen(0);
    const res = await rawRequest(port, 'GET /data HTTP/1.1\r\nHost: x\r\nOrigin: https://fixed.example\r\nConnection: close\r\n\r\n');
    expect(res.headers['access-control-allow-origin']).to.equal('https://fixed.example');
    expect(JSON.parse(res.body)).to.deep.equal({ data: 1 });
  });
});
