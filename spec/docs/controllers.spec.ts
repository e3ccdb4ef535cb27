/**
 * docs/controllers.md: its examples as written there (imports from the source instead of
 * 'wirework'), and the answers the page's tables promise. Keep the two in sync.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  Controller, Get, Post, Put, Delete, All, Param, Query, Body, Headers, HttpCode, Header, Redirect, BodyLimit, Res, Req,
  ParseIntPipe, Module, createServer, Response, Request, App, BootstrapError,
} from '../../src/index';

// ---- the CatsController at the top of the page ----------------------------------------------
@Controller('cats')
export class CatsController {
  private readonly cats = new Map<number, { id: number; name: string }>([[1, { id: 1, name: 'Tom' }]]);

  @Get()
  list(@Query('name') name?: string) {
    const all = [...this.cats.values()];
    return name === undefined ? all : all.filter((c) => c.name === name);
  }

  @Get(':id(\\d+)')
  findOne(@Param('id', ParseIntPipe) id: number) {
    return this.cats.get(id) ?? null;          // null → 204 No Content
  }

  @Post()
  create(@Body() body: { name: string }) {      // POST → 201 Created
    const cat = { id: this.cats.size + 1, name: body.name };
    this.cats.set(cat.id, cat);
    return cat;
  }

  @Put(':id(\\d+)')
  @HttpCode(200)
  rename(@Param('id', ParseIntPipe) id: number, @Body('name') name: string) {
    const cat = this.cats.get(id);
    if (cat) cat.name = name;
    return cat;
  }

  @Delete(':id(\\d+)')
  remove(@Param('id', ParseIntPipe) id: number): void {
    this.cats.delete(id);                       // undefined → 204 No Content
  }
}

// ---- the smaller examples (Headers, passthrough, Redirects, Body limits), on one controller --
interface Credentials { user: string; remember?: boolean }

@Controller()
class ExamplesController {
  @Post('login')
  login(@Body() body: Credentials, @Res({ passthrough: true }) res: Response) {
    res.appendHeader('Set-Cookie', 'session=abc123; HttpOnly; Path=/');
    if (body.remember) res.status(202);
    return { ok: true };                                 // sent: 202 (else 201), JSON
  }

  @Get('report')
  report(@Res() res: Response) {
    res.setHeader('X-Report', 'v2');
    res.json({ ok: true }, 202);
  }

  @Get('old')
  @Redirect('/new', 301)
  old() {}                                          // 301, Location: /new

  @Get('docs')
  @Redirect('https://example.com/docs')             // 302 by default
  docs(@Query('v') v?: string) {
    if (v) return { url: `https://example.com/docs/${v}` };   // overrides the URL
  }

  @Post('avatar')
  @BodyLimit(5 * 1024 * 1024)
  upload(@Body() image: Buffer) { return { bytes: image.length }; }
}

// ---- routes behind the tables (syntax, priority, results, bodies) ----------------------------
@Controller()
class TablesController {
  @Get('users/me') me() { return 'me'; }
  @Get('users/:id(\\d+)') byId(@Param('id') id: string) { return { route: 'id', id }; }
  @Get('users/:slug') bySlug(@Param('slug') slug: string) { return { route: 'slug', slug }; }
  @Get('files/*path') file(@Param('path') path: string) { return { route: 'wildcard', path }; }
  @Get('files/:name') named(@Param('name') name: string) { return { route: 'name', name }; }
  @Get('things:batchGet') batch() { return 'literal colon'; }
  @Get('café') cafe() { return 'café'; }
  @Get('any') getAny() { return 'get'; }
  @All('any') any(@Req() req: Request) { return `all ${req.method}`; }
  @Get('q') q(@Query('t') t: unknown) { return { t: t ?? 'absent' }; }
  @Get('h') h(@Headers('x-key') key: string) { return { key }; }
  @Get('object') object() { return { a: 1 }; }
  @Get('string') string() { return 'héllo'; }
  @Get('bytes') bytes() { return Buffer.from([1, 2, 3]); }
  @Get('stream') stream() { return Readable.from(['a', 'b']); }
  @Get('iterable') async *iterable() { yield 'x'; yield 'y'; }
  @Post('empty') @HttpCode(202) empty() {}
  @Get('cached') @Header('Cache-Control', 'no-store') cached() { return 'x'; }
  @Post('echo') echo(@Body() body: unknown) { return { type: Buffer.isBuffer(body) ? 'Buffer' : body === undefined ? 'undefined' : typeof body, body: Buffer.isBuffer(body) ? body.toString() : body ?? null }; }
  @Post('raw') raw(@Body() body: Buffer) { return { isBuffer: Buffer.isBuffer(body) }; }
}

@Module({ controllers: [CatsController, ExamplesController, TablesController] })
class AppModule {}

describe('docs/controllers.md', () => {
  let app: App;
  beforeEach(async () => {
    app = await createServer(AppModule, {
      logger: false,
      cors: { origin: ['https://app.example.com'], credentials: true, maxAge: 600 },
    });
  });
  afterEach(() => app.close());

  describe('the CatsController example', () => {
    it('lists the cats, filtered by ?name', async () => {
      expect((await app.inject({ url: '/cats' })).json()).to.deep.equal([{ id: 1, name: 'Tom' }]);
      expect((await app.inject({ url: '/cats?name=Felix' })).json()).to.deep.equal([]);
    });

    it('answers 204 when findOne returns null', async () => {
      const res = await app.inject({ url: '/cats/7' });
      expect(res.statusCode).to.equal(204);
      expect(res.body).to.equal('');
    });

    it('answers 404 for /cats/abc, which the \\d+ constraint does not match', async () => {
      expect((await app.inject({ url: '/cats/abc' })).statusCode).to.equal(404);
    });

    it('creates with 201, renames with the @HttpCode 200, deletes with 204', async () => {
      const created = await app.inject({ method: 'POST', url: '/cats', body: { name: 'Felix' } });
      expect(created.statusCode).to.equal(201);
      expect(created.json()).to.deep.equal({ id: 2, name: 'Felix' });
      const renamed = await app.inject({ method: 'PUT', url: '/cats/2', body: { name: 'Garfield' } });
      expect(renamed.statusCode).to.equal(200);
      expect(renamed.json()).to.deep.equal({ id: 2, name: 'Garfield' });
      expect((await app.inject({ method: 'DELETE', url: '/cats/2' })).statusCode).to.equal(204);
    });
  });

  describe('path syntax and matching', () => {
    it('keeps the trailing slash strict: /cats/ is a 404', async () => {
      expect((await app.inject({ url: '/cats/' })).statusCode).to.equal(404);
    });

    it('lets /cats/ find /cats under createServer({ ignoreTrailingSlash: true }), which the page names as an option', async () => {
      const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'controllers.md'), 'utf8');
      expect(page).to.contain('`createServer(M, { ignoreTrailingSlash: true })`');
      expect(page).not.to.contain('does not expose it');
      const lenient = await createServer(AppModule, { logger: false, ignoreTrailingSlash: true });
      try {
        expect((await lenient.inject({ url: '/cats/' })).statusCode).to.equal(200);
      } finally {
        await lenient.close();
      }
    });

    it('prefers static over constrained over plain params, whatever the order', async () => {
      expect((await app.inject({ url: '/users/me' })).body).to.equal('me');
      expect((await app.inject({ url: '/users/42' })).json()).to.deep.equal({ route: 'id', id: '42' });
      expect((await app.inject({ url: '/users/abc' })).json()).to.deep.equal({ route: 'slug', slug: 'abc' });
    });

    it('prefers a param over a wildcard, and gives the wildcard the rest of the path', async () => {
      expect((await app.inject({ url: '/files/a' })).json()).to.deep.equal({ route: 'name', name: 'a' });
      expect((await app.inject({ url: '/files/a/b.txt' })).json()).to.deep.equal({ route: 'wildcard', path: 'a/b.txt' });
      expect((await app.inject({ url: '/files/' })).json()).to.deep.equal({ route: 'wildcard', path: '' });
      expect((await app.inject({ url: '/files' })).statusCode).to.equal(404);
    });

    it('decodes params once after matching: %2F stays inside the param', async () => {
      expect((await app.inject({ url: '/users/a%2Fb' })).json()).to.deep.equal({ route: 'slug', slug: 'a/b' });
    });

    it('answers 400 for a bad escape and 414 for a param over 100 characters', async () => {
      expect((await app.inject({ url: '/users/%E0%A4%A' })).statusCode).to.equal(400);
      expect((await app.inject({ url: `/users/${'a'.repeat(101)}` })).statusCode).to.equal(414);
    });

    it('matches a static segment with non-ASCII against its percent-encoded form', async () => {
      expect((await app.inject({ url: '/caf%C3%A9' })).body).to.equal('café');
    });

    it('reads a colon inside a segment literally', async () => {
      expect((await app.inject({ url: '/things:batchGet' })).body).to.equal('literal colon');
    });

    it('matches case-sensitively', async () => {
      expect((await app.inject({ url: '/CATS' })).statusCode).to.equal(404);
    });

    it('gives GET to @Get and every other method to @All on the same pattern', async () => {
      expect((await app.inject({ url: '/any' })).body).to.equal('get');
      expect((await app.inject({ method: 'PATCH', url: '/any' })).body).to.equal('all PATCH');
    });
  });

  describe('bootstrap errors of routes', () => {
    async function bootstrapCode(controller: Function): Promise<string | undefined> {
      @Module({ controllers: [controller as new () => object] })
      class M {}
      try {
        await createServer(M, { logger: false });
      } catch (error) {
        expect(error).to.be.instanceOf(BootstrapError);
        return (error as BootstrapError).code;
      }
      return undefined;
    }

    it('refuses two routes that match the same paths (WW_ERR_ROUTE_CONFLICT)', async () => {
      @Controller() class X { @Get(':a') a() {} @Get('{b}') b() {} }
      expect(await bootstrapCode(X)).to.equal('WW_ERR_ROUTE_CONFLICT');
    });

    it('refuses a param that is not a whole segment (WW_ERR_BAD_ROUTE_PATTERN)', async () => {
      @Controller() class X { @Get(':name.json') a() {} }
      expect(await bootstrapCode(X)).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses a constraint with a capturing group (WW_ERR_BAD_ROUTE_PATTERN)', async () => {
      @Controller() class X { @Get(':a(\\d+|(x))') a() {} }
      expect(await bootstrapCode(X)).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses a constraint that can backtrack catastrophically (WW_ERR_UNSAFE_ROUTE_CONSTRAINT)', async () => {
      @Controller() class X { @Get(':a((a+)+)') a() {} }
      @Controller() class Y { @Get(':a(\\w+\\w+)') a() {} }
      expect(await bootstrapCode(X)).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
      expect(await bootstrapCode(Y)).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
    });

    it('accepts repeats split by a character the first cannot match', async () => {
      @Controller() class X { @Get(':v(\\d+\\.\\d+)') a() {} @Get('x/:s([a-z0-9-]+)') b() {} }
      expect(await bootstrapCode(X)).to.equal(undefined);
    });
  });

  describe('404, 405, HEAD and OPTIONS', () => {
    it('answers 404 with the JSON error body', async () => {
      const res = await app.inject({ url: '/nope' });
      expect(res.statusCode).to.equal(404);
      expect(res.json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nope' });
    });

    it('answers 405 with Allow when the path exists under other methods', async () => {
      const res = await app.inject({ method: 'PATCH', url: '/cats/1' });
      expect(res.statusCode).to.equal(405);
      expect(res.headers.allow).to.equal('GET, HEAD, PUT, DELETE, OPTIONS');
    });

    it('serves HEAD with the GET route: headers and Content-Length, no body', async () => {
      const res = await app.inject({ method: 'HEAD', url: '/cats' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-length']).to.equal(String(JSON.stringify([{ id: 1, name: 'Tom' }]).length));
      expect(res.body).to.equal('');
    });

    it('answers OPTIONS with 204 and Allow, and 404 for a path that does not exist', async () => {
      const res = await app.inject({ method: 'OPTIONS', url: '/cats' });
      expect(res.statusCode).to.equal(204);
      expect(res.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      expect((await app.inject({ method: 'OPTIONS', url: '/nope' })).statusCode).to.equal(404);
    });
  });

  describe('parameters', () => {
    it('gives a repeated query value as an array, and undefined when absent', async () => {
      expect((await app.inject({ url: '/q?t=a&t=b' })).json()).to.deep.equal({ t: ['a', 'b'] });
      expect((await app.inject({ url: '/q' })).json()).to.deep.equal({ t: 'absent' });
    });

    it('reads a header case-insensitively, repeats joined with ", "', async () => {
      const res = await app.inject({ url: '/h', headers: { 'X-Key': ['a', 'b'] } });
      expect(res.json()).to.deep.equal({ key: 'a, b' });
    });
  });

  describe('results → responses', () => {
    it('sends an object as UTF-8 JSON', async () => {
      const res = await app.inject({ url: '/object' });
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.body).to.equal('{"a":1}');
    });

    it('sends a string as UTF-8 text/plain with its byte length', async () => {
      const res = await app.inject({ url: '/string' });
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers['content-length']).to.equal('6');
      expect(res.body).to.equal('héllo');
    });

    it('sends bytes as application/octet-stream', async () => {
      const res = await app.inject({ url: '/bytes' });
      expect(res.headers['content-type']).to.equal('application/octet-stream');
      expect([...res.rawBody]).to.deep.equal([1, 2, 3]);
    });

    it('streams a Readable and an async iterable, chunked', async () => {
      for (const url of ['/stream', '/iterable']) {
        const res = await app.inject({ url });
        expect(res.headers['transfer-encoding']).to.equal('chunked');
        expect(res.headers['content-type']).to.equal('application/octet-stream');
      }
      expect((await app.inject({ url: '/stream' })).body).to.equal('ab');
      expect((await app.inject({ url: '/iterable' })).body).to.equal('xy');
    });

    it('sends an empty result with the @HttpCode status and Content-Length: 0', async () => {
      const res = await app.inject({ method: 'POST', url: '/empty' });
      expect(res.statusCode).to.equal(202);
      expect(res.headers['content-length']).to.equal('0');
    });

    it('adds @Header to successful answers', async () => {
      expect((await app.inject({ url: '/cached' })).headers['cache-control']).to.equal('no-store');
    });

    it('lets a handler with @Res() answer itself (the report example)', async () => {
      const res = await app.inject({ url: '/report' });
      expect(res.statusCode).to.equal(202);
      expect(res.headers['x-report']).to.equal('v2');
      expect(res.json()).to.deep.equal({ ok: true });
    });

    it('sends the passthrough login example as the page says: its cookie, then 202 with remember and 201 without', async () => {
      const page = fs.readFileSync(path.join(__dirname, '..', '..', 'docs', 'controllers.md'), 'utf8');
      expect(page).to.contain("res.appendHeader('Set-Cookie', 'session=abc123; HttpOnly; Path=/');");
      const remembered = await app.inject({ method: 'POST', url: '/login', body: { user: 'ada', remember: true } });
      expect(remembered.statusCode).to.equal(202);
      expect(remembered.headers['set-cookie']).to.deep.equal(['session=abc123; HttpOnly; Path=/']);
      expect(remembered.json()).to.deep.equal({ ok: true });
      expect((await app.inject({ method: 'POST', url: '/login', body: { user: 'ada' } })).statusCode).to.equal(201);
    });

    it('redirects as the Redirects example says', async () => {
      const old = await app.inject({ url: '/old' });
      expect(old.statusCode).to.equal(301);
      expect(old.headers.location).to.equal('/new');
      const docs = await app.inject({ url: '/docs' });
      expect(docs.statusCode).to.equal(302);
      expect(docs.headers.location).to.equal('https://example.com/docs');
      expect((await app.inject({ url: '/docs?v=2' })).headers.location).to.equal('https://example.com/docs/2');
    });
  });

  describe('bodies', () => {
    const post = (body: string, contentType?: string) =>
      app.inject({ method: 'POST', url: '/echo', body, headers: contentType ? { 'content-type': contentType } : {} });

    it('parses JSON and +json', async () => {
      expect((await post('{"a":1}', 'application/json')).json()).to.deep.equal({ type: 'object', body: { a: 1 } });
      expect((await post('{"a":1}', 'application/merge-patch+json')).json()).to.deep.equal({ type: 'object', body: { a: 1 } });
    });

    it('answers 400 for malformed JSON', async () => {
      const res = await post('{bad', 'application/json');
      expect(res.statusCode).to.equal(400);
      expect(res.json<{ message: string }>().message).to.match(/^The request body is not valid JSON: /);
    });

    it('parses a form with + as space and repeated keys as arrays', async () => {
      const res = await post('a=1&a=2&b=x+y', 'application/x-www-form-urlencoded');
      expect(res.json()).to.deep.equal({ type: 'object', body: { a: ['1', '2'], b: 'x y' } });
    });

    it('gives text/* as a string, octet-stream and no Content-Type as a Buffer', async () => {
      expect((await post('hi', 'text/plain')).json()).to.deep.equal({ type: 'string', body: 'hi' });
      expect((await post('hi', 'application/octet-stream')).json()).to.deep.equal({ type: 'Buffer', body: 'hi' });
      expect((await post('hi')).json()).to.deep.equal({ type: 'Buffer', body: 'hi' });
    });

    it('answers 415 for another Content-Type', async () => {
      expect((await post('<a/>', 'application/xml')).statusCode).to.equal(415);
    });

    it('gives undefined for no body', async () => {
      expect((await app.inject({ method: 'POST', url: '/echo' })).json()).to.deep.equal({ type: 'undefined', body: null });
    });

    it('gives a Buffer-typed @Body the raw bytes whatever the Content-Type', async () => {
      const res = await app.inject({ method: 'POST', url: '/raw', body: '{"a":1}', headers: { 'content-type': 'application/json' } });
      expect(res.json()).to.deep.equal({ isBuffer: true });
    });

    it('answers 413 over the body limit and accepts more on a @BodyLimit route', async () => {
      const small = await createServer(AppModule, { logger: false, bodyLimit: 10 });
      try {
        const refused = await small.inject({ method: 'POST', url: '/echo', body: 'x'.repeat(11), headers: { 'content-type': 'text/plain' } });
        expect(refused.statusCode).to.equal(413);
        expect(refused.json<{ error: string }>().error).to.equal('Content Too Large');
        expect(refused.headers.connection).to.equal('close');
        const avatar = await small.inject({ method: 'POST', url: '/avatar', body: Buffer.alloc(1000) });
        expect(avatar.json()).to.deep.equal({ bytes: 1000 });
      } finally {
        await small.close();
      }
    });
  });

  describe('CORS (the example options)', () => {
    const origin = 'https://app.example.com';

    it('answers a preflight with 204 before routing, for any path', async () => {
      const res = await app.inject({
        method: 'OPTIONS', url: '/no/such/route',
        headers: { origin, 'access-control-request-method': 'PUT', 'access-control-request-headers': 'x-key' },
      });
      expect(res.statusCode).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal(origin);
      expect(res.headers['access-control-allow-credentials']).to.equal('true');
      expect(res.headers['access-control-allow-methods']).to.equal('GET,HEAD,PUT,PATCH,POST,DELETE');
      expect(res.headers['access-control-allow-headers']).to.equal('x-key');
      expect(res.headers['access-control-max-age']).to.equal('600');
    });

    it('sends no Allow-* headers to a refused origin', async () => {
      const res = await app.inject({ method: 'OPTIONS', url: '/cats', headers: { origin: 'https://evil.example', 'access-control-request-method': 'GET' } });
      expect(res.statusCode).to.equal(204);
      expect(res.headers['access-control-allow-origin']).to.equal(undefined);
      expect(res.headers.vary).to.equal('Origin');
    });

    it('keeps the CORS headers on error answers', async () => {
      const res = await app.inject({ url: '/nope', headers: { origin } });
      expect(res.statusCode).to.equal(404);
      expect(res.headers['access-control-allow-origin']).to.equal(origin);
    });

    it('adds nothing to a request without Origin', async () => {
      expect((await app.inject({ url: '/cats' })).headers['access-control-allow-origin']).to.equal(undefined);
    });
  });
});
