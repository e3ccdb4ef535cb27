/**
 * A large answer to a slow client: the handler must be held back (write() returns false, then
 * res.drained()) so that memory stays flat, and a client that leaves half-way must stop the
 * source without a crash or an unhandled rejection.
 */
import { expect } from 'chai';
import * as net from 'node:net';
import { Readable } from 'node:stream';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient } from './support/raw-client';
import { reportingServer } from './support/reporting-server';

const PIECE = Buffer.alloc(64 * 1024, 'x');
/** a new Buffer per piece, as a real source makes: a reused one would hide what a queue holds. */
const piece = (): Buffer => Buffer.from(PIECE);
const TOTAL = 100 * 1024 * 1024;
/** generous: the whole body is 100 MB; held back, the server keeps a few socket buffers of it. */
const RSS_GROWTH_MAX = 48 * 1024 * 1024;

/** Reads the whole answer slowly (a pause after every read); resolves with bytes read and the peak RSS seen. */
function slowRead(port: number, path: string): Promise<{ bytes: number; peakRss: number }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    let bytes = 0;
    let peakRss = process.memoryUsage().rss;
    socket.on('data', (chunk) => {
      bytes += chunk.length;
      socket.pause();
      setTimeout(() => socket.resume(), 1);
      if ((bytes & 0xfffff) < chunk.length) peakRss = Math.max(peakRss, process.memoryUsage().rss);
    });
    socket.on('close', () => resolve({ bytes, peakRss }));
    socket.on('error', reject);
    socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
  });
}

describe('Response: backpressure and a client that leaves', function () {
  this.timeout(60_000);
  const { serve, reported } = reportingServer({ next: false });

  it('streams 100 MB with write() and drained() to a slow client in flat memory, write() returning false when the socket is full', async () => {
    let refused = 0;
    const port = await serve(async (req, res) => {
      res.setHeader('Content-Length', TOTAL);
      for (let sent = 0; sent < TOTAL; sent += PIECE.length) {
        if (!res.write(piece())) {
          refused++;
          await res.drained();
        }
      }
      res.end();
    });
    const before = process.memoryUsage().rss;
    const { bytes, peakRss } = await slowRead(port, '/');
    expect(bytes).to.be.greaterThan(TOTAL);
    expect(refused).to.be.greaterThan(0);
    expect(peakRss - before).to.be.lessThan(RSS_GROWTH_MAX);
    expect(reported).to.deep.equal([]);
  });

  it('streams 100 MB from a Readable given to send() to a slow client in flat memory', async () => {
    const port = await serve((req, res) => {
      let sent = 0;
      res.send(new Readable({
        read() {
          if (sent >= TOTAL) return void this.push(null);
          sent += PIECE.length;
          this.push(piece());
        },
      }));
    });
    const before = process.memoryUsage().rss;
    const { bytes, peakRss } = await slowRead(port, '/');
    expect(bytes).to.be.greaterThan(TOTAL);
    expect(peakRss - before).to.be.lessThan(RSS_GROWTH_MAX);
  });

  it('holds back a write() loop pipelined behind a slower answer: write() returns false once a little is queued, and drained() waits for its turn (regression: the whole body queued in memory)', async () => {
    const PIECES = 128; // 8 MB
    let releaseSlow!: () => void;
    const slow = new Promise<void>((resolve) => (releaseSlow = resolve));
    let queuedWhenRefused = -1;
    const port = await serve(async (req, res) => {
      if (req.path === '/slow') {
        await slow;
        return res.text('slow');
      }
      let written = 0;
      for (let i = 0; i < PIECES; i++) {
        written += PIECE.length;
        if (!res.write(piece())) {
          if (queuedWhenRefused === -1) {
            queuedWhenRefused = written;
            releaseSlow();
          }
          await res.drained();
        }
      }
      releaseSlow();
      res.end();
    });
    const c = await RawClient.connect(port);
    c.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /big HTTP/1.1\r\nHost: x\r\n\r\n');
    const [first, second] = await c.responsesCount(2, 20_000);
    expect(first.body.toString()).to.equal('slow');
    expect(second.body.length).to.equal(PIECES * PIECE.length);
    expect(queuedWhenRefused).to.be.within(1, 1024 * 1024);
    c.destroy();
  });

  it('resolves drained() of a queued answer whose connection closes before its turn', async () => {
    let waited = false;
    const port = await serve(async (req, res) => {
      if (req.path === '/close') {
        await new Promise((r) => setTimeout(r, 50));
        res.setHeader('Connection', 'close');
        return res.text('bye');
      }
      for (let i = 0; i < 256 && res.write(piece()); i++);
      await res.drained();
      waited = true;
    });
    const c = await RawClient.connect(port);
    c.write('GET /close HTTP/1.1\r\nHost: x\r\n\r\nGET /big HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.closedByServer();
    await c.until(() => waited, 'drained() to resolve');
    expect(c.finals.map((r) => r.body.toString())).to.deep.equal(['bye']);
  });

  it('resolves drained() at once when the socket is not full, and when the connection is gone', async () => {
    const port = await serve(async (req, res) => {
      await res.drained(); // nothing written yet: no 'drain' is coming, it must not wait for one
      res.write('a');
      await res.drained();
      res.end('b');
    });
    const c = await RawClient.connect(port);
    c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [r] = await c.responsesCount(1);
    expect(r.body.toString()).to.equal('ab');
    c.destroy();
  });

  it('stops an async generator body when the client leaves half-way: its finally runs, no unhandled rejection', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => void unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    let finallyRan = false;
    let yielded = 0;
    try {
      const port = await serve((req, res) => {
        res.send((async function* () {
          try {
            for (;;) {
              yielded++;
              yield PIECE;
            }
          } finally {
            finallyRan = true;
          }
        })());
      });
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.until(() => c.raw.length > 1024 * 1024, 'a megabyte of the body');
      c.destroy();
      await c.until(() => finallyRan, 'the generator to be closed');
      const after = yielded;
      await new Promise((r) => setTimeout(r, 50));
      expect(yielded).to.equal(after);
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
