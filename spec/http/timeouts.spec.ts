import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { HttpError } from '../../src/http/errors';
import { RawClient, startServer } from './support/raw-client';

describe('Connection: timeouts', () => {
  let server: HttpServer;
  let port: number;
  let bodyError: unknown;

  beforeEach(async () => {
    bodyError = undefined;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.method === 'POST') {
        try {
          await req.body();
        } catch (err) {
          bodyError = err;
          return;
        }
      }
      res.text('ok');
    }, { headersTimeoutMs: 200, keepAliveTimeoutMs: 200, bodyTimeoutMs: 200 }));
  });
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('answers 408 and closes when a head is not complete within headersTimeoutMs (slowloris)', async () => {
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\n');
    const trickle = setInterval(() => c.write('X-A: b\r\n'), 20); // keeps sending, never ends the head
    await c.closedByServer();
    clearInterval(trickle);
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([408]);
    expect(c.finals[0].headers.connection).to.equal('close');
  });

  it('closes an idle keep-alive connection silently after keepAliveTimeoutMs', async () => {
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.responsesCount(1);
    await c.closedByServer();
    expect(c.finals).to.have.length(1);
    expect(c.raw.split('HTTP/1.1').length - 1).to.equal(1);
  });

  it('rejects req.body() with 408, answers 408 and closes when the body stops arriving', async () => {
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhal');
    await c.closedByServer();
    expect(bodyError).to.be.instanceOf(HttpError);
    expect((bodyError as HttpError).status).to.equal(408);
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([408]);
  });

  it('does not time out a body that keeps arriving slowly', async () => {
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 12\r\n\r\n');
    for (let i = 0; i < 6; i++) {
      await new Promise((r) => setTimeout(r, 60));
      c.write('ab');
    }
    const [r] = await c.responsesCount(1);
    expect(r.statusCode).to.equal(200);
    c.destroy();
  });

  it('cuts a connection whose client leaves the answers unread for bodyTimeoutMs', async () => {
    await server.close({ timeoutMs: 100 });
    ({ server, port } = await startServer((req: Request, res: Response) => res.text('y'.repeat(1024 * 1024)), { bodyTimeoutMs: 200 }));
    const c = await RawClient.connect(port);
    c.socket.pause(); // never reads
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(20));
    await c.until(() => server.connectionCount === 0, 'the server to drop the connection');
    c.destroy();
  });
});
