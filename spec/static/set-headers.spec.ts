/**
 * `setHeaders(res, path, stat)` over a real connection: when it is called, with what, whose
 * headers win, and a hook that throws — a 500 without its headers or the file, the
 * descriptor closed.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Response } from '../../src/http/response';
import { fetchRaw } from './client';
import { makeFixture, type Fixture } from './fixture';
import { FALLBACK_BODY, startStatic, type StaticServer } from './server';

interface Call {
  path: string;
  size: number;
}

describe('static: setHeaders', () => {
  let fx: Fixture;
  const servers: StaticServer[] = [];

  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'AAAA');
    fx.file('report.pdf', '%PDF-1.4');
    fx.file('about.html', '<p>about</p>');
    fx.file('docs/index.html', '<p>docs</p>');
    fx.file('app.js', 'export {};\n'.repeat(30));
    fx.file('app.js.gz', gzipSync('export {};\n'.repeat(30)));
    fx.link('a.txt', 'link.txt');
  });
  after(async () => {
    for (const s of servers) await s.close();
    fx.remove();
  });

  async function start(options: object): Promise<number> {
    const s = await startStatic('/static', fx.root, options);
    servers.push(s);
    return s.port;
  }

  /** A server whose hook records each call and adds X-Hooked. */
  async function recording(extra: object = {}): Promise<{ port: number; calls: Call[] }> {
    const calls: Call[] = [];
    const port = await start({
      ...extra,
      setHeaders(res: Response, file: string, stat: fs.Stats) {
        calls.push({ path: file, size: stat.size });
        res.setHeader('X-Hooked', 'yes');
      },
    });
    return { port, calls };
  }

  it("adds the hook's headers to a file's answer", async () => {
    const { port } = await recording();
    const r = await fetchRaw(port, '/static/a.txt');
    expect(r.status).to.equal(200);
    expect(r.headers['x-hooked']).to.equal('yes');
    expect(r.body.toString()).to.equal('AAAA');
  });

  it("passes the file's absolute path under the root's real path, and its stat", async () => {
    const { port, calls } = await recording();
    await fetchRaw(port, '/static/a.txt');
    expect(calls).to.deep.equal([{ path: path.join(fx.root, 'a.txt'), size: 4 }]);
  });

  it('passes the path the URL resolved to: the index of a folder, the name an extension completed', async () => {
    const { port, calls } = await recording({ extensions: ['html'] });
    await fetchRaw(port, '/static/docs/');
    await fetchRaw(port, '/static/about');
    expect(calls.map((c) => c.path)).to.deep.equal([path.join(fx.root, 'docs', 'index.html'), path.join(fx.root, 'about.html')]);
  });

  it('passes the name of a symlink below the root, not its target (as serve-static)', async () => {
    const { port, calls } = await recording();
    await fetchRaw(port, '/static/link.txt');
    expect(calls.map((c) => c.path)).to.deep.equal([path.join(fx.root, 'link.txt')]);
  });

  it("passes a pre-compressed variant's plain path with the variant's stat", async () => {
    const { port, calls } = await recording({ preCompressed: true });
    const r = await fetchRaw(port, '/static/app.js', { headers: { 'Accept-Encoding': 'gzip' } });
    expect(r.headers['content-encoding']).to.equal('gzip');
    expect(calls).to.deep.equal([{ path: path.join(fx.root, 'app.js'), size: fs.statSync(path.join(fx.root, 'app.js.gz')).size }]);
  });

  it('is called for HEAD and for a 304 too', async () => {
    const { port } = await recording();
    const head = await fetchRaw(port, '/static/a.txt', { method: 'HEAD' });
    expect(head.headers['x-hooked']).to.equal('yes');
    const r = await fetchRaw(port, '/static/a.txt', { headers: { 'If-None-Match': head.headers.etag } });
    expect(r.status).to.equal(304);
    expect(r.headers['x-hooked']).to.equal('yes');
  });

  it('is not called where no file is served', async () => {
    const { port, calls } = await recording();
    expect((await fetchRaw(port, '/static/none.txt')).body.toString()).to.equal(FALLBACK_BODY);
    expect((await fetchRaw(port, '/static/docs')).status).to.equal(301);
    expect(calls).to.deep.equal([]);
  });

  it("lets the hook's Content-Type, Cache-Control and Content-Disposition win", async () => {
    const port = await start({
      maxAge: 3600,
      setHeaders(res: Response, file: string) {
        if (file.endsWith('.pdf')) {
          res.setHeader('Content-Disposition', 'attachment; filename="report.pdf"');
          res.setHeader('Content-Type', 'application/octet-stream');
          res.setHeader('Cache-Control', 'no-store');
        }
      },
    });
    const r = await fetchRaw(port, '/static/report.pdf');
    expect(r.headers['content-disposition']).to.equal('attachment; filename="report.pdf"');
    expect(r.headers['content-type']).to.equal('application/octet-stream');
    expect(r.headers['cache-control']).to.equal('no-store');
    expect((await fetchRaw(port, '/static/a.txt')).headers['cache-control']).to.equal('public, max-age=3600');
  });

  it('awaits a hook that returns a promise', async () => {
    const port = await start({
      async setHeaders(res: Response) {
        await new Promise((resolve) => setTimeout(resolve, 5));
        res.setHeader('X-Late', 'set after a wait');
      },
    });
    expect((await fetchRaw(port, '/static/a.txt')).headers['x-late']).to.equal('set after a wait');
  });

  describe('a hook that throws', () => {
    function throwing(async: boolean): object {
      return {
        setHeaders(res: Response) {
          res.setHeader('Content-Disposition', 'attachment');
          res.setHeader('X-Hooked', 'yes');
          if (async) return Promise.reject(new Error('hook failed later'));
          throw new Error('hook failed');
        },
      };
    }

    it('answers 500 without the file or the headers it set', async () => {
      const r = await fetchRaw(await start(throwing(false)), '/static/a.txt');
      expect(r.status).to.equal(500);
      expect(r.body.toString()).not.to.contain('AAAA');
      expect(r.headers['content-disposition']).to.equal(undefined);
      expect(r.headers['x-hooked']).to.equal(undefined);
      expect(r.headers.etag).to.equal(undefined);
    });

    it('answers 500 when its promise rejects', async () => {
      const r = await fetchRaw(await start(throwing(true)), '/static/a.txt');
      expect(r.status).to.equal(500);
      expect(r.headers['x-hooked']).to.equal(undefined);
    });

    it('closes the descriptor of the file it was called for', async function () {
      if (!fs.existsSync('/proc/self/fd')) this.skip();
      const port = await start(throwing(false));
      await fetchRaw(port, '/static/a.txt'); // warm up: the listener's own descriptors
      const before = fs.readdirSync('/proc/self/fd').length;
      for (let i = 0; i < 20; i++) expect((await fetchRaw(port, '/static/a.txt')).status).to.equal(500);
      expect(fs.readdirSync('/proc/self/fd').length - before).to.be.lessThan(5);
    });
  });
});
