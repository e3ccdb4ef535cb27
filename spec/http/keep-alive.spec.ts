import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, startServer } from './support/raw-client';

describe('Connection: keep-alive and close', () => {
  let server: HttpServer;
  let port: number;
  let calls: string[];

  beforeEach(async () => {
    calls = [];
    ({ server, port } = await startServer((req: Request, res: Response) => {
      calls.push(req.url);
      if (req.path === '/close') res.setHeader('Connection', 'close');
      res.text('ok ' + req.url);
    }));
  });
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('keeps an HTTP/1.1 connection open by default and serves the next request on it', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.responsesCount(1);
    c.write('GET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    const [a, b] = await c.responsesCount(2);
    expect(a.headers.connection).to.equal(undefined);
    expect(b.body.toString()).to.equal('ok /b');
    expect(c.ended).to.equal(false);
    c.destroy();
  });

  it('answers "Connection: close" with the same header and closes after the response', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await c.closedByServer();
    expect(c.finals).to.have.length(1);
    expect(c.finals[0].headers.connection).to.equal('close');
  });

  it('closes an HTTP/1.0 connection after the response by default', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.0\r\n\r\n');
    await c.closedByServer();
    expect(c.finals).to.have.length(1);
    expect(c.finals[0].statusCode).to.equal(200);
  });

  it('keeps an HTTP/1.0 connection with "Connection: keep-alive" open and says so', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.headers.connection).to.equal('keep-alive');
    c.write('GET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n');
    await c.responsesCount(2);
    expect(c.ended).to.equal(false);
    c.destroy();
  });

  it('closes after a response whose handler set "Connection: close"', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /close HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.closedByServer();
    expect(c.finals[0].headers.connection).to.equal('close');
  });

  it('does not process requests pipelined after one that asked to close', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.closedByServer();
    expect(calls).to.deep.equal(['/a']);
    expect(c.finals).to.have.length(1);
  });

  it('does not process a second HTTP/1.0 request without keep-alive', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n');
    await c.closedByServer();
    expect(calls).to.deep.equal(['/a']);
  });

  it('finds "close" among several Connection tokens', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.1\r\nHost: x\r\nConnection: keep-alive, close\r\n\r\n');
    await c.closedByServer();
    expect(c.finals[0].headers.connection).to.equal('close');
  });

  it('says Connection: close on an answer given before the body it did not read has arrived, then closes', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc');
    await c.closedByServer();
    expect(c.finals).to.have.length(1);
    expect(c.finals[0].headers.connection).to.equal('close');
  });

  it('says Connection: close on an async answer given before the unread body arrived (RFC 9112 §9.6)', async () => {
    const early = new HttpServer(async (req: Request, res: Response) => {
      await new Promise((r) => setTimeout(r, 5));
      res.text('early');
    }, { onError: () => {} });
    const { port: earlyPort } = await early.listen(0, '127.0.0.1');
    try {
      const c = await RawClient.connect(earlyPort);
      c.write('POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
      await c.closedByServer();
      expect(c.finals.map((r) => r.headers.connection)).to.deep.equal(['close']);
    } finally {
      await early.close({ timeoutMs: 100 });
    }
  });

  it('keeps the connection, without Connection: close, when the unread body follows in the same read', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabcGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    const [a, b] = await c.responsesCount(2);
    expect(a.headers.connection).to.equal(undefined);
    expect(b.body.toString()).to.equal('ok /b');
    c.destroy();
  });

  it('keeps the connection of an answer streamed while its body is still being read', async () => {
    const echo = new HttpServer(async (req: Request, res: Response) => {
      for await (const piece of req.stream()) res.write(piece);
      res.end();
    }, { onError: () => {} });
    const { port: echoPort } = await echo.listen(0, '127.0.0.1');
    try {
      const c = await RawClient.connect(echoPort);
      c.write('POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n');
      await new Promise((r) => setTimeout(r, 20));
      c.write('2\r\nde\r\n0\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
      const [a, b] = await c.responsesCount(2);
      expect(a.headers.connection).to.equal(undefined);
      expect(a.body.toString()).to.equal('abcde');
      expect(b.statusCode).to.equal(200);
      c.destroy();
    } finally {
      await echo.close({ timeoutMs: 100 });
    }
  });

  describe('through inject (no port)', () => {
    const engine = new HttpServer((req: Request, res: Response) => res.text(req.url), { onError: () => {} });

    it('closes after an HTTP/1.0 request without keep-alive and ignores what follows', async () => {
      const rs = readResponses(await injectRaw(engine, 'GET /a HTTP/1.0\r\n\r\nGET /b HTTP/1.0\r\n\r\n'));
      expect(rs.map((r) => r.body.toString())).to.deep.equal(['/a']);
    });

    it('answers HTTP/1.0 keep-alive requests with "Connection: keep-alive"', async () => {
      const rs = readResponses(await injectRaw(engine, 'GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\nConnection: keep-alive\r\n\r\n'));
      expect(rs.map((r) => r.headers.connection)).to.deep.equal(['keep-alive', 'keep-alive']);
    });

    it('says Connection: close on an answer given before the unread body arrived', async () => {
      const rs = readResponses(await injectRaw(engine, 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc'));
      expect(rs.map((r) => r.headers.connection)).to.deep.equal(['close']);
    });
  });
});
