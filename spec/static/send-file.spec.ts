import { expect } from 'chai';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { HttpServer } from '../../src/http/server';
import { Response } from '../../src/http/response';
import { FileBody, sendOpenFile, SMALL_BODY } from '../../src/http/send-file';
import { compileFileOptions, FileOptionsError } from '../../src/http/file-options';
import type { Request } from '../../src/http/request';
import { fetchRaw, type RawResponse } from './client';
import { makeFixture, type Fixture } from './fixture';

describe('http: Response.file (FileBody) in a handler', () => {
  let fx: Fixture;
  let server: HttpServer;
  let port: number;
  const PAGE = '<h1>not here</h1>';

  before(async () => {
    fx = makeFixture();
    fx.file('report.csv', 'a,b\n1,2\n');
    fx.file('404.html', PAGE);
    fx.file('blob', 'raw');
    const handler = (req: Request, res: Response): void => {
      if (req.path === '/report') return res.send(Response.file(path.join(fx.root, 'report.csv'), { maxAge: 60 }));
      if (req.path === '/typed') return res.send(Response.file(path.join(fx.root, 'blob'), { contentType: 'application/x-custom' }));
      if (req.path === '/missing') return res.send(Response.file(path.join(fx.root, 'nope.csv')));
      if (req.path === '/folder') return res.send(Response.file(fx.root));
      if (req.path === '/pdf') {
        res.setHeader('Content-Type', 'application/pdf');
        return res.send(new FileBody(path.join(fx.root, 'report.csv')));
      }
      if (req.path === '/attachment') {
        res.setHeader('Content-Disposition', 'attachment; filename="r.csv"');
        return res.send(new FileBody(path.join(fx.root, 'report.csv')));
      }
      res.status(404);
      res.send(Response.file(path.join(fx.root, '404.html')));
    };
    server = new HttpServer(handler, { onError: () => undefined });
    port = (await server.listen(0, '127.0.0.1')).port;
  });
  after(async () => {
    await server.close({ timeoutMs: 1000 });
    fx.remove();
  });

  it('sends the file with its type, validators and the Cache-Control of its options', async () => {
    const r = await fetchRaw(port, '/report');
    expect(r.status).to.equal(200);
    expect(r.body.toString()).to.equal('a,b\n1,2\n');
    expect(r.headers['content-type']).to.equal('text/csv; charset=utf-8');
    expect(r.headers['cache-control']).to.equal('public, max-age=60');
    expect(r.headers.etag).to.match(/^W\//);
  });

  it('uses the contentType option over the extension table', async () => {
    expect((await fetchRaw(port, '/typed')).headers['content-type']).to.equal('application/x-custom');
  });

  it('keeps the headers the handler set (Content-Disposition)', async () => {
    expect((await fetchRaw(port, '/attachment')).headers['content-disposition']).to.equal('attachment; filename="r.csv"');
  });

  it("labels a 412's text body text/plain, not with the type the handler chose for the file", async () => {
    const r = await fetchRaw(port, '/pdf', { headers: { 'If-Match': '"not-ours"' } });
    expect(r.status).to.equal(412);
    expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
  });

  it("labels a 416's text body text/plain, not with the type the handler chose for the file", async () => {
    const r = await fetchRaw(port, '/pdf', { headers: { Range: 'bytes=1000-' } });
    expect(r.status).to.equal(416);
    expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
  });

  it('keeps the type the handler chose on the file itself', async () => {
    expect((await fetchRaw(port, '/pdf')).headers['content-type']).to.equal('application/pdf');
  });

  it('answers 404 when the file does not exist', async () => {
    expect((await fetchRaw(port, '/missing')).status).to.equal(404);
  });

  it('answers 404 for a folder, never a listing', async () => {
    expect((await fetchRaw(port, '/folder')).status).to.equal(404);
  });

  it('sends a custom 404 page whole under the status the handler set, ignoring Range and validators', async () => {
    const r = await fetchRaw(port, '/anything', { headers: { Range: 'bytes=0-1', 'If-None-Match': '*' } });
    expect(r.status).to.equal(404);
    expect(r.body.toString()).to.equal(PAGE);
  });

  it('throws FileOptionsError at the call for a bad option', () => {
    expect(() => Response.file('x', { maxAge: -5 })).to.throw(FileOptionsError, /maxAge/);
  });
});

// Small bodies are read whole before the head; large ones are streamed, and their first read
// (regression: a large file cut before it answered 500) must still come before the head.
const SHRINKING: Array<{ what: string; size: number; range: string | undefined; encoding?: 'gzip' }> = [
  { what: 'a small file', size: 1000, range: undefined },
  { what: 'a large (streamed) file', size: 4 * SMALL_BODY, range: undefined },
  { what: 'a large file sent as multipart/byteranges', size: 4 * SMALL_BODY, range: `bytes=0-9,${2 * SMALL_BODY}-` },
  { what: "a pre-compressed variant (a static mount's app.js.gz)", size: 1000, range: undefined, encoding: 'gzip' },
];

for (const { what, size, range, encoding } of SHRINKING) {
  describe(`http: sendOpenFile when ${what} shrinks between fstat and the read`, () => {
    let fx: Fixture;
    let server: HttpServer;
    let port: number;
    const get = (): Promise<RawResponse> => fetchRaw(port, '/', range === undefined ? {} : { headers: { Range: range } });

    before(async () => {
      fx = makeFixture();
      // The handler reproduces the race deterministically: it stats the file, the file is cut
      // (a deploy rewriting it in place), then the stale stat is what sendOpenFile believes.
      const handler = (req: Request, res: Response): Promise<void> => {
        const file = path.join(fx.root, 'shrinks.txt');
        fs.writeFileSync(file, 'x'.repeat(size));
        const fd = fs.openSync(file, 'r');
        const stale = fs.fstatSync(fd);
        fs.truncateSync(file, 0);
        return sendOpenFile(req, res, fd, stale, 'shrinks.txt', compileFileOptions({ maxAge: 3600 }), encoding);
      };
      server = new HttpServer(handler, { onError: () => undefined });
      port = (await server.listen(0, '127.0.0.1')).port;
    });
    after(async () => {
      await server.close({ timeoutMs: 1000 });
      fx.remove();
    });

    it('answers 503 with Retry-After, not 500: the file is being rewritten, a retry will do', async () => {
      const r = await get();
      expect(r.status).to.equal(503);
      expect(r.headers['retry-after']).to.equal('1');
    });

    it('sends neither the stale validators nor Cache-Control with that 503', async () => {
      const r = await get();
      expect(r.headers['cache-control']).to.equal(undefined);
      expect(r.headers.etag).to.equal(undefined);
      expect(r.headers['last-modified']).to.equal(undefined);
      expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
    });

    it("does not label that 503's plain text with the file's Content-Encoding", async () => {
      expect((await get()).headers['content-encoding']).to.equal(undefined);
    });
  });
}
