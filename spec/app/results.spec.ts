import { expect } from 'chai';
import { Readable } from 'node:stream';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Header, HttpCode, Redirect } from '../../src/core/decorators/response';
import { Query } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { Request } from '../../src/http/request';
import type { Response, Sendable } from '../../src/http/response';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Controller('r')
class ResultsController {
  @Get('object')
  object() {
    return { a: 1, nested: { b: [true, null] } };
  }
  @Get('array')
  array() {
    return [1, 'two'];
  }
  @Get('string')
  string() {
    return 'héllo';
  }
  @Get('buffer')
  buffer() {
    return Buffer.from([0, 1, 2, 255]);
  }
  @Get('uint8')
  uint8() {
    return new Uint8Array([7, 8]);
  }
  @Get('arraybuffer')
  arrayBuffer() {
    // what `await (await fetch(url)).arrayBuffer()` gives a handler that proxies a file
    return new Uint8Array([5, 6, 7]).buffer;
  }
  @Get('dataview')
  dataView() {
    return new DataView(new Uint8Array([1, 2, 3, 4]).buffer, 1, 2);
  }
  @Get('stream')
  stream() {
    return Readable.from(['part one, ', 'part two']);
  }
  @Get('undefined')
  nothing() {
    return undefined;
  }
  @Get('null')
  nul() {
    return null;
  }
  @Get('explicit-empty')
  @HttpCode(200)
  explicitEmpty() {
    return undefined;
  }
  @Post('created')
  created() {
    return { ok: true };
  }
  @Post('accepted')
  @HttpCode(202)
  accepted() {
    return { queued: true };
  }
  @Get('promise')
  async promise() {
    await new Promise((r) => setImmediate(r));
    return { later: true };
  }
  @Get('number')
  number() {
    return 42;
  }
  @Get('headers')
  @Header('Cache-Control', 'no-store')
  @Header('X-Twice', 'yes')
  headers() {
    return { h: true };
  }
  @Get('html')
  @Header('Content-Type', 'text/html; charset=utf-8')
  html() {
    return '<p>hi</p>';
  }
  @Get('redirect')
  @Redirect('https://example.com/docs', 301)
  redirect() {}
  @Get('redirect-dynamic')
  @Redirect('https://example.com/docs')
  redirectDynamic(@Query('v') v: string) {
    return v ? { url: `https://example.com/v${v}`, statusCode: 307 } : undefined;
  }
  @Get('sendable')
  sendable(): Sendable {
    return {
      sendTo(req: Request, res: Response) {
        res.status(203).text(`sent for ${req.path}`);
      },
    };
  }
}

@Module({ controllers: [ResultsController] })
class AppModule {}

describe('results', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(AppModule);
    port = (await app.listen(0)).port;
  });
  after(() => app.close());

  it('sends an object as JSON with a UTF-8 JSON content type', async () => {
    const res = await app.inject({ url: '/r/object' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ a: 1, nested: { b: [true, null] } });
  });

  it('sends an array as JSON', async () => {
    expect((await app.inject({ url: '/r/array' })).json()).to.deep.equal([1, 'two']);
  });

  it('sends a string as UTF-8 text/plain with its byte length', async () => {
    const res = await app.inject({ url: '/r/string' });
    expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    expect(res.headers['content-length']).to.equal(String(Buffer.byteLength('héllo')));
    expect(res.body).to.equal('héllo');
  });

  it('sends a Buffer as application/octet-stream, byte for byte', async () => {
    const res = await app.inject({ url: '/r/buffer' });
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect([...res.rawBody]).to.deep.equal([0, 1, 2, 255]);
  });

  it('sends a Uint8Array as application/octet-stream', async () => {
    const res = await app.inject({ url: '/r/uint8' });
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect([...res.rawBody]).to.deep.equal([7, 8]);
  });

  it('sends an ArrayBuffer as its bytes, application/octet-stream (regression: it was the JSON {})', async () => {
    const res = await app.inject({ url: '/r/arraybuffer' });
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect([...res.rawBody]).to.deep.equal([5, 6, 7]);
  });

  it('sends the bytes a DataView covers as application/octet-stream, not its JSON', async () => {
    const res = await app.inject({ url: '/r/dataview' });
    expect(res.headers['content-type']).to.equal('application/octet-stream');
    expect([...res.rawBody]).to.deep.equal([2, 3]);
  });

  it('streams a Readable with chunked transfer coding over a real socket', async () => {
    const res = await rawRequest(port, 'GET /r/stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).to.equal(200);
    expect(res.headers['transfer-encoding']).to.equal('chunked');
    expect(res.headers['content-length']).to.equal(undefined);
    expect(res.body).to.equal('a\r\npart one, \r\n8\r\npart two\r\n0\r\n\r\n');
  });

  it('answers 204 with no body for undefined', async () => {
    const res = await app.inject({ url: '/r/undefined' });
    expect(res.statusCode).to.equal(204);
    expect(res.body).to.equal('');
  });

  it('answers 204 for null', async () => {
    expect((await app.inject({ url: '/r/null' })).statusCode).to.equal(204);
  });

  it('answers an empty result with the @HttpCode status instead of 204', async () => {
    const res = await app.inject({ url: '/r/explicit-empty' });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.equal('');
  });

  it('answers a POST with 201 by default', async () => {
    expect((await app.inject({ method: 'POST', url: '/r/created' })).statusCode).to.equal(201);
  });

  it('lets @HttpCode override the default status', async () => {
    const res = await app.inject({ method: 'POST', url: '/r/accepted' });
    expect(res.statusCode).to.equal(202);
    expect(res.json()).to.deep.equal({ queued: true });
  });

  it('awaits a returned promise', async () => {
    expect((await app.inject({ url: '/r/promise' })).json()).to.deep.equal({ later: true });
  });

  it('sends a number as JSON', async () => {
    const res = await app.inject({ url: '/r/number' });
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.body).to.equal('42');
  });

  it('adds the @Header headers to the answer', async () => {
    const res = await app.inject({ url: '/r/headers' });
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-twice']).to.equal('yes');
  });

  it('keeps a Content-Type set with @Header over the one the result would get', async () => {
    const res = await app.inject({ url: '/r/html' });
    expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
    expect(res.body).to.equal('<p>hi</p>');
  });

  it('redirects with @Redirect(url, status)', async () => {
    const res = await app.inject({ url: '/r/redirect' });
    expect(res.statusCode).to.equal(301);
    expect(res.headers.location).to.equal('https://example.com/docs');
  });

  it('lets the handler override the redirect with { url, statusCode }', async () => {
    const res = await app.inject({ url: '/r/redirect-dynamic?v=2' });
    expect(res.statusCode).to.equal(307);
    expect(res.headers.location).to.equal('https://example.com/v2');
    const fallback = await app.inject({ url: '/r/redirect-dynamic' });
    expect(fallback.statusCode).to.equal(302);
    expect(fallback.headers.location).to.equal('https://example.com/docs');
  });

  it('sends a Sendable through its sendTo', async () => {
    const res = await app.inject({ url: '/r/sendable' });
    expect(res.statusCode).to.equal(203);
    expect(res.body).to.equal('sent for /r/sendable');
  });
});
