/**
 * docs/static-files.md: the page's example as written there (imports from the source instead
 * of 'wirework'; the relative paths are resolved in a scratch folder the spec moves into), and
 * the rows of "What a request gets" and "Options" that a new user meets first. The full
 * behaviour is in spec/static/; this keeps the page honest.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  serveStatic, StaticModule, Response, Module, Controller, Get, createServer, BootstrapError, App,
} from '../../src/index';

// ---- the example at the top of the page ------------------------------------------------------
@Controller()
class ReportsController {
  @Get('report')
  report() {
    return Response.file('reports/latest.csv', { maxAge: 60 });
  }
}

// forRoot checks its root at once, so the module is declared once the scratch folder exists.
function appModule() {
  @Module({
    imports: [StaticModule.forRoot({ prefix: '/assets', root: 'dist/assets', maxAge: 31536000, immutable: true })],
    controllers: [ReportsController],
  })
  class AppModule {}
  return AppModule;
}
// ---------------------------------------------------------------------------------------------

function bootstrapCode(run: () => unknown): string | undefined {
  try {
    run();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return (error as BootstrapError).code;
  }
  return undefined;
}

describe('docs/static-files.md', () => {
  const startDir = process.cwd();
  let scratch: string;
  let app: App;
  let AppModule: ReturnType<typeof appModule>;

  before(() => {
    scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-docs-static-'));
    for (const dir of ['public/docs', 'dist/assets', 'reports']) fs.mkdirSync(path.join(scratch, dir), { recursive: true });
    fs.writeFileSync(path.join(scratch, 'public/hello.txt'), 'hello file');
    fs.writeFileSync(path.join(scratch, 'public/docs/index.html'), '<p>docs</p>');
    fs.writeFileSync(path.join(scratch, 'public/.env'), 'SECRET=1');
    fs.writeFileSync(path.join(scratch, 'dist/assets/app.3f9a1c.js'), 'console.log(1)');
    fs.writeFileSync(path.join(scratch, 'reports/latest.csv'), 'a,b\n1,2\n');
    process.chdir(scratch);
    AppModule = appModule();
  });
  after(() => {
    process.chdir(startDir);
    fs.rmSync(scratch, { recursive: true, force: true });
  });

  beforeEach(async () => {
    app = await createServer(AppModule, { logger: false });
    app.use(serveStatic('/static', 'public', { maxAge: 3600 }));
  });
  afterEach(() => app.close());

  describe('the three ways of the example', () => {
    it('serves a file of the serveStatic mount with the headers the table lists', async () => {
      const res = await app.inject({ url: '/static/hello.txt' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('hello file');
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(res.headers['content-length']).to.equal('10');
      expect(res.headers['etag']).to.match(/^W\/"a-[0-9a-f]+"$/);
      expect(res.headers['last-modified']).to.be.a('string');
      expect(res.headers['cache-control']).to.equal('public, max-age=3600');
      expect(res.headers['accept-ranges']).to.equal('bytes');
    });

    it('serves the StaticModule.forRoot folder as immutable', async () => {
      const res = await app.inject({ url: '/assets/app.3f9a1c.js' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    });

    it('sends the file a handler returns with Response.file', async () => {
      const res = await app.inject({ url: '/report' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('a,b\n1,2\n');
      expect(res.headers['cache-control']).to.equal('public, max-age=60');
    });
  });

  describe('what a request gets', () => {
    it('hands a path that is only a look-alike of the prefix to the routes', async () => {
      const res = await app.inject({ url: '/staticky/hello.txt' });
      expect(res.statusCode).to.equal(404);
      expect(res.json<{ message: string }>().message).to.equal('Cannot GET /staticky/hello.txt');
    });

    it('answers HEAD with the head of the GET and no body', async () => {
      const res = await app.inject({ method: 'HEAD', url: '/static/hello.txt' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-length']).to.equal('10');
      expect(res.body).to.equal('');
    });

    it('serves the index file of a folder asked with its slash', async () => {
      const res = await app.inject({ url: '/static/docs/' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('<p>docs</p>');
    });

    it('redirects a folder without its slash with 301, keeping the query', async () => {
      const res = await app.inject({ url: '/static/docs?lang=en' });
      expect(res.statusCode).to.equal(301);
      expect(res.headers['location']).to.equal('/static/docs/?lang=en');
      expect((await app.inject({ url: '/static' })).headers['location']).to.equal('/static/');
    });

    it('hands a POST on an existing file to the routes (here none: 405 with Allow)', async () => {
      const res = await app.inject({ method: 'POST', url: '/static/hello.txt', body: 'x' });
      expect(res.statusCode).to.equal(405);
      expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
    });

    it('answers OPTIONS on an existing file with 204 and Allow', async () => {
      const res = await app.inject({ method: 'OPTIONS', url: '/static/hello.txt' });
      expect(res.statusCode).to.equal(204);
      expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
    });

    it('treats a dotfile as absent by default', async () => {
      const res = await app.inject({ url: '/static/.env' });
      expect(res.statusCode).to.equal(404);
      expect(res.body).to.not.contain('SECRET');
    });

    it('refuses a dot segment with 400 rather than normalising it', async () => {
      expect((await app.inject({ url: '/static/docs/../hello.txt' })).statusCode).to.equal(400);
    });

    it('answers 304 to a GET whose If-None-Match holds the ETag', async () => {
      const { headers } = await app.inject({ url: '/static/hello.txt' });
      const res = await app.inject({ url: '/static/hello.txt', headers: { 'if-none-match': headers['etag'] as string } });
      expect(res.statusCode).to.equal(304);
      expect(res.body).to.equal('');
    });

    it('answers 206 with Content-Range to a byte range', async () => {
      const res = await app.inject({ url: '/static/hello.txt', headers: { range: 'bytes=0-4' } });
      expect(res.statusCode).to.equal(206);
      expect(res.headers['content-range']).to.equal('bytes 0-4/10');
      expect(res.body).to.equal('hello');
    });
  });

  describe('options checked when the mount is created', () => {
    it('throws WW_ERR_STATIC_OPTIONS for an unknown option', () => {
      expect(bootstrapCode(() => serveStatic('/static', 'public', { maxage: 60 } as never))).to.equal('WW_ERR_STATIC_OPTIONS');
    });

    it('throws WW_ERR_STATIC_ROOT for a root that is not a folder', () => {
      expect(bootstrapCode(() => serveStatic('/static', 'no-such-folder'))).to.equal('WW_ERR_STATIC_ROOT');
    });

    it('throws a TypeError with code WW_ERR_FILE_OPTIONS at a Response.file call with a bad option', () => {
      let error: unknown;
      try {
        Response.file('reports/latest.csv', { maxAge: -1 });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(TypeError);
      expect((error as { code?: string }).code).to.equal('WW_ERR_FILE_OPTIONS');
    });
  });
});
