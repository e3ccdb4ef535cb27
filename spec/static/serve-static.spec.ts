import { expect } from 'chai';
import fc from 'fast-check';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fetchRaw, RawClient } from './client';
import { makeFixture, SECRET, type Fixture } from './fixture';
import { FALLBACK_BODY, startStatic, type StaticServer } from './server';

describe('static: serveStatic over a real connection', () => {
  let fx: Fixture;
  let srv: StaticServer;
  const A = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789\n';

  before(async () => {
    fx = makeFixture();
    fx.file('a.txt', A);
    fx.file('index.html', '<p>root</p>');
    fx.file('sub/b.txt', 'B');
    fx.file('sub/index.html', '<p>sub</p>');
    fx.file('noindex/c.txt', 'C');
    fx.file('about.html', '<p>about</p>');
    fx.file('.env', 'TOKEN=dotfile-secret');
    fx.file('.git/config', '[core] dotfile-secret');
    fx.file('style.css', 'body{}');
    fx.file('logo.png', Buffer.from('89504e470d0a1a0a', 'hex'));
    fx.file('data.json', '{}');
    fx.file('empty.txt', '');
    fx.link('a.txt', 'link-inside.txt');
    fx.link(path.join(fx.base, 'outside.txt'), 'link-abs.txt');
    fx.link('../outside.txt', 'link-rel.txt');
    fx.link(path.join(fx.base, 'public-secret'), 'link-dir');
    srv = await startStatic('/static', fx.root);
  });
  after(async () => {
    await srv.close();
    fx.remove();
  });

  const get = (target: string, headers?: Record<string, string>) => fetchRaw(srv.port, target, { headers });

  describe('serving', () => {
    it('serves a file with its bytes, Content-Length and Content-Type', async () => {
      const r = await get('/static/a.txt');
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal(A);
      expect(r.headers['content-length']).to.equal(String(A.length));
      expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
      expect(r.headers['accept-ranges']).to.equal('bytes');
    });

    it('serves a file through an equivalent spelling of the prefix, as the router would route it (RFC 3986 §6.2.2)', async () => {
      const r = await get('/%73tatic/%61.txt');
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal(A);
    });

    it('types files by extension', async () => {
      expect((await get('/static/style.css')).headers['content-type']).to.equal('text/css; charset=utf-8');
      expect((await get('/static/logo.png')).headers['content-type']).to.equal('image/png');
      expect((await get('/static/data.json')).headers['content-type']).to.equal('application/json; charset=utf-8');
    });

    it('serves an empty file as 200 with Content-Length 0', async () => {
      const r = await get('/static/empty.txt');
      expect(r.status).to.equal(200);
      expect(r.headers['content-length']).to.equal('0');
    });

    it('serves a nested file', async () => {
      expect((await get('/static/sub/b.txt')).body.toString()).to.equal('B');
    });

    it("serves the root's index.html at the prefix with its slash", async () => {
      const r = await get('/static/');
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal('<p>root</p>');
      expect(r.headers['content-type']).to.equal('text/html; charset=utf-8');
    });

    it("serves a folder's index.html at the folder URL", async () => {
      expect((await get('/static/sub/')).body.toString()).to.equal('<p>sub</p>');
    });

    it('redirects a folder without its slash with 301, keeping the query', async () => {
      const r = await get('/static/sub?x=1&y=2');
      expect(r.status).to.equal(301);
      expect(r.headers.location).to.equal('/static/sub/?x=1&y=2');
    });

    it('redirects the bare prefix to the prefix with a slash', async () => {
      const r = await get('/static');
      expect(r.status).to.equal(301);
      expect(r.headers.location).to.equal('/static/');
    });

    it('never lists a folder without an index', async () => {
      const r = await get('/static/noindex/');
      expect(r.body.toString()).to.not.include('c.txt');
      expect(r.body.toString()).to.equal(FALLBACK_BODY);
    });

    it('sends validators and a revalidating Cache-Control by default', async () => {
      const r = await get('/static/a.txt');
      expect(r.headers.etag).to.match(/^W\/"[0-9a-f]+-[0-9a-f]+"$/);
      expect(r.headers['last-modified']).to.match(/GMT$/);
      expect(r.headers['cache-control']).to.equal('public, max-age=0');
    });

    it('leaves paths outside the prefix to the next handler', async () => {
      expect((await get('/other/a.txt')).body.toString()).to.equal(FALLBACK_BODY);
      expect((await get('/staticky/a.txt')).body.toString()).to.equal(FALLBACK_BODY);
    });

    it('lets a route answer when no file exists (fallthrough, the default)', async () => {
      expect((await get('/static/nope.txt')).body.toString()).to.equal(FALLBACK_BODY);
    });
  });

  describe('refusals', () => {
    const hostile: Array<[string, string]> = [
      ['a dot-dot segment', '/static/../outside.txt'],
      ['an encoded dot-dot', '/static/%2e%2e/outside.txt'],
      ['an encoded slash', '/static/..%2foutside.txt'],
      ['an encoded backslash', '/static/..%5coutside.txt'],
      ['a raw backslash', '/static/..\\outside.txt'],
      ['double encoding', '/static/%252e%252e/outside.txt'],
      ['overlong UTF-8', '/static/%c0%ae%c0%ae/outside.txt'],
      ['a NUL byte', '/static/a.txt%00.png'],
      ['an absolute path', '/static//etc/passwd'],
      ['an encoded absolute path', '/static/%2fetc%2fpasswd'],
      ['a drive letter', '/static/C:%5coutside.txt'],
      ['..;/', '/static/..;/outside.txt'],
      ['unicode full-width dots', '/static/%ef%bc%8e%ef%bc%8e/outside.txt'],
      ['a sibling-prefix folder', '/static/../public-secret/secret.txt'],
      ['an absolute symlink out of the root', '/static/link-abs.txt'],
      ['a relative symlink out of the root', '/static/link-rel.txt'],
      ['a symlinked folder out of the root', '/static/link-dir/secret.txt'],
    ];
    for (const [name, target] of hostile) {
      it(`answers 400/403/404 and never the outside bytes for ${name}: ${target}`, async () => {
        const r = await get(target);
        expect([400, 403, 404]).to.include(r.status);
        expect(r.body.toString('latin1')).to.not.include(SECRET);
      });
    }

    it('answers 400 itself for a dot segment (never handed to a route)', async () => {
      const r = await get('/static/sub/../a.txt');
      expect(r.status).to.equal(400);
      expect(r.body.toString()).to.not.equal(FALLBACK_BODY);
    });

    it('serves a symlink whose target stays inside the root', async () => {
      expect((await get('/static/link-inside.txt')).body.toString()).to.equal(A);
    });

    it('hides dotfiles by default (ignore: as if absent)', async () => {
      const r = await get('/static/.env');
      expect(r.status).to.equal(404);
      expect(r.body.toString()).to.not.include('dotfile-secret');
      expect((await get('/static/.git/config')).status).to.equal(404);
      expect((await get('/static/%2eenv')).status).to.equal(404);
    });

    // regression: a POST route at the path of an existing file (or folder, or the prefix
    // itself) was unreachable — the mount answered 405 first. As express.static does, other
    // methods go to the routes while the mount falls through.
    it('hands other methods on an existing file, folder or the prefix itself to the routes (fallthrough)', async () => {
      for (const target of ['/static/a.txt', '/static/sub/', '/static/sub', '/static']) {
        for (const method of ['POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS']) {
          const r = await fetchRaw(srv.port, target, { method, body: 'x' });
          expect(r.body.toString(), `${method} ${target}`).to.equal(FALLBACK_BODY);
        }
      }
    });

    it('answers 405 with Allow: GET, HEAD, OPTIONS to other methods on a file when fallthrough is false', async () => {
      const final = await startStatic('/static', fx.root, { fallthrough: false });
      try {
        for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
          const r = await fetchRaw(final.port, '/static/a.txt', { method, body: 'x' });
          expect(r.status, method).to.equal(405);
          expect(r.headers.allow).to.equal('GET, HEAD, OPTIONS');
        }
        expect((await fetchRaw(final.port, '/static/missing.txt', { method: 'POST', body: 'x' })).status).to.equal(404);
      } finally {
        await final.close();
      }
    });

    // regression: with fallthrough false, OPTIONS on a file got 405 — OPTIONS is how a client
    // asks which methods a resource supports (RFC 9110 §9.3.7).
    it('answers OPTIONS on a file or folder with 204 and Allow when fallthrough is false', async () => {
      const final = await startStatic('/static', fx.root, { fallthrough: false });
      try {
        for (const target of ['/static/a.txt', '/static/sub/', '/static/sub', '/static']) {
          const r = await fetchRaw(final.port, target, { method: 'OPTIONS' });
          expect(r.status, target).to.equal(204);
          expect(r.headers.allow, target).to.equal('GET, HEAD, OPTIONS');
          expect(r.body.length, target).to.equal(0);
        }
        expect((await fetchRaw(final.port, '/static/missing.txt', { method: 'OPTIONS' })).status).to.equal(404);
      } finally {
        await final.close();
      }
    });

    it('lets other methods fall through where no file exists', async () => {
      const r = await fetchRaw(srv.port, '/static/api/thing', { method: 'POST', body: '{}' });
      expect(r.body.toString()).to.equal(FALLBACK_BODY);
    });
  });

  describe('random traversal attempts (property)', () => {
    const pieces = [
      '/', '..', '.', '%2e', '%2E%2e', '%2f', '%5c', '\\', '%252e', '%25', '%00', '%c0%ae', ';', '%3b', '//',
      'public-secret', 'secret.txt', 'outside.txt', 'link-dir', 'link-abs.txt', 'link-rel.txt', 'sub', 'a.txt', 'C:', '%ef%bc%8e',
    ];
    const inside = new Set([A, '<p>root</p>', 'B', '<p>sub</p>', '<p>about</p>', 'body{}', '{}', '', FALLBACK_BODY]);

    it('never serves a byte from outside the root, whatever the path is made of', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...pieces), { minLength: 1, maxLength: 8 }), async (parts) => {
          const r = await get('/static/' + parts.join(''));
          const body = r.body.toString('latin1');
          if (body.includes(SECRET)) return false;
          if (![200, 206, 301, 400, 403, 404].includes(r.status)) return false;
          // a 200 is one of the files inside the root
          return r.status !== 200 || inside.has(r.body.toString('utf8')) || r.headers['content-type'] === 'image/png';
        }),
        { numRuns: 300 },
      );
    });
  });

  describe('conditional requests', () => {
    it('answers 304 with no body to a matching If-None-Match, repeating the ETag', async () => {
      const { headers } = await get('/static/a.txt');
      const r = await get('/static/a.txt', { 'If-None-Match': headers.etag });
      expect(r.status).to.equal(304);
      expect(r.headers.etag).to.equal(headers.etag);
      expect(r.headers['content-length']).to.equal(undefined);
    });

    it('answers 304 to a matching If-Modified-Since', async () => {
      const { headers } = await get('/static/a.txt');
      expect((await get('/static/a.txt', { 'If-Modified-Since': headers['last-modified'] })).status).to.equal(304);
    });

    it('answers 200 to an older If-Modified-Since', async () => {
      expect((await get('/static/a.txt', { 'If-Modified-Since': 'Mon, 01 Jan 1990 00:00:00 GMT' })).status).to.equal(200);
    });

    it('lets a non-matching If-None-Match win over a matching If-Modified-Since', async () => {
      const { headers } = await get('/static/a.txt');
      const r = await get('/static/a.txt', { 'If-None-Match': '"other"', 'If-Modified-Since': headers['last-modified'] });
      expect(r.status).to.equal(200);
    });
  });

  describe('ranges', () => {
    const size = A.length;
    const range = (spec: string, extra: Record<string, string> = {}) => get('/static/a.txt', { Range: spec, ...extra });

    it('answers 206 with Content-Range for the first bytes', async () => {
      const r = await range('bytes=0-9');
      expect(r.status).to.equal(206);
      expect(r.headers['content-range']).to.equal(`bytes 0-9/${size}`);
      expect(r.body.toString()).to.equal(A.slice(0, 10));
    });

    it('answers 206 for the last bytes (suffix range)', async () => {
      const r = await range('bytes=-5');
      expect(r.headers['content-range']).to.equal(`bytes ${size - 5}-${size - 1}/${size}`);
      expect(r.body.toString()).to.equal(A.slice(-5));
    });

    it('answers 206 to the end for an open-ended range', async () => {
      const r = await range('bytes=7-');
      expect(r.body.toString()).to.equal(A.slice(7));
    });

    it('answers 416 with Content-Range: bytes */size when no range is satisfiable', async () => {
      const r = await range(`bytes=${size}-`);
      expect(r.status).to.equal(416);
      expect(r.headers['content-range']).to.equal(`bytes */${size}`);
    });

    it('answers several ranges as multipart/byteranges with exact parts', async () => {
      const r = await range('bytes=0-1,10-12');
      expect(r.status).to.equal(206);
      const m = /^multipart\/byteranges; boundary=(\S+)$/.exec(r.headers['content-type']);
      expect(m).to.not.equal(null);
      const boundary = m![1];
      const text = r.body.toString('latin1');
      expect(r.body.length).to.equal(Number(r.headers['content-length']));
      expect(text).to.equal(
        `--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 0-1/${size}\r\n\r\nAB` +
          `\r\n--${boundary}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Range: bytes 10-12/${size}\r\n\r\nKLM` +
          `\r\n--${boundary}--\r\n`,
      );
    });

    it('ignores a Range with an unknown unit', async () => {
      const r = await range('items=0-5');
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal(A);
    });

    it('sends the whole file when If-Range names our weak ETag (weak tags never match If-Range)', async () => {
      const { headers } = await get('/static/a.txt');
      const r = await range('bytes=0-3', { 'If-Range': headers.etag });
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal(A);
    });

    it('honours the range when If-Range is the Last-Modified date', async () => {
      const { headers } = await get('/static/a.txt');
      const r = await range('bytes=0-3', { 'If-Range': headers['last-modified'] });
      expect(r.status).to.equal(206);
      expect(r.body.toString()).to.equal('ABCD');
    });

    it('sends the whole file for a stale If-Range', async () => {
      expect((await range('bytes=0-3', { 'If-Range': '"stale"' })).status).to.equal(200);
    });
  });

  describe('HEAD', () => {
    it('sends the GET headers with no body, and the connection stays in step', async () => {
      const client = new RawClient(srv.port);
      try {
        const h = await client.request('/static/a.txt', { method: 'HEAD' });
        expect(h.status).to.equal(200);
        expect(h.headers['content-length']).to.equal(String(A.length));
        expect(h.headers['content-type']).to.equal('text/plain; charset=utf-8');
        const g = await client.request('/static/sub/b.txt');
        expect(g.status).to.equal(200);
        expect(g.body.toString()).to.equal('B');
        expect(client.leftover).to.equal(0);
      } finally {
        client.close();
      }
    });
  });
});

