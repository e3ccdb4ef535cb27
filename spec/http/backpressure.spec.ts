import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, sleep, startServer } from './support/raw-client';

describe('Connection: backpressure', () => {
  let server: HttpServer;
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('stops parsing pipelined requests while the client does not read the responses', async () => {
    let calls = 0;
    const big = 'x'.repeat(256 * 1024);
    let port: number;
    ({ server, port } = await startServer((req: Request, res: Response) => {
      calls++;
      res.text(big);
    }));
    const c = await RawClient.connect(port);
    c.socket.pause(); // a client that does not read
    const requests = 'GET / HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(200);
    c.write(requests);
    await sleep(150);
    // 200 × 256 KiB would be 50 MiB of answers; socket buffers hold a few MiB at most.
    expect(calls).to.be.lessThan(60);
    const before = calls;
    await sleep(100);
    expect(calls).to.equal(before);
    c.socket.resume();
    await c.responsesCount(200, 15000);
    expect(calls).to.equal(200);
    c.destroy();
  });

  it('stops reading the socket while a stream() consumer holds back, instead of buffering the body', async () => {
    let received = 0;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      for await (const chunk of req.stream()) {
        received += chunk.length;
        await gate; // a consumer that stops after its first chunk
      }
      res.text(String(received));
    }, { limits: { maxBodyBytes: 64 * 1024 * 1024 } }));
    const c = await RawClient.connect(port);
    const total = 32 * 1024 * 1024;
    c.write(`POST / HTTP/1.1\r\nHost: x\r\nContent-Length: ${total}\r\n\r\n`);
    c.write(Buffer.alloc(total, 0x61));
    await sleep(200);
    // Kernel buffers hold a few MiB; the rest must still sit in the client: nobody reads it.
    expect(c.socket.writableLength).to.be.greaterThan(0);
    expect(received).to.be.lessThan(total);
    release();
    const [r] = await c.responsesCount(1, 15000);
    expect(r.body.toString()).to.equal(String(total));
    c.destroy();
  });
});
