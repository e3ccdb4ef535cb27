/**
 * `preCompressed: true` over a real connection: which variant a client gets, its headers
 * (Content-Encoding, the plain file's type, Vary, a validator per coding), HEAD, 304 and Range
 * on a variant, and that a variant never opens what the mount would refuse.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { brotliCompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { fetchRaw } from './client';
import { makeFixture, SECRET, type Fixture } from './fixture';
import { FALLBACK_BODY, startStatic, type StaticServer } from './server';

describe('static: preCompressed', () => {
  let fx: Fixture;
  let srv: StaticServer;
  const JS = 'export const answer = 42;\n'.repeat(40);
  const CSS = 'body { color: red }\n'.repeat(40);
  const BR = brotliCompressSync(JS);
  const GZ = gzipSync(JS);

  before(async () => {
    fx = makeFixture();
    fx.file('app.js', JS);
    fx.file('app.js.br', BR);
    fx.file('app.js.gz', GZ);
    fx.file('style.css', CSS);
    fx.file('style.css.gz', gzipSync(CSS)); // no .br
    fx.file('plain.txt', 'no variants');
    fx.file('only-gz.js.gz', gzipSync('only compressed')); // no plain file
    fx.file('sub/index.html', '<p>sub</p>');
    fx.file('sub/index.html.br', brotliCompressSync('<p>sub</p>'));
    // A plain file and a "variant" of the same size and mtime: only the coding tells their tags apart.
    const twinTime = new Date('2024-01-02T03:04:05Z');
    fs.utimesSync(fx.file('twin.txt', 'x'.repeat(20)), twinTime, twinTime);
    fs.utimesSync(fx.file('twin.txt.gz', 'y'.repeat(20)), twinTime, twinTime);
    fx.file('folder-variant.js', 'plain');
    fs.mkdirSync(path.join(fx.root, 'folder-variant.js.gz')); // a folder, not a variant
    srv = await startStatic('/static', fx.root, { preCompressed: true });
  });
  after(async () => {
    await srv.close();
    fx.remove();
  });

  const get = (target: string, headers?: Record<string, string>, method?: string) => fetchRaw(srv.port, target, { headers, method });

  describe('choosing a variant', () => {
    it('serves the .br variant to a browser that accepts br and gzip', async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'gzip, deflate, br' });
      expect(r.status).to.equal(200);
      expect(r.headers['content-encoding']).to.equal('br');
      expect(r.body.equals(BR)).to.equal(true);
      expect(r.headers['content-length']).to.equal(String(BR.length));
    });

    it("labels a variant with the plain file's Content-Type", async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'br' });
      expect(r.headers['content-type']).to.match(/^text\/javascript/);
    });

    it('serves the .gz variant to a client that accepts only gzip', async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'gzip' });
      expect(r.headers['content-encoding']).to.equal('gzip');
      expect(gunzipSync(r.body).toString()).to.equal(JS);
      expect(r.headers['content-length']).to.equal(String(GZ.length));
    });

    it('falls back to .gz where no .br is stored', async () => {
      const r = await get('/static/style.css', { 'Accept-Encoding': 'br, gzip' });
      expect(r.headers['content-encoding']).to.equal('gzip');
      expect(r.headers['content-type']).to.match(/^text\/css/);
      expect(gunzipSync(r.body).toString()).to.equal(CSS);
    });

    it('follows the q-values: br;q=0 refuses br', async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'br;q=0, gzip' });
      expect(r.headers['content-encoding']).to.equal('gzip');
    });

    it('serves the plain file when identity is weighed above the codings', async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'identity, gzip;q=0.5, br;q=0.5' });
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.body.toString()).to.equal(JS);
    });

    it('serves the plain file, with Vary, to a client without Accept-Encoding', async () => {
      const r = await get('/static/app.js');
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.body.toString()).to.equal(JS);
      expect(r.headers.vary).to.equal('Accept-Encoding');
    });

    it('serves the plain file where no variant is stored, with Vary', async () => {
      const r = await get('/static/plain.txt', { 'Accept-Encoding': 'gzip, br' });
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.body.toString()).to.equal('no variants');
      expect(r.headers.vary).to.equal('Accept-Encoding');
    });

    it('skips a "variant" that is a folder', async () => {
      const r = await get('/static/folder-variant.js', { 'Accept-Encoding': 'gzip' });
      expect(r.status).to.equal(200);
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.body.toString()).to.equal('plain');
    });

    it("serves a folder index's variant", async () => {
      const r = await get('/static/sub/', { 'Accept-Encoding': 'br' });
      expect(r.headers['content-encoding']).to.equal('br');
      expect(r.headers['content-type']).to.match(/^text\/html/);
    });

    it('serves /x.js.gz asked for by name as itself: its own type, no Content-Encoding', async () => {
      const r = await get('/static/app.js.gz', { 'Accept-Encoding': 'gzip' });
      expect(r.status).to.equal(200);
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.headers['content-type']).to.equal('application/gzip');
      expect(r.body.equals(GZ)).to.equal(true);
    });
  });

  describe('a variant without its plain file (as @fastify/static)', () => {
    it('serves the variant to a client that accepts it', async () => {
      const r = await get('/static/only-gz.js', { 'Accept-Encoding': 'gzip' });
      expect(r.status).to.equal(200);
      expect(r.headers['content-encoding']).to.equal('gzip');
      expect(gunzipSync(r.body).toString()).to.equal('only compressed');
    });

    it('treats the file as missing for a client that does not accept it', async () => {
      const r = await get('/static/only-gz.js', { 'Accept-Encoding': 'br' });
      expect(r.body.toString()).to.equal(FALLBACK_BODY);
    });
  });

  describe('validators, HEAD and Range', () => {
    it('gives each coding its own ETag', async () => {
      const tags = new Set<string>();
      for (const ae of ['identity', 'gzip', 'br']) tags.add((await get('/static/app.js', { 'Accept-Encoding': ae })).headers.etag);
      expect(tags.size).to.equal(3);
    });

    it('answers 304, with Vary, to If-None-Match carrying the tag of the variant it serves', async () => {
      const tag = (await get('/static/app.js', { 'Accept-Encoding': 'gzip' })).headers.etag;
      const r = await get('/static/app.js', { 'Accept-Encoding': 'gzip', 'If-None-Match': tag });
      expect(r.status).to.equal(304);
      expect(r.headers.vary).to.equal('Accept-Encoding');
      expect(r.headers.etag).to.equal(tag);
    });

    it('gives a variant a tag of its own even when its size and mtime equal the plain file\'s', async () => {
      const plain = await get('/static/twin.txt');
      const gz = await get('/static/twin.txt', { 'Accept-Encoding': 'gzip' });
      expect(gz.headers['content-encoding']).to.equal('gzip');
      expect(gz.headers.etag).not.to.equal(plain.headers.etag);
    });

    it("does not answer 304 to the plain file with the gzip variant's tag", async () => {
      const gzTag = (await get('/static/twin.txt', { 'Accept-Encoding': 'gzip' })).headers.etag;
      const r = await get('/static/twin.txt', { 'If-None-Match': gzTag });
      expect(r.status).to.equal(200);
      expect(r.body.toString()).to.equal('x'.repeat(20));
    });

    it("does not answer 304 to the gzip variant with the plain file's tag (weak or strong form)", async () => {
      const plainTag = (await get('/static/twin.txt')).headers.etag;
      for (const tag of [plainTag, plainTag.replace(/^W\//, '')]) {
        const r = await get('/static/twin.txt', { 'Accept-Encoding': 'gzip', 'If-None-Match': tag });
        expect(r.status).to.equal(200);
        expect(r.headers['content-encoding']).to.equal('gzip');
      }
    });

    it('answers HEAD with the head the GET of the variant gets, and no body', async () => {
      const g = await get('/static/app.js', { 'Accept-Encoding': 'br' });
      const h = await get('/static/app.js', { 'Accept-Encoding': 'br' }, 'HEAD');
      expect(h.status).to.equal(200);
      expect(h.body.length).to.equal(0);
      for (const name of ['content-encoding', 'content-type', 'content-length', 'etag', 'vary']) expect(h.headers[name]).to.equal(g.headers[name]);
    });

    it('ignores Range on a variant: 200 with the whole variant and Accept-Ranges: none', async () => {
      const r = await get('/static/app.js', { 'Accept-Encoding': 'gzip', Range: 'bytes=0-9' });
      expect(r.status).to.equal(200);
      expect(r.headers['accept-ranges']).to.equal('none');
      expect(r.headers['content-range']).to.equal(undefined);
      expect(r.body.equals(GZ)).to.equal(true);
    });

    it('still serves ranges of the plain file', async () => {
      const r = await get('/static/app.js', { Range: 'bytes=0-5' });
      expect(r.status).to.equal(206);
      expect(r.body.toString()).to.equal(JS.slice(0, 6));
      expect(r.headers.vary).to.equal('Accept-Encoding');
    });
  });

  it('sends its 404 with Vary when it answers missing files itself (fallthrough: false)', async () => {
    const own = await startStatic('/static', fx.root, { preCompressed: true, fallthrough: false });
    try {
      const r = await fetchRaw(own.port, '/static/only-gz.js', { headers: { 'Accept-Encoding': 'identity' } });
      expect(r.status).to.equal(404);
      expect(r.headers.vary).to.equal('Accept-Encoding');
    } finally {
      await own.close();
    }
  });

  it('leaves .br and .gz siblings alone, and sends no Vary, without preCompressed', async () => {
    const off = await startStatic('/static', fx.root);
    try {
      const r = await fetchRaw(off.port, '/static/app.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
      expect(r.headers['content-encoding']).to.equal(undefined);
      expect(r.headers.vary).to.equal(undefined);
      expect(r.body.toString()).to.equal(JS);
    } finally {
      await off.close();
    }
  });
});

describe('static: preCompressed never opens what the mount would refuse', () => {
  let fx: Fixture;
  const servers: StaticServer[] = [];
  const GZIP = { 'Accept-Encoding': 'gzip, br' };

  before(() => {
    fx = makeFixture();
    fx.file('ok.js', 'plain ok');
    fx.link(path.join(fx.base, 'outside.txt'), 'ok.js.gz'); // variant leads out of the root
    fx.link('../outside.txt', 'gone.js.gz'); // no plain file; variant leads out
    fx.link(path.join(fx.base, 'public-secret', 'secret.txt'), 'sib.js.br'); // the sibling folder that starts like the root
    fx.file('.env.gz', SECRET); // a dotfile's variant
    fx.file('.hidden/app.js.gz', SECRET); // a variant under a dot folder
    fx.file('in.js', 'plain in');
    fx.file('real.gz', gzipSync('inside target'));
    fx.link('real.gz', 'in.js.gz'); // inside the root, but a symlink
  });
  after(async () => {
    for (const s of servers) await s.close();
    fx.remove();
  });

  async function start(options: object): Promise<number> {
    const s = await startStatic('/static', fx.root, { preCompressed: true, ...options });
    servers.push(s);
    return s.port;
  }

  function expectNoSecret(body: Buffer): void {
    expect(body.toString('latin1')).not.to.contain(SECRET);
  }

  it('serves the plain file, not a .gz symlink that leads outside the root', async () => {
    const r = await fetchRaw(await start({}), '/static/ok.js', { headers: GZIP });
    expect(r.headers['content-encoding']).to.equal(undefined);
    expect(r.body.toString()).to.equal('plain ok');
  });

  it('treats as missing a file whose only variant leads outside the root', async () => {
    const r = await fetchRaw(await start({}), '/static/gone.js', { headers: GZIP });
    expect(r.body.toString()).to.equal(FALLBACK_BODY);
  });

  it('never serves a variant from the sibling folder that starts like the root', async () => {
    const r = await fetchRaw(await start({}), '/static/sib.js', { headers: GZIP });
    expectNoSecret(r.body);
    expect(r.body.toString()).to.equal(FALLBACK_BODY);
  });

  it("ignores a dotfile's variant when dotfiles are ignored", async () => {
    const port = await start({});
    for (const target of ['/static/.env', '/static/.hidden/app.js', '/static/%2eenv']) {
      const r = await fetchRaw(port, target, { headers: GZIP });
      expectNoSecret(r.body);
      expect(r.body.toString(), target).to.equal(FALLBACK_BODY);
    }
  });

  it("refuses a dotfile's variant with 403 when dotfiles are denied", async () => {
    const r = await fetchRaw(await start({ dotfiles: 'deny' }), '/static/.env', { headers: GZIP });
    expect(r.status).to.equal(403);
    expectNoSecret(r.body);
  });

  it('refuses traversal forms before any variant is looked for', async () => {
    const port = await start({});
    for (const target of ['/static/../outside.txt', '/static/%2e%2e/outside.txt', '/static/..%2foutside.txt', '/static/sub/..%5c..%5coutside.txt']) {
      const r = await fetchRaw(port, target, { headers: GZIP });
      expect(r.status, target).to.equal(400);
      expectNoSecret(r.body);
    }
  });

  it('follows a variant symlink inside the root under the default policy', async () => {
    const r = await fetchRaw(await start({}), '/static/in.js', { headers: GZIP });
    expect(r.headers['content-encoding']).to.equal('gzip');
    expect(gunzipSync(r.body).toString()).to.equal('inside target');
  });

  it('refuses a variant symlink, even inside the root, under followSymlinks: false', async () => {
    const r = await fetchRaw(await start({ followSymlinks: false }), '/static/in.js', { headers: GZIP });
    expect(r.headers['content-encoding']).to.equal(undefined);
    expect(r.body.toString()).to.equal('plain in');
  });
});
