import { expect } from 'chai';
import { Readable } from 'node:stream';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response, Sendable } from '../../src/http/response';
import { dateHeaderLine } from '../../src/http/date-cache';
import { statusLine } from '../../src/http/status-line';
import { HeadersSentError } from '../../src/http/errors';
import { inject, injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import { RawClient, sleep, startServer } from './support/raw-client';

/** A server whose handler is the function under test. */
function serve(handler: (req: Request, res: Response) => void | Promise<void>): HttpServer {
  return new HttpServer(handler, { onError: () => {} });
}

describe('Response', () => {
  describe('fields', () => {
    for (const [what, value] of [['CR', 'a\rb'], ['LF', 'a\nSet-Cookie: evil=1'], ['NUL', 'a\0b']] as const) {
      it(`throws a TypeError to the handler when a header value holds ${what}`, async () => {
        let thrown: unknown;
        const res = await inject(serve((req, res) => {
          try {
            res.setHeader('X-Echo', value);
          } catch (err) {
            thrown = err;
          }
          res.text('safe');
        }), { url: '/' });
        expect(thrown).to.be.instanceOf(TypeError);
        expect((thrown as Error).message).to.contain(what);
        expect(res.headers['x-echo']).to.equal(undefined);
        expect(res.headers['set-cookie']).to.equal(undefined);
      });
    }

    it('says a header value past U+00FF cannot be sent as Latin-1, rather than calling it a control character', async () => {
      let thrown: unknown;
      await inject(serve((req, res) => {
        try {
          res.setHeader('X-Note', 'wait…');
        } catch (err) {
          thrown = err;
        }
        res.text('safe');
      }), { url: '/' });
      expect((thrown as Error).message).to.contain('U+2026').and.contain('Latin-1').and.not.contain('control');
    });

    it('throws HeadersSentError for setHeader, appendHeader, cookie and removeHeader once the head has been sent (regression: the field was dropped without a word)', async () => {
      const thrown: unknown[] = [];
      const res = await inject(serve((req, res) => {
        res.setHeader('Content-Type', 'text/plain');
        res.write('part');
        for (const call of [
          () => res.setHeader('X-Late', '1'),
          () => res.appendHeader('X-Late', '1'),
          () => res.cookie('late', '1'),
          () => res.removeHeader('Content-Type'),
        ]) {
          try {
            call();
          } catch (err) {
            thrown.push(err);
          }
        }
        res.end();
      }), { url: '/' });
      expect(res.body).to.equal('part');
      expect(thrown).to.have.length(4);
      for (const err of thrown) {
        expect(err).to.be.instanceOf(HeadersSentError);
        expect((err as HeadersSentError).code).to.equal('WW_ERR_HEADERS_SENT');
      }
      expect((thrown[0] as Error).message).to.contain("res.setHeader('X-Late')").and.contain('before the first write');
    });

    it('hands out a copy of a multi-value field from getHeader, so a value pushed on it is never written unchecked', async () => {
      const raw = await injectRaw(serve((req, res) => {
        res.appendHeader('Set-Cookie', ['a=1', 'b=2']);
        (res.getHeader('Set-Cookie') as string[]).push('c=3\r\nX-Injected: 1');
        res.text('x');
      }), 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const [r] = readResponses(raw);
      expect(r.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
      expect(r.headers['x-injected']).to.equal(undefined);
    });

    it('throws a TypeError for a header name that is not a token', async () => {
      let thrown: unknown;
      await inject(serve((req, res) => {
        try {
          res.setHeader('Bad Name', 'x');
        } catch (err) {
          thrown = err;
        }
        res.end();
      }), { url: '/' });
      expect(thrown).to.be.instanceOf(TypeError);
    });

    it('keeps refusing a bad header name however often it is set, and keeps accepting good ones', async () => {
      const refusals: string[] = [];
      const res = await inject(serve((req, res) => {
        for (let i = 0; i < 3; i++) {
          for (const name of ['Bad Name', 'X-Ok']) {
            try {
              res.setHeader(name, String(i));
              res.appendHeader(name + '-List', String(i));
            } catch {
              refusals.push(name);
            }
          }
        }
        res.end();
      }), { url: '/' });
      expect(refusals).to.deep.equal(['Bad Name', 'Bad Name', 'Bad Name']);
      expect(res.headers['x-ok']).to.equal('2');
      expect(res.headers['x-ok-list']).to.equal('0, 1, 2');
    });

    it('refuses CR/LF in appendHeader values too', async () => {
      let thrown: unknown;
      await inject(serve((req, res) => {
        try {
          res.appendHeader('Set-Cookie', ['a=1', 'b=2\r\nX-Evil: 1']);
        } catch (err) {
          thrown = err;
        }
        res.end();
      }), { url: '/' });
      expect(thrown).to.be.instanceOf(TypeError);
    });

    it('keeps several Set-Cookie values as separate field lines', async () => {
      const server = serve((req, res) => {
        res.appendHeader('Set-Cookie', 'a=1; Path=/');
        res.appendHeader('Set-Cookie', ['b=2, with comma', 'c=3']);
        res.end();
      });
      const raw = (await injectRaw(server, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n')).toString('latin1');
      expect(raw).to.contain('Set-Cookie: a=1; Path=/\r\nSet-Cookie: b=2, with comma\r\nSet-Cookie: c=3\r\n');
      const [r] = readResponses(raw);
      expect(r.headers['set-cookie']).to.deep.equal(['a=1; Path=/', 'b=2, with comma', 'c=3']);
    });

    it('gets, replaces and removes fields case-insensitively', async () => {
      const seen: unknown[] = [];
      const res = await inject(serve((req, res) => {
        res.setHeader('X-Thing', 'one');
        res.setHeader('x-thing', 'two');
        seen.push(res.getHeader('X-THING'), res.hasHeader('x-thing'));
        res.setHeader('X-Gone', '1').removeHeader('x-gone');
        seen.push(res.hasHeader('X-Gone'));
        res.end();
      }), { url: '/' });
      expect(seen).to.deep.equal(['two', true, false]);
      expect(res.headers['x-thing']).to.equal('two');
      expect(res.headers['x-gone']).to.equal(undefined);
    });

    it('replaces a wrong Content-Length set by the handler with the real one', async () => {
      const res = await inject(serve((req, res) => {
        res.setHeader('Content-Length', 999);
        res.send('four');
      }), { url: '/' });
      expect(res.headers['content-length']).to.equal('4');
      expect(res.body).to.equal('four');
    });
  });

  describe('bodies', () => {
    it('frames a string body with its UTF-8 byte length', async () => {
      const res = await inject(serve((req, res) => res.text('héllo ✓')), { url: '/' });
      expect(res.headers['content-length']).to.equal(String(Buffer.byteLength('héllo ✓')));
      expect(res.body).to.equal('héllo ✓');
      expect(res.headers['content-type']).to.equal('text/plain; charset=utf-8');
    });

    it('sends a Buffer and a Uint8Array byte for byte', async () => {
      const bytes = Buffer.from([0, 1, 2, 255, 13, 10]);
      const a = await inject(serve((req, res) => res.send(bytes)), { url: '/' });
      const b = await inject(serve((req, res) => res.send(new Uint8Array(bytes))), { url: '/' });
      expect(a.rawBody.equals(bytes)).to.equal(true);
      expect(b.rawBody.equals(bytes)).to.equal(true);
    });

    it('sends a large Buffer intact', async () => {
      const bytes = Buffer.alloc(300 * 1024, 7);
      const res = await inject(serve((req, res) => res.send(bytes)), { url: '/' });
      expect(res.rawBody.equals(bytes)).to.equal(true);
    });

    it('writes json with its content type and an optional status', async () => {
      const res = await inject(serve((req, res) => res.json({ a: [1, 'x'] }, 201)), { url: '/' });
      expect(res.statusCode).to.equal(201);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.deep.equal({ a: [1, 'x'] });
    });

    it('writes html', async () => {
      const res = await inject(serve((req, res) => res.html('<p>hi</p>')), { url: '/' });
      expect(res.headers['content-type']).to.equal('text/html; charset=utf-8');
      expect(res.body).to.equal('<p>hi</p>');
    });

    it('redirects with 302 and Location by default', async () => {
      const res = await inject(serve((req, res) => res.redirect('/there')), { url: '/' });
      expect(res.statusCode).to.equal(302);
      expect(res.headers.location).to.equal('/there');
    });

    it('percent-encodes the redirect URL as Express does, so request data can neither split the answer nor change the URL', async () => {
      const next = '/search?q=caf\u00e9 \u2713\r\nSet-Cookie: x=1&p=100%&ok=%41';
      const res = await inject(serve((req, res) => res.redirect(next)), { url: '/' });
      expect(res.statusCode).to.equal(302);
      expect(res.headers.location).to.equal('/search?q=caf%C3%A9%20%E2%9C%93%0D%0ASet-Cookie:%20x=1&p=100%25&ok=%41');
      expect(res.headers['set-cookie']).to.equal(undefined);
    });

    for (const code of [204, 304]) {
      it(`sends no body and no Content-Length with ${code}`, async () => {
        const raw = await injectRaw(serve((req, res) => res.status(code).send('ignored')), 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
        const rs = readResponses(raw);
        expect(rs.map((r) => r.statusCode)).to.deep.equal([code, code]);
        expect(raw.toString()).not.to.match(/content-length/i);
        expect(raw.toString()).not.to.contain('ignored');
      });
    }

    it('streams a Readable with chunked coding on HTTP/1.1', async () => {
      const raw = await injectRaw(serve((req, res) => res.send(Readable.from(['one,', 'two,', 'three']))), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const [r] = readResponses(raw);
      expect(r.headers['transfer-encoding']).to.equal('chunked');
      expect(r.body.toString()).to.equal('one,two,three');
    });

    it('streams a Readable close-delimited to HTTP/1.0, never chunked', async () => {
      const raw = await injectRaw(serve((req, res) => res.send(Readable.from(['one,', 'two']))), 'GET / HTTP/1.0\r\n\r\n');
      const [r] = readResponses(raw);
      expect(r.headers['transfer-encoding']).to.equal(undefined);
      expect(r.headers.connection).to.equal('close');
      expect(r.closeDelimited).to.equal(true);
      expect(r.body.toString()).to.equal('one,two');
    });

    it('uses the Content-Length the handler set for a streamed body', async () => {
      const raw = await injectRaw(serve((req, res) => {
        res.setHeader('Content-Length', 6);
        res.send(Readable.from([Buffer.from('abc'), Buffer.from('def')]));
      }), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const [r] = readResponses(raw);
      expect(r.headers['transfer-encoding']).to.equal(undefined);
      expect(r.body.toString()).to.equal('abcdef');
    });

    it('answers 500 when a stream fails before its first byte', async () => {
      const failing = new Readable({ read() { this.destroy(new Error('disk on fire')); } });
      const res = await inject(serve((req, res) => res.send(failing)), { url: '/' });
      expect(res.statusCode).to.equal(500);
      expect(res.body).not.to.contain('disk');
    });

    it('answers 500 when a stream yields objects instead of bytes', async () => {
      const res = await inject(serve((req, res) => res.send(Readable.from([{ not: 'bytes' }]))), { url: '/' });
      expect(res.statusCode).to.equal(500);
    });

    it('writes with write()/end() as chunked pieces', async () => {
      const raw = await injectRaw(serve((req, res) => {
        res.write('a');
        res.write(Buffer.from('b'));
        res.end('c');
      }), 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(raw.toString()).to.contain('1\r\na\r\n1\r\nb\r\n1\r\nc\r\n0\r\n\r\n');
    });

    it('throws a TypeError from res.write() of a value that is not bytes, before any header went out', async () => {
      let thrown: unknown;
      let headersSent: boolean | undefined;
      const res = await inject(serve((req, res) => {
        try {
          res.write(42 as unknown as string);
        } catch (err) {
          thrown = err;
        }
        headersSent = res.headersSent;
        res.status(201).text('after');
      }), { url: '/' });
      expect(thrown).to.be.instanceOf(TypeError);
      expect(headersSent).to.equal(false);
      expect(res.statusCode).to.equal(201);
      expect(res.body).to.equal('after');
    });

    it('calls sendTo(req, res) of a Sendable', async () => {
      const sendable: Sendable = { sendTo: (req, res) => res.text(`sent for ${req.url}`) };
      const res = await inject(serve((req, res) => res.send(sendable)), { url: '/s' });
      expect(res.body).to.equal('sent for /s');
    });

    it('answers 500 when an async Sendable rejects', async () => {
      const sendable: Sendable = { sendTo: async () => { throw new Error('nope'); } };
      const res = await inject(serve((req, res) => res.send(sendable)), { url: '/' });
      expect(res.statusCode).to.equal(500);
    });

    it('treats a second send() as a no-op', async () => {
      const res = await inject(serve((req, res) => {
        res.text('first');
        res.text('second');
      }), { url: '/' });
      expect(res.body).to.equal('first');
    });
  });

  describe('head and status line', () => {
    it('precomputes the status lines of every known code', () => {
      expect(statusLine(200)).to.equal('HTTP/1.1 200 OK\r\n');
      expect(statusLine(404)).to.equal('HTTP/1.1 404 Not Found\r\n');
      expect(statusLine(299)).to.equal('HTTP/1.1 299 \r\n');
    });

    it('throws a RangeError for a status outside 200..599', async () => {
      let thrown: unknown;
      await inject(serve((req, res) => {
        try {
          res.status(42);
        } catch (err) {
          thrown = err;
        }
        res.end();
      }), { url: '/' });
      expect(thrown).to.be.instanceOf(RangeError);
    });

    it('sends a Date header in IMF-fixdate format', async () => {
      const res = await inject(serve((req, res) => res.end()), { url: '/' });
      const date = res.headers.date as string;
      expect(date).to.match(/^[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
      expect(Math.abs(Date.parse(date) - Date.now())).to.be.lessThan(5000);
    });

    it('sends one Date field, the one of the handler, when the handler sets Date (RFC 9110 §6.6.1: one Date per message)', async () => {
      const raw = await injectRaw(serve((req, res) => {
        res.setHeader('Date', 'Thu, 01 Jan 1970 00:00:00 GMT');
        res.text('x');
      }), 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const [r] = readResponses(raw);
      expect(r.rawHeaders.filter((h, i) => i % 2 === 0 && h.toLowerCase() === 'date')).to.have.length(1);
      expect(r.headers.date).to.equal('Thu, 01 Jan 1970 00:00:00 GMT');
    });

    it('formats the Date header once per second and hands out the same string', () => {
      const a = dateHeaderLine();
      const b = dateHeaderLine();
      // Either the same cached string, or the second changed between the two calls.
      if (a !== b) expect(Date.parse(b.slice(6, -2)) - Date.parse(a.slice(6, -2))).to.equal(1000);
      else expect(a).to.equal(b);
    });
  });

  describe('lifecycle', () => {
    let server: HttpServer | undefined;
    afterEach(() => server?.close({ timeoutMs: 100 }));

    it('calls onFinish after the last byte was handed to the socket', async () => {
      let finished: unknown = 'never';
      const res = await inject(serve((req, res) => {
        res.onFinish((err) => (finished = err));
        res.text('x');
      }), { url: '/' });
      expect(res.body).to.equal('x');
      expect(finished).to.equal(undefined);
    });

    it('treats a response after the connection died as a no-op', async () => {
      let threw = false;
      let done!: () => void;
      const finished = new Promise<void>((r) => (done = r));
      let port: number;
      ({ server, port } = await startServer(async (req: Request, res: Response) => {
        await sleep(50);
        try {
          res.setHeader('X-A', '1');
          res.write('x');
          res.text('late');
          res.end();
        } catch {
          threw = true;
        }
        done();
      }));
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await sleep(10);
      c.destroy();
      await finished;
      expect(threw).to.equal(false);
    });
  });
});
