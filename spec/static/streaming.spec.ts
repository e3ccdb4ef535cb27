import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { makeFixture, type Fixture } from './fixture';
import { startStatic, type StaticServer } from './server';

const MB = 1024 * 1024;
const BIG = 200 * MB;
const TAIL = Buffer.from('--the-last-16b--');

/** Paths the process's open descriptors point to (Linux). */
function openPaths(): string[] {
  const out: string[] = [];
  for (const fd of fs.readdirSync('/proc/self/fd')) {
    try {
      out.push(fs.readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // closed between readdir and readlink (the readdir's own descriptor, say)
    }
  }
  return out;
}

async function until(condition: () => boolean, deadlineMs: number): Promise<void> {
  const end = Date.now() + deadlineMs;
  while (!condition() && Date.now() < end) await new Promise((r) => setTimeout(r, 20));
}

const onLinux = process.platform === 'linux' && fs.existsSync('/proc/self/fd');

(onLinux ? describe : describe.skip)('static: large files stream in flat memory and release their descriptor', function () {
  this.timeout(30_000);
  let fx: Fixture;
  let srv: StaticServer;
  let bigPath: string;

  before(async () => {
    fx = makeFixture();
    // Sparse: 200 MB of zeros the file system does not store, plus a known tail to check the end.
    bigPath = path.join(fx.root, 'big.bin');
    const fd = fs.openSync(bigPath, 'w');
    fs.ftruncateSync(fd, BIG);
    fs.writeSync(fd, TAIL, 0, TAIL.length, BIG - TAIL.length);
    fs.closeSync(fd);
    fx.file('warm.bin', Buffer.alloc(2 * MB, 1));
    srv = await startStatic('/static', fx.root);
  });
  after(async () => {
    await srv.close();
    fx.remove();
  });

  /** GETs a file, stalling `stallMs` after the head and sampling RSS meanwhile; returns bytes and the peak RSS seen while stalled. */
  function slowGet(target: string, stallMs: number): Promise<{ bytes: number; tail: Buffer; head: string; stallPeak: number }> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port: srv.port });
      let head = '';
      let pending = Buffer.alloc(0);
      let bytes = 0;
      let length = -1;
      let tail = Buffer.alloc(0);
      let stallPeak = 0;
      socket.on('connect', () => socket.write(`GET ${target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`));
      socket.on('data', (d: Buffer) => {
        if (length < 0) {
          pending = Buffer.concat([pending, d]);
          const end = pending.indexOf('\r\n\r\n');
          if (end < 0) return;
          head = pending.subarray(0, end).toString('latin1');
          length = Number(/content-length: (\d+)/i.exec(head)?.[1] ?? -1);
          d = pending.subarray(end + 4);
          // The reader stalls: a server with backpressure holds a few chunks meanwhile; one
          // without it (or one that reads the file whole) holds the file.
          socket.pause();
          const sampler = setInterval(() => (stallPeak = Math.max(stallPeak, process.memoryUsage.rss())), 10);
          setTimeout(() => {
            clearInterval(sampler);
            stallPeak = Math.max(stallPeak, process.memoryUsage.rss());
            socket.resume();
          }, stallMs);
        }
        bytes += d.length;
        tail = Buffer.concat([tail, d]).subarray(-TAIL.length);
      });
      socket.on('end', () => resolve({ bytes, tail, head, stallPeak }));
      socket.on('error', reject);
    });
  }

  it('serves 200 MB to a slow reader with the exact length and tail, RSS growing by less than 20 MB', async () => {
    await slowGet('/static/warm.bin', 10); // first-use allocations (buffers, heap growth) do not count
    const before = process.memoryUsage.rss();
    const r = await slowGet('/static/big.bin', 1000);
    expect(r.head).to.match(/^HTTP\/1\.1 200 /);
    expect(r.bytes).to.equal(BIG);
    expect(r.tail.equals(TAIL)).to.equal(true);
    expect((r.stallPeak - before) / MB).to.be.below(20);
  });

  it('closes the file descriptor when the client goes away mid-file', async () => {
    const countBefore = fs.readdirSync('/proc/self/fd').length;
    const socket = net.connect({ host: '127.0.0.1', port: srv.port });
    await new Promise<void>((resolve) => {
      socket.on('connect', () => socket.write('GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\n'));
      let got = 0;
      socket.on('data', (d: Buffer) => {
        got += d.length;
        if (got > 1 * MB) resolve(); // the body is flowing: the server holds the file open
      });
    });
    expect(openPaths()).to.include(bigPath);
    socket.destroy();
    await until(() => !openPaths().includes(bigPath), 3000);
    expect(openPaths()).to.not.include(bigPath);
    await until(() => fs.readdirSync('/proc/self/fd').length <= countBefore, 3000);
    expect(fs.readdirSync('/proc/self/fd').length).to.be.at.most(countBefore);
  });

  it('closes the descriptor of a pipelined response that never started when the client goes away', async () => {
    const second = path.join(fx.root, 'big2.bin');
    fs.copyFileSync(bigPath, second);
    const socket = net.connect({ host: '127.0.0.1', port: srv.port });
    await new Promise<void>((resolve) => {
      socket.on('connect', () => {
        // Two requests at once: the second file is opened while the first still streams, and
        // its body waits its turn (responses leave in request order).
        socket.write('GET /static/big.bin HTTP/1.1\r\nHost: x\r\n\r\nGET /static/big2.bin HTTP/1.1\r\nHost: x\r\n\r\n');
      });
      socket.once('data', () => {
        socket.pause(); // stop reading: the first body stalls on backpressure
        resolve();
      });
    });
    await until(() => openPaths().includes(second), 3000);
    expect(openPaths()).to.include(second);
    socket.destroy();
    await until(() => !openPaths().includes(second) && !openPaths().includes(bigPath), 3000);
    expect(openPaths()).to.not.include(bigPath);
    expect(openPaths()).to.not.include(second);
  });

  it('cuts the response (never pads it) when the file shrinks while it is sent, and closes the descriptor', async () => {
    const shrinking = fx.file('shrinking.bin', Buffer.alloc(8 * MB, 7));
    const socket = net.connect({ host: '127.0.0.1', port: srv.port });
    let got = 0;
    let head = '';
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => {
      socket.on('connect', () => socket.write('GET /static/shrinking.bin HTTP/1.1\r\nHost: x\r\n\r\n'));
      socket.on('data', (d: Buffer) => {
        if (head === '') {
          head = d.toString('latin1', 0, d.indexOf('\r\n\r\n'));
          socket.pause();
          fs.truncateSync(shrinking, 1 * MB);
          setTimeout(() => socket.resume(), 50);
          resolve();
        }
        got += d.length;
      });
    });
    await closed;
    expect(head).to.match(/content-length: 8388608/i);
    expect(got).to.be.below(8 * MB);
    await until(() => !openPaths().includes(shrinking), 3000);
    expect(openPaths()).to.not.include(shrinking);
  });

  it('closes the descriptor after HEAD, 304 and 416 on a large file (no body, no leak)', async () => {
    const { fetchRaw } = await import('./client');
    const h = await fetchRaw(srv.port, '/static/big.bin', { method: 'HEAD' });
    expect(h.headers['content-length']).to.equal(String(BIG));
    await fetchRaw(srv.port, '/static/big.bin', { headers: { 'If-None-Match': h.headers.etag } });
    await fetchRaw(srv.port, '/static/big.bin', { headers: { Range: `bytes=${BIG}-` } });
    const ranged = await fetchRaw(srv.port, '/static/big.bin', { headers: { Range: `bytes=${BIG - 16}-` } });
    expect(ranged.body.equals(TAIL)).to.equal(true);
    await until(() => !openPaths().includes(bigPath), 3000);
    expect(openPaths()).to.not.include(bigPath);
  });
});
