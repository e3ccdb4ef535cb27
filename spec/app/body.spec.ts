import { expect } from 'chai';
import { z } from 'zod';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body, Query, Req } from '../../src/core/decorators/params';
import { BodyLimit } from '../../src/core/decorators/body-limit';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { Module } from '../../src/core/di/module';
import type { Request } from '../../src/http/request';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

const CreateUser = z.object({ name: z.string().min(1), age: z.number().int().nonnegative() });
const Paging = z.object({ page: z.coerce.number().int().min(1).default(1) });

const refuseAll = { canActivate: () => false };

function describeValue(body: unknown) {
  return {
    kind: body === undefined ? 'undefined' : Buffer.isBuffer(body) ? 'buffer' : Array.isArray(body) ? 'array' : typeof body,
    proto: body !== null && typeof body === 'object' && !Buffer.isBuffer(body) ? (Object.getPrototypeOf(body) === null ? 'null' : 'object') : undefined,
    value: Buffer.isBuffer(body) ? [...body] : body,
  };
}

@Controller('b')
class BodyController {
  @Post('echo')
  echo(@Body() body: unknown) {
    return describeValue(body);
  }
  @Post('name')
  name(@Body('name') name: unknown, @Body('constructor') ctor: unknown) {
    return { name, ctor: ctor === undefined ? 'absent' : 'present' };
  }
  @Post('raw')
  raw(@Body() body: Buffer) {
    return { isBuffer: Buffer.isBuffer(body), length: body.length };
  }
  @Post('users')
  create(@Body(CreateUser) user: z.infer<typeof CreateUser>) {
    return user;
  }
  @Get('paging')
  paging(@Query(Paging) q: z.infer<typeof Paging>) {
    return q;
  }
  @Post('small')
  @BodyLimit(8)
  small(@Body() body: unknown) {
    return describeValue(body);
  }
  @Post('large')
  @BodyLimit(64 * 1024)
  large(@Body() body: string) {
    return { length: body.length };
  }
  @Post('ignore')
  ignore() {
    return 'ignored the body';
  }
  @Post('manual')
  async manual(@Req() req: Request) {
    return { text: await req.text() };
  }
  @Post('guarded')
  @UseGuards(refuseAll)
  guarded(@Body() body: unknown) {
    return body;
  }
}

@Module({ controllers: [BodyController] })
class AppModule {}

