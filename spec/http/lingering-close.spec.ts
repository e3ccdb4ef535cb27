/**
 * The lingering close (RFC 9112 §9.6) after an answer made before the request body was read:
 * the client still uploading must get the answer, not a reset. Regression: the linger stopped
 * after 64 KiB, so an upload of a few hundred KiB to a route that answered 401 without reading
 * drew a reset, and the client (curl: exit 55) failed its write instead of reading the 401.
 */
import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, sleep, startServer } from './support/raw-client';

const MiB = 1024 * 1024;
const PIECE = Buffer.alloc(64 * 1024, 'a');

/** Sends `bytes` of body the way a real client does: as fast as the socket takes it. */
async function upload(c: RawClient, bytes: number): Promise<void> {
  for (let sent = 0; sent < bytes && c.error === null && !c.closed; ) {
    const piece = PIECE.subarray(0, Math.min(PIECE.length, bytes - sent));
    sent += piece.length;
    if (!c.write(piece)) await c.until(() => c.socket.writableLength === 0 || c.error !== null || c.closed, 'drain', 10_000);
  }
  // every byte handed to the kernel, or a failure on the way
  await c.until(() => c.socket.writableLength === 0 || c.error !== null || c.closed, 'the upload to leave', 10_000);
}

/** Sends one byte every `everyMs` until the connection fails. */
function trickle(c: RawClient, everyMs: number): NodeJS.Timeout {
  const timer = setInterval(() => {
    if (c.error !== null || c.closed) clearInterval(timer);
    else c.write('a');
  }, everyMs);
  return timer;
}

const unauthorized = (req: Request, res: Response): void => res.text('log in first', 401);
const bigPost = (length: number): string => `POST /upload HTTP/1.1\r\nHost: x\r\nContent-Length: ${length}\r\n\r\n`;

describe('Connection: lingering close after an answer made before the body', () => {
  let server: HttpServer;
  let timers: NodeJS.Timeout[] = [];
  afterEach(async () => {
    for (const t of timers) clearInterval(t);
    timers = [];
    await server.close({ timeoutMs: 200 });
  });

  it('lets a client upload 4 MiB to a handler that answered 401 without reading, and read the whole 401 without a reset', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB } }));
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB));
    await upload(c, 4 * MiB);
    expect(c.error?.message ?? null, 'the client failed while sending').to.equal(null);
    await c.responsesCount(1);
    expect(c.finals[0].statusCode).to.equal(401);
    expect(c.finals[0].body.toString()).to.equal('log in first');
    expect(c.finals[0].headers.connection).to.equal('close');
    c.destroy();
  });

  it('lets a client upload 4 MiB past a 413 for its declared length, and read the 413 without a reset', async () => {
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
    c.write(bigPost(4 * MiB));
    await upload(c, 4 * MiB);
    expect(c.error?.message ?? null, 'the client failed while sending').to.equal(null);
    await c.responsesCount(1);
    expect(c.finals[0].statusCode).to.equal(413);
    c.destroy();
  });

  it('closes as soon as the whole declared body has arrived, without waiting for the client to go quiet', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB } }));
    server.lingerIdleMs = server.lingerTotalMs = 60_000;
    const c = await RawClient.connect(port);
    c.write(bigPost(MiB));
    await upload(c, MiB);
    // the client neither ends nor sends more: only the declared length can tell the server it is done
    await c.until(() => server.connectionCount === 0, 'the server to close the connection');
    expect(c.error).to.equal(null);
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([401]);
  });

  it('closes a lingering connection once the client has sent nothing for the idle bound', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB } }));
    server.lingerIdleMs = 100;
    server.lingerTotalMs = 60_000;
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB));
    await upload(c, 256 * 1024); // then stops, with most of the declared body never sent
    await c.until(() => c.ended, 'our FIN');
    await c.until(() => server.connectionCount === 0, 'the server to close the connection');
    expect(c.error).to.equal(null);
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([401]);
  });

  it('keeps lingering past the idle bound while the client keeps sending', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB } }));
    server.lingerIdleMs = 300;
    server.lingerTotalMs = 60_000;
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB) + 'abc');
    await c.until(() => c.ended, 'our FIN');
    timers.push(trickle(c, 20));
    await sleep(900);
    expect(server.connectionCount, 'the lingering connection was cut while the client was sending').to.equal(1);
    expect(c.error).to.equal(null);
  });

  it('cuts a client that trickles bytes forever at the total bound', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB } }));
    server.lingerIdleMs = 300;
    server.lingerTotalMs = 600;
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB) + 'abc');
    await c.until(() => c.ended, 'our FIN');
    timers.push(trickle(c, 20));
    await c.until(() => server.connectionCount === 0, 'the server to cut the trickling client', 5_000);
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([401]);
  });

  it('lets server.close() end a linger after the drain grace rather than the linger bounds', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB }, drainGraceMs: 50 }));
    server.lingerIdleMs = server.lingerTotalMs = 60_000;
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB) + 'abc');
    await c.until(() => c.ended, 'our FIN');
    timers.push(trickle(c, 20));
    await sleep(50); // lingering now
    let closed = false;
    void server.close().then(() => (closed = true)); // the default deadline (10 s) is not what ends it
    await c.until(() => closed, 'server.close() to resolve', 3_000);
  });

  it('lets server.close() cut a lingering connection at its deadline', async () => {
    let port: number;
    ({ server, port } = await startServer(unauthorized, { limits: { maxBodyBytes: 16 * MiB }, drainGraceMs: 60_000 }));
    server.lingerIdleMs = server.lingerTotalMs = 60_000;
    const c = await RawClient.connect(port);
    c.write(bigPost(4 * MiB) + 'abc');
    await c.until(() => c.ended, 'our FIN');
    timers.push(trickle(c, 20));
    await sleep(50);
    let closed = false;
    void server.close({ timeoutMs: 100 }).then(() => (closed = true));
    await c.until(() => closed, 'server.close() to resolve', 3_000);
  });
});