describe('static: serveStatic options over a real connection', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'A');
    fx.file('about.html', '<p>about</p>');
    fx.file('.env', 'TOKEN=dotfile-secret');
    fx.file('sub/index.html', '<p>sub</p>');
    fx.link('a.txt', 'link-inside.txt');
  });
  after(() => fx.remove());

  async function withServer(options: Parameters<typeof startStatic>[2], fn: (port: number) => Promise<void>, prefix = '/static'): Promise<void> {
    const srv = await startStatic(prefix, fx.root, options);
    try {
      await fn(srv.port);
    } finally {
      await srv.close();
    }
  }

  it('answers 403 to a dotfile with dotfiles: deny', async () => {
    await withServer({ dotfiles: 'deny' }, async (port) => {
      expect((await fetchRaw(port, '/static/.env')).status).to.equal(403);
    });
  });

  it('serves a dotfile with dotfiles: allow', async () => {
    await withServer({ dotfiles: 'allow' }, async (port) => {
      expect((await fetchRaw(port, '/static/.env')).body.toString()).to.equal('TOKEN=dotfile-secret');
    });
  });

  it('answers 404 itself with fallthrough: false', async () => {
    await withServer({ fallthrough: false }, async (port) => {
      const r = await fetchRaw(port, '/static/nope.txt');
      expect(r.status).to.equal(404);
      expect(r.body.toString()).to.not.equal(FALLBACK_BODY);
    });
  });

  it('serves /about from about.html with extensions: [html]', async () => {
    await withServer({ extensions: ['html'] }, async (port) => {
      const r = await fetchRaw(port, '/static/about');
      expect(r.body.toString()).to.equal('<p>about</p>');
      expect(r.headers['content-type']).to.equal('text/html; charset=utf-8');
    });
  });

  it('neither redirects nor serves an index with index: false', async () => {
    await withServer({ index: false, fallthrough: false }, async (port) => {
      expect((await fetchRaw(port, '/static/sub')).status).to.equal(404);
      expect((await fetchRaw(port, '/static/sub/')).status).to.equal(404);
    });
  });

  it('refuses a symlink inside the root with followSymlinks: false', async () => {
    await withServer({ followSymlinks: false, fallthrough: false }, async (port) => {
      expect((await fetchRaw(port, '/static/link-inside.txt')).status).to.equal(404);
      expect((await fetchRaw(port, '/static/a.txt')).status).to.equal(200);
    });
  });

  it('sends Cache-Control with max-age and immutable', async () => {
    await withServer({ maxAge: 31536000, immutable: true }, async (port) => {
      expect((await fetchRaw(port, '/static/a.txt')).headers['cache-control']).to.equal('public, max-age=31536000, immutable');
    });
  });

  // RFC 9111 §3: an explicit max-age makes ANY status storable, so a long-lived 412 or 416
  // would be handed by a shared cache to every later plain GET of the URL.
  it('sends no Cache-Control of its own on a 412, so no cache keeps the refusal', async () => {
    await withServer({ maxAge: 31536000, immutable: true }, async (port) => {
      const r = await fetchRaw(port, '/static/a.txt', { headers: { 'If-Match': '"not-ours"' } });
      expect(r.status).to.equal(412);
      expect(r.headers['cache-control']).to.equal(undefined);
    });
  });

  it('sends no Cache-Control of its own on a 416, so no cache keeps the refusal', async () => {
    await withServer({ maxAge: 31536000, immutable: true }, async (port) => {
      const r = await fetchRaw(port, '/static/a.txt', { headers: { Range: 'bytes=5-' } });
      expect(r.status).to.equal(416);
      expect(r.headers['cache-control']).to.equal(undefined);
    });
  });

  it('still sends Cache-Control on a 304 and a 206 (RFC 9110 §15.4.5)', async () => {
    await withServer({ maxAge: 60 }, async (port) => {
      const { headers } = await fetchRaw(port, '/static/a.txt');
      const notModified = await fetchRaw(port, '/static/a.txt', { headers: { 'If-None-Match': headers.etag } });
      expect(notModified.status).to.equal(304);
      expect(notModified.headers['cache-control']).to.equal('public, max-age=60');
      const partial = await fetchRaw(port, '/static/a.txt', { headers: { Range: 'bytes=0-0' } });
      expect(partial.status).to.equal(206);
      expect(partial.headers['cache-control']).to.equal('public, max-age=60');
    });
  });

  // RFC 9110 §8.8.2.1: a modification time in the future (clock skew, an archive restored
  // with its dates) MUST be replaced by the message's own date; else a cache that sent it
  // back in If-Modified-Since would get 304s for every change until that future second.
  it('never sends a Last-Modified later than the Date of the response', async () => {
    const future = fx.file('future.txt', 'from tomorrow');
    const tomorrow = new Date(Date.now() + 86_400_000);
    fs.utimesSync(future, tomorrow, tomorrow);
    await withServer({}, async (port) => {
      const r = await fetchRaw(port, '/static/future.txt');
      expect(r.status).to.equal(200);
      expect(Date.parse(r.headers['last-modified'])).to.be.at.most(Date.parse(r.headers.date));
    });
  });

  it('sends neither ETag nor Last-Modified when both are off, and never 304', async () => {
    await withServer({ etag: false, lastModified: false }, async (port) => {
      const r = await fetchRaw(port, '/static/a.txt', { headers: { 'If-Modified-Since': 'Fri, 01 Jan 2100 00:00:00 GMT' } });
      expect(r.status).to.equal(200);
      expect(r.headers.etag).to.equal(undefined);
      expect(r.headers['last-modified']).to.equal(undefined);
    });
  });

  it('serves at the site root with prefix "/", redirects staying same-origin', async () => {
    await withServer({}, async (port) => {
      expect((await fetchRaw(port, '/a.txt')).body.toString()).to.equal('A');
      const r = await fetchRaw(port, '/sub');
      expect(r.headers.location).to.equal('/sub/');
      expect((await fetchRaw(port, '//sub')).status).to.equal(400);
    }, '/');
  });
});
