import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { inject, injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';

describe('inject', () => {
  const server = new HttpServer(async (req, res) => {
    if (req.path === '/echo') {
      res.setHeader('X-Method', req.method);
      res.setHeader('X-Remote', req.remoteAddress);
      res.appendHeader('Set-Cookie', ['a=1', 'b=2']);
      return res.send(await req.body());
    }
    if (req.path === '/json') return res.json({ q: req.query, h: req.header('x-h') ?? null });
    res.text('not found', 404);
  }, { onError: () => {} });

  it('runs a request through the real engine and returns status, headers and body', async () => {
    const res = await inject(server, { method: 'POST', url: '/echo', body: 'hello', remoteAddress: '10.1.2.3' });
    expect(res.statusCode).to.equal(200);
    expect(res.statusMessage).to.equal('OK');
    expect(res.body).to.equal('hello');
    expect(res.rawBody.equals(Buffer.from('hello'))).to.equal(true);
    expect(res.headers['x-method']).to.equal('POST');
    expect(res.headers['x-remote']).to.equal('10.1.2.3');
    expect(res.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
  });

  describe('repeated response fields', () => {
    const repeating = new HttpServer((req, res) => {
      res.appendHeader('Vary', 'Origin');
      res.appendHeader('Vary', 'Accept-Encoding');
      if (req.path === '/one-cookie') res.appendHeader('Set-Cookie', 'a=1');
      res.end();
    }, { onError: () => {} });

    it('joins a repeated field with ", " as a client does (RFC 9110 §5.3)', async () => {
      const res = await inject(repeating, { url: '/' });
      expect(res.headers.vary).to.equal('Origin, Accept-Encoding');
    });

    it('gives set-cookie as an array even for one cookie, since cookies cannot be joined', async () => {
      const res = await inject(repeating, { url: '/one-cookie' });
      expect(res.headers['set-cookie']).to.deep.equal(['a=1']);
    });
  });

  it('parses a JSON answer with json()', async () => {
    const res = await inject(server, { url: '/json?a=1', headers: { 'X-H': 'v' } });
    expect(res.json()).to.deep.equal({ q: { a: '1' }, h: 'v' });
  });

  it('answers 404 like the real server', async () => {
    const res = await inject(server, { url: '/nope' });
    expect(res.statusCode).to.equal(404);
  });

  it('refuses a header value that would split the request', async () => {
    let thrown: unknown;
    try {
      await inject(server, { url: '/', headers: { 'X-A': 'a\r\nX-B: b' } });
    } catch (err) {
      thrown = err;
    }
    expect(thrown).to.be.instanceOf(TypeError);
  });

  it('injectRaw returns every byte of several pipelined answers once the server is quiet', async () => {
    const raw = await injectRaw(server, 'GET /json HTTP/1.1\r\nHost: x\r\n\r\nGET /nope HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(readResponses(raw).map((r) => r.statusCode)).to.deep.equal([200, 404]);
  });

  it('injectRaw returns the error answer and the close for a malformed request', async () => {
    const raw = await injectRaw(server, 'GET / HTTP/1.1\r\nHost: x\r\nBad Header: x\r\n\r\n');
    const [r] = readResponses(raw);
    expect(r.statusCode).to.equal(400);
    expect(r.headers.connection).to.equal('close');
  });

  it('injectRaw with halfClose waits for the server to answer and close', async () => {
    const raw = await injectRaw(server, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi', { halfClose: true });
    const [r] = readResponses(raw);
    expect(r.body.toString()).to.equal('hi');
  });

  it('injectRaw reports the peer as 127.0.0.1 by default, as inject() does', async () => {
    const raw = await injectRaw(server, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n');
    expect(readResponses(raw)[0].headers['x-remote']).to.equal('127.0.0.1');
  });

  it('injectRaw passes a remoteAddress it is given', async () => {
    const raw = await injectRaw(server, 'POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', { remoteAddress: '10.9.8.7' });
    expect(readResponses(raw)[0].headers['x-remote']).to.equal('10.9.8.7');
  });

  it('injectRaw resolves on a partial request once the server waits for more', async () => {
    const raw = await injectRaw(server, 'GET /json HTTP/1.1\r\nHost: x\r\n\r\nGET / HT');
    expect(readResponses(raw).map((r) => r.statusCode)).to.deep.equal([200]);
  });
});
