/**
 * Expect: 100-continue seen from the answer's side (RFC 9110 §10.1.1, §15.2.1): the 100 goes
 * out only when the handler reads the body and never once the final answer has started.
 */
import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, startServer } from './support/raw-client';

describe('Response: Expect: 100-continue', () => {
  let server: HttpServer | undefined;
  afterEach(async () => {
    await server?.close({ timeoutMs: 100 });
    server = undefined;
  });

  async function serve(handler: (req: Request, res: Response) => void | Promise<void>): Promise<number> {
    let port: number;
    ({ server, port } = await startServer(handler, { bodyTimeoutMs: 200 }));
    return port;
  }

  it('sends no 100 once the final answer has started, and still times out a body that never comes (regression: the connection was held forever)', async () => {
    let bodyError: unknown;
    const port = await serve(async (req, res) => {
      res.write('started ');
      try {
        await req.body();
      } catch (err) {
        bodyError = err;
        throw err; // the answer cannot be finished: the engine cuts it
      }
    });
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    await c.closedByServer(3000);
    expect(c.raw).not.to.contain('100 Continue');
    expect(c.raw).to.contain('started ');
    expect((bodyError as { status?: number } | undefined)?.status).to.equal(408);
  });

  it('sends one 100 however often the handler asks for the body, and it comes after the earlier pipelined answer', async () => {
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    const port = await serve(async (req, res) => {
      if (req.path === '/slow') {
        await slow;
        return res.text('slow');
      }
      const first = req.body();
      const again = req.body();
      releaseSlow();
      const [a, b] = await Promise.all([first, again]);
      res.send(Buffer.concat([a as Buffer, Buffer.from('|'), b as Buffer]));
    });
    const c = await RawClient.connect(port);
    c.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nPOST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n');
    await c.until(() => c.raw.includes('100 Continue'), 'the interim answer');
    c.write('hello');
    const [first, second] = await c.responsesCount(2);
    expect(first.body.toString()).to.equal('slow');
    expect(second.body.toString()).to.equal('hello|hello');
    expect(c.raw.match(/100 Continue/g)).to.have.length(1);
    expect(c.raw.indexOf('100 Continue')).to.be.greaterThan(c.raw.indexOf('slow'));
    c.destroy();
  });
});
