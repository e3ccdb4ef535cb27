import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, deferred, sleep, startServer } from './support/raw-client';
import { exposeGc } from '../support/gc';

describe('Connection: closing and broken clients', () => {
  let server: HttpServer;
  afterEach(() => server.close({ timeoutMs: 200 }));

  it('lets the client read a 413 while it is still sending its oversized body (staged close)', async () => {
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      try {
        await req.body();
        res.text('ok');
      } catch (err) {
        res.text('too large', (err as { status: number }).status);
      }
    }, { limits: { maxBodyBytes: 1024 } }));
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    // 1 MiB in 4 KiB chunks, still arriving after the server has answered
    for (let i = 0; i < 256 && !c.ended && !c.closed; i++) {
      c.write('1000\r\n' + 'a'.repeat(4096) + '\r\n');
      await sleep(1);
    }
    await c.until(() => c.finals.length === 1, 'the 413');
    expect(c.finals[0].statusCode).to.equal(413);
    expect(c.finals[0].headers.connection).to.equal('close');
    c.destroy();
  });

  it('half-closes first and closes the connection once the client is done', async () => {
    let port: number;
    ({ server, port } = await startServer((req: Request, res: Response) => res.text('bye')));
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await c.until(() => c.ended, 'our FIN');
    expect(c.closed).to.equal(false); // the server half-closed; the socket is still ours to end
    c.end();
    await c.until(() => c.closed, 'the full close');
  });

  it('lets a connection closed after its linger began be garbage-collected at once', async () => {
    const gc = exposeGc();
    let port: number;
    let conn: WeakRef<object> | undefined;
    ({ server, port } = await startServer((req: Request, res: Response) => {
      conn = new WeakRef(req._conn);
      res.text('bye');
    }));
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    await c.until(() => c.ended, 'our FIN'); // the server's side is finished: its linger began
    c.end();
    await c.until(() => c.closed, 'the full close');
    await sleep(20); // the server's 'close' event
    // the linger lasts up to 10 s: a timer still holding the connection would keep it reachable now
    // (deref() keeps its target alive until the job ends: collect first, in a fresh job)
    let collected = false;
    for (let i = 0; i < 3 && !collected; i++) {
      await sleep(0);
      gc();
      collected = conn!.deref() === undefined;
    }
    expect(collected, 'the closed connection is still reachable').to.equal(true);
  });

  it('answers a client that half-closes right after a complete request, then closes', async () => {
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      await sleep(20);
      res.text('late answer');
    }));
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    c.end();
    await c.closedByServer();
    expect(c.finals.map((r) => r.body.toString())).to.deep.equal(['late answer']);
  });

  it('answers 400 when the client half-closes in the middle of a body', async () => {
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      try {
        res.send(await req.body());
      } catch (err) {
        res.text('incomplete', (err as { status: number }).status);
      }
    }));
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nhello');
    c.end();
    await c.closedByServer();
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([400]);
  });

  it('survives a client reset in the middle of a request body and keeps serving', async () => {
    let aborted = false;
    let bodyFailed = false;
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.method === 'POST') {
        req.signal.addEventListener('abort', () => (aborted = true));
        try {
          await req.body();
        } catch {
          bodyFailed = true;
        }
        res.text('too late'); // a no-op on a dead connection, never a throw
        return;
      }
      res.text('alive');
    }));
    const c = await RawClient.connect(port);
    c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\nabc');
    await sleep(20);
    c.socket.resetAndDestroy();
    await c.until(() => aborted && bodyFailed, 'the abort to reach the handler');
    const d = await RawClient.connect(port);
    d.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await d.responsesCount(1);
    expect(r.body.toString()).to.equal('alive');
    d.destroy();
  });

  it('survives a client reset in the middle of a streamed response and finishes it with an error', async () => {
    const finished = deferred();
    let finishError: Error | undefined;
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      res.onFinish((err) => {
        finishError = err;
        finished.resolve();
      });
      for (let i = 0; i < 2000; i++) {
        res.write('x'.repeat(16 * 1024));
        await sleep(1);
      }
      res.end();
    }));
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.until(() => c.raw.length > 32 * 1024, 'some of the body');
    c.socket.resetAndDestroy();
    await finished.promise;
    expect(finishError).to.be.instanceOf(Error);
  });

  it('never mixes requests when a client resets with several pipelined in flight', async () => {
    const seen: string[] = [];
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      seen.push(req.url);
      await sleep(5);
      res.text(req.url);
    }));
    const c = await RawClient.connect(port);
    c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
    c.socket.resetAndDestroy();
    const d = await RawClient.connect(port);
    d.write('GET /c HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await d.responsesCount(1);
    expect(r.body.toString()).to.equal('/c');
    d.destroy();
  });
});
