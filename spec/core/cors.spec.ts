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

  const bootstrapErrorOf = async (cors: ServerOptions['cors']): Promise<{ code?: string; message?: string } | undefined> => {
    try {
      await appWith(cors);
    } catch (e) {
      return e as { code?: string; message?: string };
    }
    return undefined;
  };

  it('refuses credentials with the default origin * at createServer, instead of letting every site read credentialed answers (regression: it reflected any origin)', async () => {
    const error = await bootstrapErrorOf({ credentials: true });
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error?.message).to.match(/origin: true/);
  });

  it('refuses credentials with an explicit origin * at createServer (Fetch §3.2.5: * is never credentialed)', async () => {
    const error = await bootstrapErrorOf({ origin: '*', credentials: true });
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
  });

  it('matches a RegExp inside an origin list, as the cors package does (regression: the list never matched it)', async () => {
    const app = await appWith({ origin: ['https://a.example', /^https:\/\/[a-z]+\.b\.example$/] });
    const byPattern = await app.inject({ url: '/data', headers: { origin: 'https://x.b.example' } });
    const byString = await app.inject({ url: '/data', headers: { origin: 'https://a.example' } });
    const refused = await app.inject({ url: '/data', headers: { origin: 'https://x.b.example.evil' } });
    expect(byPattern.headers['access-control-allow-origin']).to.equal('https://x.b.example');
    expect(byString.headers['access-control-allow-origin']).to.equal('https://a.example');
    expect(refused.headers['access-control-allow-origin']).to.equal(undefined);
  });

  it('refuses an origin list entry that is neither a string nor a RegExp at createServer', async () => {
    const error = await bootstrapErrorOf({ origin: ['https://a.example', 42 as never] });
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
  });

  it('refuses an async origin function at createServer (regression: its Promise was truthy, so every origin was allowed)', async () => {
    const error = await bootstrapErrorOf({ origin: (async () => false) as never });
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error?.message).to.match(/synchronously/);
  });

  it('refuses a cors-package callback origin function (origin, callback) at createServer, which would never be called back', async () => {
    const error = await bootstrapErrorOf({ origin: ((_origin: string, callback: (e: null, ok: boolean) => void) => callback(null, true)) as never });
    expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error?.message).to.match(/callback/);
  });

  it('refuses a cross-origin request whose origin function returned a Promise, answering 500 and allowing nothing (regression: a Promise allowed every origin)', async () => {
    const app = await appWith({ origin: ((origin: string) => Promise.resolve(origin === 'https://a.example')) as never });
    const res = await app.inject({ url: '/data', headers: { origin: 'https://evil.example' } });
    expect(res.statusCode).to.equal(500);
    expect(res.headers['access-control-allow-origin']).to.equal(undefined);
  });

  for (const origin of ['https://a.example/', 'https://a.example/app', 'a.example']) {
    it(`refuses cors.origin '${origin}' at createServer, since a browser's Origin (scheme://host[:port]) never equals it`, async () => {
      const alone = await bootstrapErrorOf({ origin });
      const inList = await bootstrapErrorOf({ origin: ['https://b.example', origin] });
      expect(alone?.code).to.equal('WW_ERR_INVALID_OPTION');
      expect(inList?.code).to.equal('WW_ERR_INVALID_OPTION');
    });
  }

  it('accepts origins with a port, a non-http scheme, and the opaque origin null', async () => {
    const app = await appWith({ origin: ['http://localhost:3000', 'capacitor://localhost', 'null'] });
    const res = await app.inject({ url: '/data', headers: { origin: 'http://localhost:3000' } });
    expect(res.headers['access-control-allow-origin']).to.equal('http://localhost:3000');
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
