/**
 * Proof 2 — 1 000 slowloris clients (one header byte a second) do not starve 50 normal
 * clients, and each slow one is cut at the header timeout with 408.
 *
 * Needs about 2 × 1 100 file descriptors in this process (client and server ends of every
 * socket): the spec checks the soft `ulimit -n` first and says so if it is too low.
 */
import { expect } from 'chai';
import * as fs from 'node:fs';
import * as net from 'node:net';
import type { App } from '../../src/app/app';
import { ResponseReader } from '../../src/testing/response-reader';
import { SerialClient, closes, delay } from './support/client';
import { proofApp } from './support/app';

const SLOW_CLIENTS = 1000;
const NORMAL_CLIENTS = 50;
const HEADERS_TIMEOUT_MS = 1200;
/** the head a slow client trickles, one byte a second: it would need ~40 s to complete. */
const SLOW_HEAD = 'GET / HTTP/1.1\r\nHost: slow\r\nX-Slow: loris\r\n\r\n';

interface Slow {
  socket: net.Socket;
  sent: number;
  firstByteAt: number;
  answeredAt: number;
  status: number;
  connectionClose: boolean;
  responses: number;
  ended: boolean;
  closed: boolean;
  problem: string | null;
}

function openFileLimit(): number {
  const line = fs.readFileSync('/proc/self/limits', 'utf8').split('\n').find((l) => l.startsWith('Max open files'));
  const soft = line?.split(/\s{2,}/)[1];
  return soft === undefined || soft === 'unlimited' ? Infinity : Number(soft);
}

function slowClient(port: number): Promise<Slow> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const reader = new ResponseReader(['GET']);
    const s: Slow = { socket, sent: 0, firstByteAt: 0, answeredAt: 0, status: 0, connectionClose: false, responses: 0, ended: false, closed: false, problem: null };
    socket.once('connect', () => resolve(s));
    socket.once('error', reject);
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const r of reader.push(chunk)) {
          s.responses++;
          s.status = r.statusCode;
          s.connectionClose = closes(r);
          s.answeredAt = Date.now();
        }
      } catch (e) {
        s.problem = (e as Error).message;
      }
    });
    socket.on('end', () => {
      s.ended = true;
      socket.end();
    });
    socket.on('close', () => {
      s.closed = true;
      if (s.problem === null) {
        try {
          reader.end();
        } catch (e) {
          s.problem = (e as Error).message;
        }
      }
    });
  });
}

