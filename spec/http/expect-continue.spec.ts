import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, startServer } from './support/raw-client';

describe('Connection: Expect: 100-continue', () => {
  let server: HttpServer;
  let port: number;

  beforeEach(async () => {
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/refuse') return res.text('no thanks', 403);
      const body = await req.body();
      res.send(body);
    }));
  });
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('sends "HTTP/1.1 100 Continue" when the handler starts reading the body, then the final answer', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    await c.until(() => c.responses.length === 1, 'the interim response');
    expect(c.raw).to.equal('HTTP/1.1 100 Continue\r\n\r\n');
    c.write('hello');
    const [r] = await c.responsesCount(1);
    expect(r.body.toString()).to.equal('hello');
    c.destroy();
  });

  it('sends no 100 Continue when the handler answers without reading, and closes after the answer', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    await c.closedByServer();
    expect(c.responses.map((r) => r.statusCode)).to.deep.equal([403]);
  });

  it('says Connection: close in a final answer sent before the body it never asked for (RFC 9110 §10.1.1)', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /refuse HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(403);
    expect(r.headers.connection).to.equal('close');
    await c.closedByServer();
  });

  it('keeps the connection after answering an Expect: 100-continue request that has no body', async () => {
    const c = await RawClient.connect(port);
    c.write('GET /refuse HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.headers.connection).to.equal(undefined);
    c.write('GET /refuse HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.responsesCount(2);
    c.destroy();
  });

  it('never sends 100 Continue to an HTTP/1.0 client', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /echo HTTP/1.0\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    await new Promise((r) => setTimeout(r, 30));
    expect(c.raw).to.equal('');
    c.write('hello');
    await c.closedByServer();
    expect(c.responses.map((r) => r.statusCode)).to.deep.equal([200]);
    expect(c.responses[0].body.toString()).to.equal('hello');
  });

  it('sends no 100 Continue when the body arrived with the head', async () => {
    const c = await RawClient.connect(port);
    c.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\nhello');
    await c.responsesCount(1);
    expect(c.responses.map((r) => r.statusCode)).to.deep.equal([200]);
    c.destroy();
  });
});
