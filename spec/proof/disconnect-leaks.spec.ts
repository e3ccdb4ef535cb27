/**
 * Proof 4 — clients that disconnect mid-body and mid-response leak nothing: no socket, no file
 * descriptor, no timer, no listener, no connection left in the server's books.
 *
 * Counted around 300 such clients (six ways of leaving, 50 each): entries of /proc/self/fd,
 * process.getActiveResourcesInfo() by type, the server's connection count, and the listeners
 * on the listening socket and on `process`. The server and the clients share this process,
 * so the client ends are counted too: every one must be gone as well. Counts are polled until
 * they settle (a closing connection lingers until the client closes, RFC 9112 §9.6). Then the server's own
 * books (its connection count, the listeners on its listening socket) must be EQUAL to before.
 * The process-wide counts (descriptors, active resources by type, process listeners) may not
 * grow at all, but may shrink: in `npm test` this process also holds what earlier specs left
 * winding down (an unref'd timer, a lingering socket), and that may end during our window.
 * Alone (`mocha spec/proof/disconnect-leaks.spec.ts`) they come out equal.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { App } from '../../src/app/app';
import type { HttpServer } from '../../src/http/server';
import { proofApp } from './support/app';
import { delay } from './support/client';

const EACH = 50;
const FILE_BYTES = 8 * 1024 * 1024;

interface Counts {
  fds: number;
  resources: Record<string, number>;
  connections: number;
  serverListeners: Record<string, number>;
  processListeners: Record<string, number>;
}

function listenerCounts(emitter: NodeJS.EventEmitter): Record<string, number> {
  const out: Record<string, number> = {};
  for (const name of emitter.eventNames()) out[String(name)] = emitter.listenerCount(name);
  return out;
}

function counts(server: HttpServer): Counts {
  const resources: Record<string, number> = {};
  for (const type of process.getActiveResourcesInfo()) resources[type] = (resources[type] ?? 0) + 1;
  // The listening net.Server inside the engine (no public accessor: read for this check only).
  const listening = (server as unknown as { server: net.Server }).server;
  return {
    fds: fs.readdirSync('/proc/self/fd').length,
    resources,
    connections: server.connectionCount,
    serverListeners: listenerCounts(listening),
    processListeners: listenerCounts(process),
  };
}

/** Every count that is higher after than before (a type that appeared counts from 0). */
function grown(before: Counts, after: Counts): string[] {
  const out: string[] = [];
  if (after.fds > before.fds) out.push(`fds ${before.fds} → ${after.fds}`);
  for (const [group, b, a] of [
    ['resource', before.resources, after.resources],
    ['process listener', before.processListeners, after.processListeners],
  ] as const) {
    for (const key of Object.keys(a)) if (a[key] > (b[key] ?? 0)) out.push(`${group} ${key} ${b[key] ?? 0} → ${a[key]}`);
  }
  return out;
}

/** One client that leaves in one of six ways; resolves once its socket is closed. */
function leaver(port: number, way: number, i: number): Promise<void> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    socket.on('error', () => undefined);
    socket.on('close', () => resolve());
    // a safety net: a server that never closes its end shows up in the counts, not as a hang
    const cap = setTimeout(() => socket.destroy(), 5_000);
    socket.on('close', () => clearTimeout(cap));
    const partBody = Buffer.alloc(32 * 1024, 'p');
    socket.on('connect', () => {
      switch (way) {
        case 0: // mid-body (Content-Length), then reset
          socket.write(`POST /echo HTTP/1.1\r\nHost: leak\r\nContent-Length: 1000000\r\n\r\n`);
          socket.write(partBody, () => setImmediate(() => socket.resetAndDestroy()));
          break;
        case 1: // mid-body (chunked), then FIN: the server answers 400 and closes
          socket.write(`POST /echo HTTP/1.1\r\nHost: leak\r\nTransfer-Encoding: chunked\r\n\r\n8000\r\n`);
          socket.write(partBody, () => setImmediate(() => socket.end()));
          socket.on('data', () => undefined);
          socket.on('end', () => socket.destroy());
          break;
        case 2: // mid-response of a 4 MiB stream, reset at the first bytes
          socket.write('GET /stream/4096 HTTP/1.1\r\nHost: leak\r\n\r\n');
          socket.once('data', () => socket.resetAndDestroy());
          break;
        case 3: // mid-response of an 8 MiB file (a descriptor on the server side), destroyed
          socket.write('GET /files/big.bin HTTP/1.1\r\nHost: leak\r\n\r\n');
          socket.once('data', () => socket.destroy());
          break;
        case 4: // a 512 KiB echo the client never reads, then destroyed (server blocked on backpressure)
          socket.pause();
          socket.write(`POST /echo HTTP/1.1\r\nHost: leak\r\nContent-Length: ${512 * 1024}\r\n\r\n`);
          socket.write(Buffer.alloc(512 * 1024, 'e'), () => setTimeout(() => socket.destroy(), 20));
          break;
        default: // pipelined requests, slow and streamed among them, then reset mid-way
          socket.write(`GET /mode/async/${i}?ms=30 HTTP/1.1\r\nHost: leak\r\n\r\nGET /stream/1024 HTTP/1.1\r\nHost: leak\r\n\r\nGET /mode/ok/${i} HTTP/1.1\r\nHost: leak\r\n\r\n`);
          setTimeout(() => socket.resetAndDestroy(), 5 + (i % 20));
      }
    });
  });
}

async function wave(port: number, each: number): Promise<void> {
  for (let way = 0; way < 6; way++) {
    await Promise.all(Array.from({ length: each }, (_, i) => leaver(port, way, i)));
  }
}

describe('proof: clients that disconnect mid-body and mid-response', function () {
  this.timeout(60_000);
  let app: App | undefined;
  let dir = '';

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'wirework-proof-'));
    fs.writeFileSync(path.join(dir, 'big.bin'), Buffer.alloc(FILE_BYTES, 'f'));
  });

  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('leaves no socket, file descriptor, timer, listener or connection behind after 300 of them', async () => {
    app = await proofApp();
    app.useStatic('/files', dir);
    const { port } = await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer();

    // Warm-up: every path once, so lazily made things (caches, the sweep) are not counted as leaks.
    await wave(port, 1);
    const settle = async (): Promise<void> => {
      for (let i = 0; i < 100 && server.connectionCount > 0; i++) await delay(50);
      await delay(1_200); // timers that outlive their connection by a little (unref'd, cleared on close)
    };
    await settle();
    const before = counts(server);
    expect(before.connections).to.equal(0);

    await wave(port, EACH);
    await settle();
    let afterCounts = counts(server);
    // A few more looks if something is still winding down; equality is required in the end.
    for (let i = 0; i < 20 && grown(before, afterCounts).length > 0; i++) {
      await delay(250);
      afterCounts = counts(server);
    }
    expect(afterCounts.connections, 'connections in the server').to.equal(before.connections);
    expect(afterCounts.serverListeners, 'listeners on the listening socket').to.deep.equal(before.serverListeners);
    expect(grown(before, afterCounts), `grown: before ${JSON.stringify(before)}, after ${JSON.stringify(afterCounts)}`).to.deep.equal([]);

    // And the server still serves.
    const ok = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1', () => s.end('GET /mode/ok/after HTTP/1.1\r\nHost: leak\r\nConnection: close\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('close', () => resolve(text));
    });
    expect(ok).to.match(/^HTTP\/1\.1 200 [\s\S]*ok:after$/);
  });
});