describe('proof: slowloris', function () {
  this.timeout(60_000);
  let app: App | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('cuts each of 1 000 one-byte-a-second clients with 408 at the header timeout while 50 normal clients are served', async () => {
    const needed = 2 * (SLOW_CLIENTS + NORMAL_CLIENTS) + 200;
    expect(openFileLimit(), `this spec needs ulimit -n >= ${needed} (client and server end of every socket)`).to.be.at.least(needed);

    // A long keep-alive timeout: the slow sockets sit idle until all are connected, and must not be closed for that.
    app = await proofApp({ headersTimeoutMs: HEADERS_TIMEOUT_MS, keepAliveTimeoutMs: 30_000 });
    const { port } = await app.listen(0, '127.0.0.1');

    // Connect in batches: the listen backlog (511) would otherwise drop SYNs and retry them a second later.
    const slow: Slow[] = [];
    for (let i = 0; i < SLOW_CLIENTS; i += 100) {
      slow.push(...(await Promise.all(Array.from({ length: Math.min(100, SLOW_CLIENTS - i) }, () => slowClient(port)))));
    }
    // 50 normal keep-alive clients connect and are answered while the 1 000 slow ones sit connected.
    const normalClients = await Promise.all(Array.from({ length: NORMAL_CLIENTS }, async () => {
      const client = new SerialClient(port);
      await client.connected;
      const r = await client.request('GET / HTTP/1.1\r\nHost: n\r\n\r\n');
      return { client, warm: r !== null && r.statusCode === 200 };
    }));
    expect(normalClients.filter((c) => !c.warm).length, 'normal clients not answered beside 1 000 idle slow connections').to.equal(0);

    // Every slow head starts in the same tick, so the 1 000 header clocks run together.
    const start = Date.now();
    for (const s of slow) {
      s.firstByteAt = start;
      s.socket.write(SLOW_HEAD[s.sent++]);
    }
    const trickle = setInterval(() => {
      for (const s of slow) {
        if (s.responses === 0 && !s.ended && !s.closed && s.sent < SLOW_HEAD.length - 4) s.socket.write(SLOW_HEAD[s.sent++]);
      }
    }, 1000);
    const slowloris = (): boolean => slow.some((s) => s.responses === 0 && !s.closed);

    // The normal clients go on back to back until every slow client is gone.
    const normal = normalClients.map(async ({ client }, c) => {
      let answered = 0;
      let answeredDuringSlowloris = 0;
      const problems: string[] = [];
      for (let n = 0; slow.some((s) => !s.closed); n++) {
        const body = `normal:${c}:${n}`;
        const r = await client.request(`POST /echo HTTP/1.1\r\nHost: n\r\nContent-Length: ${body.length}\r\n\r\n${body}`);
        if (r === null) {
          problems.push(`request ${n} unanswered`);
          break;
        }
        if (r.statusCode !== 200 || r.body.toString() !== body) problems.push(`request ${n}: ${r.statusCode} ${r.body.toString().slice(0, 40)}`);
        answered++;
        if (slowloris()) answeredDuringSlowloris++;
        if (closes(r)) {
          problems.push(`request ${n} closed the connection`);
          break;
        }
      }
      // One more after the storm: the connection still works.
      const r = await client.request('GET / HTTP/1.1\r\nHost: n\r\nConnection: close\r\n\r\n');
      if (r === null || r.statusCode !== 200 || r.body.toString() !== 'ok') problems.push(`the request after the storm got ${r?.statusCode}`);
      const ending = await client.closed;
      if (ending.truncated !== null) problems.push(ending.truncated);
      return { answered, answeredDuringSlowloris, problems };
    });

    const deadline = Date.now() + 30_000;
    while (slow.some((s) => !s.closed) && Date.now() < deadline) await delay(100);
    clearInterval(trickle);
    const results = await Promise.all(normal);
    for (const s of slow) s.socket.destroy();

    const notCut = slow.filter((s) => !s.closed).length;
    expect(notCut, 'slow clients still connected 30 s later').to.equal(0);
    const wrong = slow.filter((s) => s.responses !== 1 || s.status !== 408 || !s.connectionClose || !s.ended || s.problem !== null);
    expect(
      wrong.slice(0, 5).map((s) => ({ responses: s.responses, status: s.status, close: s.connectionClose, ended: s.ended, problem: s.problem })),
      `${wrong.length} slow clients not answered 408 + Connection: close + FIN`,
    ).to.deep.equal([]);
    // Never before the timeout: the 408 comes no earlier than headersTimeoutMs after the first byte
    // (the server timestamps the head's first byte when it reads it, after we wrote it).
    const early = slow.filter((s) => s.answeredAt - s.firstByteAt < HEADERS_TIMEOUT_MS);
    expect(early.map((s) => s.answeredAt - s.firstByteAt).slice(0, 5), 'cut before the header timeout').to.deep.equal([]);
    // None completed its head: each was cut by the timeout, after a byte or two of the head.
    expect(slow.filter((s) => s.sent >= SLOW_HEAD.length - 4).length).to.equal(0);

    const problems = results.flatMap((r, i) => r.problems.map((p) => `normal ${i}: ${p}`));
    expect(problems).to.deep.equal([]);
    // Not starved: every normal client was answered while slow heads were still being held open.
    const starved = results.map((r, i) => [i, r.answeredDuringSlowloris] as const).filter(([, n]) => n === 0);
    expect(starved, `normal clients with no answer while slow heads were held (answers: ${results.map((r) => r.answered).join(',')})`).to.deep.equal([]);
    // The server's ends close too (each after our FIN, which ends its linger).
    const server = app.getHttpServer();
    for (let i = 0; i < 50 && server.connectionCount > 0; i++) await delay(100);
    expect(server.connectionCount).to.equal(0);
  });
});
