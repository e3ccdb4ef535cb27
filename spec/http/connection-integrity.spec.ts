/**
 * What a client receives when an answer cannot be completed: the answers before it arrive
 * whole, the broken one is visibly incomplete (never terminated as if it were whole), and the
 * connection closes after it (RFC 9112 §6.3, §9.6).
 */
import { expect } from 'chai';
import * as net from 'node:net';
import { PassThrough } from 'node:stream';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { ResponseReader } from '../../src/testing/response-reader';
import { deferred, RawClient, sleep, startServer } from './support/raw-client';
import { selfSignedCert } from '../support/self-signed-cert';

/** Sends `raw`, reads nothing for `holdMs` (the server's writes back up), then reads to the end. */
function slowReader(port: number, raw: string, holdMs: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.pause();
    socket.on('data', (d: Buffer) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks)));
    socket.on('connect', () => {
      socket.write(raw);
      setTimeout(() => socket.resume(), holdMs);
    });
  });
}

describe('Connection: an answer that cannot be completed', () => {
  let server: HttpServer;
  afterEach(() => server.close({ timeoutMs: 100 }));

  const big = Buffer.alloc(32 * 1024 * 1024, 0x61);
  const pipelined = (second: string): string =>
    `GET /big HTTP/1.1\r\nHost: x\r\n\r\nGET ${second} HTTP/1.1\r\nHost: x\r\n\r\n`;

  async function serveBigThen(second: (req: Request, res: Response) => Promise<void>): Promise<number> {
    const bigQueued = deferred();
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/big') {
        await sleep(20); // both requests are parsed (and their handlers run) before this answer
        res.send(big);
        bigQueued.resolve();
        return;
      }
      await bigQueued.promise; // the big answer is still in the socket's buffer: the client is not reading
      await second(req, res);
    }));
    return port;
  }

  it('delivers a whole earlier pipelined answer when a later handler throws after its headers went out', async () => {
    const port = await serveBigThen(async (req, res) => {
      res.write('partial');
      throw new Error('late');
    });
    const raw = await slowReader(port, pipelined('/throw'), 300);
    const reader = new ResponseReader([]);
    const responses = reader.push(raw);
    expect(responses).to.have.length(1);
    expect(responses[0].body.length).to.equal(big.length);
    // the broken answer follows, visibly incomplete: a chunked body without its last chunk.
    expect(() => reader.end()).to.throw(/chunked/);
  });

  it('delivers a whole earlier pipelined answer when a later answer\'s stream fails', async () => {
    const port = await serveBigThen(async (req, res) => {
      const source = new PassThrough();
      res.send(source);
      source.write('partial');
      await sleep(50);
      source.destroy(new Error('disk gone'));
    });
    const raw = await slowReader(port, pipelined('/stream'), 300);
    const reader = new ResponseReader([]);
    const responses = reader.push(raw);
    expect(responses).to.have.length(1);
    expect(responses[0].body.length).to.equal(big.length);
    expect(() => reader.end()).to.throw(/chunked/);
  });
});

/** Sends `raw` and reports how the connection ended: 'end' (a FIN) or the socket error's code. */
function howItEnds(port: number, raw: string): Promise<{ ending: string; received: string }> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    let received = '';
    const done = (ending: string): void => {
      socket.destroy();
      resolve({ ending, received });
    };
    socket.on('data', (d: Buffer) => (received += d.toString('latin1')));
    socket.on('end', () => done('end'));
    socket.on('error', (err: NodeJS.ErrnoException) => done(err.code ?? err.message));
    socket.on('connect', () => socket.write(raw));
  });
}

describe('Connection: a close-delimited body that cannot be completed (HTTP/1.0)', () => {
  let server: HttpServer;
  let port: number;
  before(async () => {
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/stream') {
        const source = new PassThrough();
        res.send(source);
        source.write('partial');
        await sleep(20);
        source.destroy(new Error('disk gone'));
        return;
      }
      res.write('partial');
      await sleep(20);
      if (req.path === '/throw') throw new Error('late');
      res.end(' and the rest');
    }));
  });
  after(() => server.close({ timeoutMs: 100 }));

  // With no Content-Length and no chunked coding, the end of the connection is the end of the
  // body (RFC 9112 §6.3): only a reset tells the client that what it got is not all of it.
  it('resets the connection when the handler throws after its headers went out, so the client cannot take the body for whole', async () => {
    const { ending, received } = await howItEnds(port, 'GET /throw HTTP/1.0\r\n\r\n');
    expect(ending).to.equal('ECONNRESET');
    expect(received).to.not.match(/Content-Length|Transfer-Encoding/i);
  });

  it("resets the connection when the body's stream fails half-way", async () => {
    expect((await howItEnds(port, 'GET /stream HTTP/1.0\r\n\r\n')).ending).to.equal('ECONNRESET');
  });

  it('ends a complete close-delimited body with a normal close', async () => {
    const { ending, received } = await howItEnds(port, 'GET /whole HTTP/1.0\r\n\r\n');
    expect(ending).to.equal('end');
    expect(received).to.match(/\r\n\r\npartial and the rest$/);
  });

  it('still closes a broken chunked body (HTTP/1.1) normally: its missing last chunk says it is incomplete', async () => {
    const { ending, received } = await howItEnds(port, 'GET /throw HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(ending).to.equal('end');
    expect(received).to.match(/\r\n\r\n7\r\npartial\r\n$/);
  });
});

describe('Connection: a close-delimited body that cannot be completed, over TLS', () => {
  it('cuts the connection, though a TLS socket cannot send a reset, and keeps serving', async function () {
    const made = selfSignedCert();
    if (made === undefined) this.skip();
    const { server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/ok') return res.text('ok');
      res.write('partial');
      await sleep(20);
      throw new Error('late');
    }, { https: made });
    const broken = await RawClient.connect(port, { tls: true });
    broken.write('GET /throw HTTP/1.0\r\n\r\n');
    await broken.closedByServer();
    expect(broken.raw).to.match(/\r\n\r\npartial$/);
    const next = await RawClient.connect(port, { tls: true });
    next.write('GET /ok HTTP/1.1\r\nHost: x\r\n\r\n');
    expect((await next.responsesCount(1))[0].body.toString()).to.equal('ok');
    next.destroy();
    await server.close({ timeoutMs: 100 });
  });
});
