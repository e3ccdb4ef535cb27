import { expect } from 'chai';
import * as net from 'node:net';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { HttpError } from '../../src/http/errors';
import { normaliseAddress } from '../../src/http/connection';
import { inject, injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import { deferred, RawClient, sleep, startServer } from './support/raw-client';

/** Runs one request through the real engine and hands back what the handler saw. */
async function see<T>(raw: string, look: (req: Request) => T | Promise<T>, options = {}): Promise<T> {
  let seen!: T;
  const server = new HttpServer(async (req, res) => {
    seen = await look(req);
    res.end();
  }, { onError: () => {}, ...options });
  await injectRaw(server, raw);
  return seen;
}

describe('Request', () => {
  describe('head', () => {
    it('exposes method, url, path, raw query and version as sent', async () => {
      const r = await see('PATCH /a/b%20c?x=1&y HTTP/1.0\r\n\r\n', (req) => [req.method, req.url, req.path, req.rawQuery, req.httpVersion]);
      expect(r).to.deep.equal(['PATCH', '/a/b%20c?x=1&y', '/a/b%20c', 'x=1&y', '1.0']);
    });

    it('builds headers lazily with lower-case names and repeats joined by ", " (cookie by "; ")', async () => {
      const h = await see('GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nx-a: 2\r\nCookie: a=1\r\nCookie: b=2\r\n\r\n', (req) => ({ ...req.headers }));
      expect(h).to.deep.equal({ host: 'x', 'x-a': '1, 2', cookie: 'a=1; b=2' });
    });

    it('reads one header with header(name) the same way', async () => {
      const h = await see('GET / HTTP/1.1\r\nHost: x\r\nX-A: 1\r\nX-A: 2\r\n\r\n', (req) => [req.header('x-a'), req.header('host'), req.header('nope')]);
      expect(h).to.deep.equal(['1, 2', 'x', undefined]);
    });

    it('parses the query once into a null-prototype object without __proto__, repeats as arrays, + as space', async () => {
      const q = await see('GET /?a=1&b=x+y&a=2&c=%E2%9C%93&__proto__=p&bad=%zz HTTP/1.1\r\nHost: x\r\n\r\n', (req) => {
        const first = req.query;
        return { same: first === req.query, proto: Object.getPrototypeOf(first), q: { ...first } };
      });
      expect(q.same).to.equal(true);
      expect(q.proto).to.equal(null);
      expect(q.q).to.deep.equal({ a: ['1', '2'], b: 'x y', c: '✓', bad: '%zz' });
    });

    it('parses cookies lazily; quoted values unquoted, first name wins', async () => {
      const c = await see('GET / HTTP/1.1\r\nHost: x\r\nCookie: a=1; b="two"; a=3; s=%20x\r\n\r\n', (req) => ({ ...req.cookies }));
      expect(c).to.deep.equal({ a: '1', b: 'two', s: ' x' });
    });

    it('gives params and locals as empty objects the framework may replace', async () => {
      const r = await see('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (req) => {
        const before = { ...req.params };
        req.params = { id: '7' };
        req.locals.user = 'u';
        return [before, req.params, req.locals.user];
      });
      expect(r).to.deep.equal([{}, { id: '7' }, 'u']);
    });

    it('says whether a body was framed and its declared length', async () => {
      const a = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc', (req) => [req.hasBody, req.contentLength]);
      const b = await see('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (req) => [req.hasBody, req.contentLength]);
      const c = await see('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', (req) => [req.hasBody, req.contentLength]);
      expect([a, b, c]).to.deep.equal([[true, 3], [false, undefined], [true, undefined]]);
    });

    it('normalises IPv4-mapped IPv6 addresses to plain IPv4', () => {
      expect(normaliseAddress('::ffff:10.0.0.1')).to.equal('10.0.0.1');
      expect(normaliseAddress('::1')).to.equal('::1');
      expect(normaliseAddress('10.0.0.1')).to.equal('10.0.0.1');
    });

    it('reports the peer address and port of a real socket, and 127.0.0.1 for an injectRaw without one', async () => {
      let seen: [string, number, boolean] | undefined;
      const { server, port } = await startServer((req: Request, res: Response) => {
        seen = [req.remoteAddress, req.remotePort, req.secure];
        res.end();
      });
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.responsesCount(1);
      expect(seen![0]).to.equal('127.0.0.1');
      expect(seen![1]).to.equal(c.socket.localPort);
      expect(seen![2]).to.equal(false);
      c.destroy();
      await server.close({ timeoutMs: 100 });
      const addr = await see('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (req) => req.remoteAddress);
      expect(addr).to.equal('127.0.0.1');
    });

    it('does not ask the socket for its peer when no handler reads the address', async () => {
      const proto = net.Socket.prototype as unknown as { _getpeername(): unknown };
      const original = proto._getpeername;
      let serverSideLookups = 0;
      proto._getpeername = function (this: net.Socket & { server?: unknown }) {
        if (this.server) serverSideLookups++;
        return original.call(this);
      };
      const { server, port } = await startServer((_req: Request, res: Response) => res.text('ok'));
      try {
        const c = await RawClient.connect(port);
        c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
        await c.responsesCount(2);
        c.destroy();
        expect(serverSideLookups).to.equal(0);
      } finally {
        proto._getpeername = original;
        await server.close({ timeoutMs: 100 });
      }
    });

    it('still knows the peer of a request whose client left before the answer', async () => {
      const clientGone = deferred();
      let seen: [string, number] | undefined;
      const { server, port } = await startServer(async (req: Request, res: Response) => {
        req._conn.socket.once('close', () => clientGone.resolve());
        await clientGone.promise;
        seen = [req.remoteAddress, req.remotePort];
        res.end();
      });
      const c = await RawClient.connect(port);
      const clientPort = c.socket.localPort;
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await sleep(20);
      c.socket.resetAndDestroy();
      await clientGone.promise;
      await sleep(5);
      expect(seen).to.deep.equal(['127.0.0.1', clientPort]);
      await server.close({ timeoutMs: 100 });
    });
  });

  describe('body', () => {
    it('resolves body() with the whole Content-Length body', async () => {
      const b = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\nhello world', (req) => req.body());
      expect(b.toString()).to.equal('hello world');
    });

    it('resolves body() with a decoded chunked body and exposes its trailers', async () => {
      const r = await see('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\nX-T: v\r\n\r\n', async (req) => [(await req.body()).toString(), req.trailers]);
      expect(r).to.deep.equal(['abcde', ['x-t', 'v']]);
    });

    it('resolves text() as utf-8', async () => {
      const t = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\n\xc3\xa9t\xc3\xa9', (req) => req.text());
      expect(t).to.equal('été');
    });

    it('resolves body() with an empty Buffer when there is no body', async () => {
      const b = await see('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (req) => req.body());
      expect(b.length).to.equal(0);
    });

    it('keeps body bytes intact when the socket buffer they came in is reused', async () => {
      const body = 'x'.repeat(1000);
      const r = await see(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1000\r\n\r\n${body}GET / HTTP/1.1\r\nHost: x\r\n\r\n`, async (req) => (await req.body()).toString());
      expect(r === body || r === '').to.equal(true);
    });

    it('rejects body() with HttpError 413 when the body passes maxBodyBytes', async () => {
      const e = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n' + 'a'.repeat(100), (req) => req.body().then(() => null, (err) => err), { limits: { maxBodyBytes: 10 } });
      expect(e).to.be.instanceOf(HttpError);
      expect((e as HttpError).status).to.equal(413);
    });

    it('applies a per-request bodyLimit set before reading (lower than the server default)', async () => {
      const e = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n' + 'a'.repeat(100), (req) => {
        req.bodyLimit = 50;
        return req.body().then(() => null, (err) => err);
      });
      expect((e as HttpError).status).to.equal(413);
    });

    it('applies a per-request bodyLimit set before reading (higher than the server default)', async () => {
      const b = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n' + 'a'.repeat(100), (req) => {
        req.bodyLimit = 1000;
        return req.body();
      }, { limits: { maxBodyBytes: 10 } });
      expect(b.length).to.equal(100);
    });

    it('calls the handler after a body that came in the same read as its head, so the body is there without waiting', async () => {
      const body = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello', (req) => req._bodyIfArrived()?.toString());
      expect(body).to.equal('hello');
    });

    it('calls the handler at the head when the body is not in the same read, and the body follows', async () => {
      const headSeen = deferred();
      const { server, port } = await startServer(async (req, res) => {
        headSeen.resolve();
        res.send(await req.body());
      });
      const client = await RawClient.connect(port);
      try {
        client.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhe');
        await headSeen.promise;
        client.write('llo');
        const [r] = await client.responsesCount(1);
        expect(r.body.toString()).to.equal('hello');
      } finally {
        client.destroy();
        await server.close();
      }
    });

    it('takes the body only once: body() after the handler took it gives the same bytes, stream() refuses', async () => {
      const r = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nab', async (req) => {
        const first = req._bodyIfArrived()!.toString();
        const again = req._bodyIfArrived();
        const viaBody = (await req.body()).toString();
        let streamError = '';
        try {
          req.stream();
        } catch (err) {
          streamError = (err as Error).message;
        }
        return [first, again, viaBody, streamError !== ''];
      });
      expect(r).to.deep.equal(['ab', undefined, 'ab', true]);
    });

    it('answers 413 by itself when the handler lets the body rejection escape', async () => {
      const server = new HttpServer(async (req, res) => {
        res.send(await req.body());
      }, { onError: () => {}, limits: { maxBodyBytes: 10 } });
      const raw = await injectRaw(server, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n' + 'a'.repeat(100));
      const [r] = readResponses(raw);
      expect(r.statusCode).to.equal(413);
      expect(r.headers.connection).to.equal('close');
    });

    it('rejects body() with HttpError 400 on a framing error in the middle of the body', async () => {
      const e = await see('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\nzz\r\n', (req) => req.body().then(() => null, (err) => err));
      expect((e as HttpError).status).to.equal(400);
    });

    it('streams the body with stream() in arrival order', async () => {
      const parts = await see('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n', async (req) => {
        let all = '';
        for await (const chunk of req.stream()) all += chunk.toString();
        return all;
      });
      expect(parts).to.equal('abcde');
    });

    it('refuses a second way of reading the body', async () => {
      const r = await see('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\na', async (req) => {
        await req.body();
        try {
          req.stream();
          return 'no error';
        } catch (err) {
          return (err as Error).message;
        }
      });
      expect(r).to.contain('read once');
    });

    it('aborts req.signal and rejects body() when the client goes away mid-body', async () => {
      let reason: unknown;
      let aborted = false;
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      const { server, port } = await startServer(async (req: Request, res: Response) => {
        req.signal.addEventListener('abort', () => (aborted = true));
        try {
          await req.body();
        } catch (err) {
          reason = err;
        }
        res.end();
        done();
      });
      const c = await RawClient.connect(port);
      c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nabc');
      await new Promise((r) => setTimeout(r, 20));
      c.destroy();
      await finished;
      expect(aborted).to.equal(true);
      expect(reason).to.be.instanceOf(HttpError);
      await server.close({ timeoutMs: 100 });
    });

    it('creates no AbortController until signal is read', async () => {
      const r = await see('GET / HTTP/1.1\r\nHost: x\r\n\r\n', (req) => (req as unknown as { _abortController: unknown })._abortController);
      expect(r).to.equal(null);
    });
  });

  describe('inject', () => {
    it('sends a JSON body with its content type', async () => {
      const server = new HttpServer(async (req, res) => res.json({ got: JSON.parse(await req.text()), type: req.header('content-type') }));
      const res = await inject(server, { method: 'POST', url: '/', body: { a: 1 } });
      expect(res.json()).to.deep.equal({ got: { a: 1 }, type: 'application/json' });
    });
  });
});