describe('request bodies', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(AppModule, { bodyLimit: 1024 });
    port = (await app.listen(0)).port;
  });
  after(() => app.close());

  const post = (url: string, body: string | Buffer, contentType?: string) =>
    app.inject({ method: 'POST', url, body, headers: contentType ? { 'content-type': contentType } : {} });

  it('parses a JSON body', async () => {
    const res = await post('/b/echo', '{"a":[1,2],"b":"x"}', 'application/json');
    expect(res.json()).to.deep.equal({ kind: 'object', proto: 'object', value: { a: [1, 2], b: 'x' } });
  });

  it('parses a +json media type as JSON', async () => {
    const res = await post('/b/echo', '[1]', 'application/merge-patch+json; charset=utf-8');
    expect(res.json()).to.deep.equal({ kind: 'array', proto: 'object', value: [1] });
  });

  it('answers 400 for malformed JSON', async () => {
    const res = await post('/b/echo', '{"a":', 'application/json');
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ message: string }>().message).to.match(/^The request body is not valid JSON/);
  });

  it('keeps __proto__, constructor and prototype keys out of parsed JSON', async () => {
    const res = await post('/b/echo', '{"__proto__":{"admin":true},"ok":1,"constructor":{"prototype":{"x":1}}}', 'application/json');
    expect(res.json()).to.deep.equal({ kind: 'object', proto: 'object', value: { ok: 1 } });
    expect(({} as Record<string, unknown>).admin).to.equal(undefined);
  });

  it('never hands out an inherited property for @Body(name)', async () => {
    const res = await post('/b/name', '{"name":"n"}', 'application/json');
    expect(res.json()).to.deep.equal({ name: 'n', ctor: 'absent' });
  });

  it('parses a urlencoded form into a null-prototype object with arrays for repeated keys', async () => {
    const res = await post('/b/echo', 'a=1&a=2&b=x+y', 'application/x-www-form-urlencoded');
    expect(res.json()).to.deep.equal({ kind: 'object', proto: 'null', value: { a: ['1', '2'], b: 'x y' } });
  });

  it('passes a text/* body as a string', async () => {
    const res = await post('/b/echo', 'plain words', 'text/plain');
    expect(res.json()).to.deep.equal({ kind: 'string', value: 'plain words' });
  });

  it('passes application/octet-stream as a Buffer', async () => {
    const res = await post('/b/echo', Buffer.from([1, 2, 3]), 'application/octet-stream');
    expect(res.json()).to.deep.equal({ kind: 'buffer', value: [1, 2, 3] });
  });

  it('passes the raw bytes to a @Body parameter typed Buffer, whatever the content type', async () => {
    const res = await post('/b/raw', '{"a":1}', 'application/json');
    expect(res.json()).to.deep.equal({ isBuffer: true, length: 7 });
  });

  it('answers 415 for an unsupported content type', async () => {
    const res = await post('/b/echo', '<a/>', 'application/xml');
    expect(res.statusCode).to.equal(415);
    expect(res.json<{ error: string }>().error).to.equal('Unsupported Media Type');
  });

  it('gives undefined for a request without a body', async () => {
    const res = await app.inject({ method: 'POST', url: '/b/echo' });
    expect(res.json()).to.deep.equal({ kind: 'undefined' });
  });

  it('gives undefined for an empty chunked body', async () => {
    const res = await rawRequest(port, 'POST /b/echo HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n0\r\n\r\n');
    expect(res.status).to.equal(201);
    expect(JSON.parse(res.body)).to.deep.equal({ kind: 'undefined' });
  });

  it('gives undefined for Content-Length: 0 whatever the content type', async () => {
    for (const type of ['application/json', 'application/x-www-form-urlencoded', 'text/plain', 'application/octet-stream']) {
      const res = await app.inject({ method: 'POST', url: '/b/echo', headers: { 'content-type': type, 'content-length': '0' } });
      expect(res.json(), type).to.deep.equal({ kind: 'undefined' });
    }
  });

  it('validates a body against a Standard Schema', async () => {
    const res = await app.inject({ method: 'POST', url: '/b/users', body: { name: 'Ada', age: 36 } });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ name: 'Ada', age: 36 });
  });

  it('answers 400 listing each schema issue with its path and message', async () => {
    const res = await app.inject({ method: 'POST', url: '/b/users', body: { name: '', age: 1.5 } });
    expect(res.statusCode).to.equal(400);
    const body = res.json<{ statusCode: number; error: string; message: string; issues: { path: string; message: string }[] }>();
    expect(body.statusCode).to.equal(400);
    expect(body.error).to.equal('Bad Request');
    expect(body.issues.map((i) => i.path)).to.deep.equal(['name', 'age']);
    expect(body.issues.every((i) => typeof i.message === 'string' && i.message.length > 0)).to.equal(true);
  });

  it('validates and coerces the query against a schema', async () => {
    expect((await app.inject({ url: '/b/paging?page=3' })).json()).to.deep.equal({ page: 3 });
    expect((await app.inject({ url: '/b/paging' })).json()).to.deep.equal({ page: 1 });
    expect((await app.inject({ url: '/b/paging?page=0' })).statusCode).to.equal(400);
  });

  it('answers 413 when the body passes the bodyLimit option', async () => {
    const res = await post('/b/echo', 'x'.repeat(2000), 'text/plain');
    expect(res.statusCode).to.equal(413);
    expect(res.json<{ statusCode: number; error: string }>()).to.include({ statusCode: 413, error: 'Content Too Large' });
  });

  it('answers 413 when the body passes a smaller @BodyLimit', async () => {
    const res = await post('/b/small', '"123456789"', 'application/json');
    expect(res.statusCode).to.equal(413);
  });

  it('accepts a body above the app limit on a route with a larger @BodyLimit', async () => {
    const res = await post('/b/large', 'y'.repeat(5000), 'text/plain');
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ length: 5000 });
  });

  it('answers a route without @Body even when a body was sent', async () => {
    const res = await post('/b/ignore', 'unused', 'text/plain');
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.equal('ignored the body');
  });

  it('lets a handler with @Req read the body itself', async () => {
    const res = await post('/b/manual', 'by hand', 'text/plain');
    expect(res.json()).to.deep.equal({ text: 'by hand' });
  });

  it('refuses with the guard before the body is read: 403 with no body bytes sent', async () => {
    // The head announces 100 bytes that never come: only an answer given before reading can arrive.
    const res = await rawRequest(port, 'POST /b/guarded HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\nConnection: close\r\n\r\n');
    expect(res.status).to.equal(403);
  });
});
