import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { HttpError } from '../../src/http/errors';
import { RawClient, startServer } from './support/raw-client';
import { ResponseParseError } from '../../src/testing/response-reader';

describe('Server: handler errors', () => {
  let server: HttpServer;
  let port: number;
  let reported: { error: unknown; phase: string; url?: string }[];

  beforeEach(async () => {
    reported = [];
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/throw') throw new Error('secret database password');
      if (req.path === '/reject') {
        await Promise.resolve();
        throw new Error('secret token');
      }
      if (req.path === '/http-error') throw new HttpError(418, 'WW_ERR_TEAPOT', 'short and stout');
      if (req.path === '/throw-after-fields') {
        res.setHeader('X-Request-Id', 'req-7');
        res.setHeader('Access-Control-Allow-Origin', 'https://app.example');
        res.setHeader('Vary', 'Origin');
        res.setHeader('Cache-Control', 'max-age=3600');
        res.setHeader('ETag', '"v1"');
        res.appendHeader('Set-Cookie', 'session=abc');
        res.setHeader('Content-Type', 'application/json');
        throw new Error('boom');
      }
      if (req.path === '/after-headers') {
        res.write('partial');
        throw new Error('late');
      }
      res.text('fine');
    }, { onError: (error, ctx) => reported.push({ error, phase: ctx.phase, url: ctx.request?.url }) }));
  });
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('answers 500 without the error message when a sync handler throws', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /throw HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(500);
    expect(r.body.toString()).to.equal('Internal Server Error');
    expect(c.raw).not.to.contain('secret');
    c.destroy();
  });

  it('keeps the request id and the CORS fields on the 500 that replaces a failed answer, and drops the fields about its content (regression: all were dropped, so a browser hid the error)', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /throw-after-fields HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(500);
    expect(r.headers).to.include({ 'x-request-id': 'req-7', 'access-control-allow-origin': 'https://app.example', vary: 'Origin' });
    expect(r.headers['content-type']).to.equal('text/plain; charset=utf-8');
    for (const gone of ['cache-control', 'etag', 'set-cookie']) expect(r.headers[gone], gone).to.equal(undefined);
    c.destroy();
  });

  it('answers 500 when an async handler rejects, and reports the error with its request', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /reject HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(500);
    expect(c.raw).not.to.contain('secret');
    expect(reported).to.have.length(1);
    expect(reported[0].phase).to.equal('handler');
    expect(reported[0].url).to.equal('/reject');
    c.destroy();
  });

  it('goes on serving: the same connection and a new one both get answers after a 500', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /throw HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const rs = await c.responsesCount(2);
    expect(rs.map((r) => r.statusCode)).to.deep.equal([500, 200]);
    const d = await RawClient.connect(port);
    d.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await d.responsesCount(1);
    expect(r.body.toString()).to.equal('fine');
    c.destroy();
    d.destroy();
  });

  it('answers an HttpError thrown by the handler with its own status and reason phrase only', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /http-error HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(418);
    expect(r.body.toString()).to.equal("I'm a Teapot");
    c.destroy();
  });

  it('cuts the connection when the handler throws after the headers went out', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /after-headers HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.closedByServer();
    expect(c.raw).to.contain('partial');
    expect(c.finals).to.have.length(0); // the chunked body never ended: no complete response
    expect(c.error).to.be.instanceOf(ResponseParseError);
    expect(reported.map((r) => r.phase)).to.deep.equal(['handler']);
  });
});
