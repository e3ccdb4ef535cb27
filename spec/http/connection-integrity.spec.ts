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
import { deferred, sleep, startServer } from './support/raw-client';

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
