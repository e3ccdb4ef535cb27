/**
 * Proof 1 — a deploy under load drops nothing.
 *
 * A real wirework process (createServer + enableShutdownHooks + listen(0)) serves 20 keep-alive
 * clients that send back to back (GET /, POST /echo with per-request ids, a slow answer, a
 * 256 KiB streamed answer) and 10 clients that open a new connection per request. Mid-load it
 * gets SIGTERM, as an orchestrator sends it on deploy.
 *
 * The contract, from the client's side:
 * - a request written on an open keep-alive connection (the previous answer did not say
 *   `Connection: close`) is answered, completely and correctly;
 * - the last response on each keep-alive connection says `Connection: close`;
 * - no response is cut short;
 * - a request on a new connection is answered completely, or the connection was never taken
 *   by the server: refused, or reset by the kernel (it was still in the listen backlog when the
 *   listening socket closed) before a single response byte. A connection the server accepted and
 *   then closed with a bare FIN, its request unanswered, is a lost request (a POST cannot be
 *   retried safely);
 * - the process exits with code 0 before the close deadline (10 s, App.close's default).
 * One run, several facts: the scenario runs once in `before`, each `it` checks one of them.
 */
import { expect } from 'chai';
import * as net from 'node:net';
import { SerialClient, closes, delay, header, oneShot, type RawResponse } from './support/client';
import { startFixture, type Fixture } from './support/fixture';

const KEEP_ALIVE_CLIENTS = 20;
const NEW_CONNECTION_CLIENTS = 10;
/** App.close() destroys what is left after 10 s; the process must be gone by then (+ margin). */
const EXIT_DEADLINE_MS = 12_000;

interface Lost {
  id: string;
  afterSignal: boolean;
  /** the request whose answer (without Connection: close) came just before */
  after: string;
}

interface Stats {
  signalled: boolean;
  exited: boolean;
  sent: number;
  answered: number;
  answeredAfterSignal: number;
  wrong: string[];
  lost: Lost[];
  truncated: string[];
  /** keep-alive connections whose last answer said Connection: close */
  closedWithHeader: number;
  /** keep-alive connections the server ended after an answer without Connection: close */
  closedSilently: string[];
  newAnswered: number;
  newRefused: Record<string, number>;
  newCut: string[];
}

const BIG_BODY_LENGTH = 16 * 16 * 1024;

/** Request `n` of a keep-alive client: the kinds rotate so every shape is in flight at the signal. */
function keepAliveRequest(id: string, n: number): { raw: string; check: (r: RawResponse) => string | null } {
  switch (n % 4) {
    case 0:
      return { raw: 'GET / HTTP/1.1\r\nHost: proof\r\n\r\n', check: (r) => expectBody(r, 'ok') };
    case 1: {
      const body = `echo:${id}:` + 'e'.repeat(n % 997);
      return {
        raw: `POST /echo HTTP/1.1\r\nHost: proof\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        check: (r) => expectBody(r, body),
      };
    }
    case 2:
      return { raw: 'GET /slow?ms=15 HTTP/1.1\r\nHost: proof\r\n\r\n', check: (r) => expectBody(r, 'slow-ok') };
    default:
      return {
        raw: 'GET /big HTTP/1.1\r\nHost: proof\r\n\r\n',
        check: (r) => (r.statusCode === 200 && r.body.length === BIG_BODY_LENGTH && r.body.every((b) => b === 0x62) ? null : `/big: ${r.statusCode}, ${r.body.length} bytes`),
      };
  }
}

function expectBody(r: RawResponse, body: string): string | null {
  const got = r.body.toString('latin1');
  return r.statusCode === 200 && got === body ? null : `${r.statusCode} ${JSON.stringify(got.slice(0, 60))} instead of ${JSON.stringify(body.slice(0, 60))}`;
}

async function keepAliveClient(port: number, index: number, stats: Stats, ready: () => void): Promise<void> {
  const client = new SerialClient(port);
  await client.connected;
  let n = 0;
  let firstAnswer = true;
  let lastClosed = false;
  let lastPath = '';
  for (;;) {
    const id = `k${index}-${n}`;
    const { raw, check } = keepAliveRequest(id, n++);
    const path = raw.slice(0, raw.indexOf(' HTTP/'));
    const afterSignal = stats.signalled;
    stats.sent++;
    const r = await client.request(raw);
    if (r === null) {
      stats.lost.push({ id, afterSignal, after: lastPath });
      break;
    }
    stats.answered++;
    lastPath = path;
    if (stats.signalled) stats.answeredAfterSignal++;
    if (firstAnswer) {
      firstAnswer = false;
      ready();
    }
    const problem = check(r);
    if (problem !== null) stats.wrong.push(`${id}: ${problem}`);
    if (closes(r)) {
      lastClosed = true;
      break;
    }
  }
  const ending = await client.closed;
  if (ending.truncated !== null) stats.truncated.push(`keep-alive ${index}: ${ending.truncated}`);
  if (lastClosed) stats.closedWithHeader++;
  else stats.closedSilently.push(`keep-alive ${index}: ${ending.errorCode || (ending.ended ? 'FIN' : 'closed')} after the answer to ${lastPath}`);
}

async function newConnectionClient(port: number, index: number, stats: Stats): Promise<void> {
  for (let n = 0; !stats.exited; n++) {
    const body = `new:${index}:${n}`;
    const raw = n % 2 === 0
      ? 'GET /slow?ms=5 HTTP/1.1\r\nHost: proof\r\nConnection: close\r\n\r\n'
      : `POST /echo HTTP/1.1\r\nHost: proof\r\nConnection: close\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const expected = n % 2 === 0 ? 'slow-ok' : body;
    const { responses, ending } = await oneShot(port, raw);
    if (responses.length === 1 && ending.truncated === null) {
      const problem = expectBody(responses[0], expected);
      if (problem !== null) stats.wrong.push(`new ${index}-${n}: ${problem}`);
      else if (!closes(responses[0])) stats.wrong.push(`new ${index}-${n}: answer to Connection: close lacks Connection: close (${header(responses[0], 'connection')})`);
      else stats.newAnswered++;
    } else if (responses.length === 0 && ending.truncated === null && ending.bytesReceived === 0) {
      const kind = ending.errorCode || (ending.ended ? 'closed empty (FIN)' : 'closed empty');
      stats.newRefused[kind] = (stats.newRefused[kind] ?? 0) + 1;
      if (!stats.signalled) stats.newCut.push(`new ${index}-${n}: ${kind} before the signal`);
      if (ending.errorCode === 'ECONNREFUSED') await delay(5);
    } else {
      stats.newCut.push(`new ${index}-${n}: ${responses.length} responses, ${ending.bytesReceived} bytes, ${ending.truncated ?? ending.errorCode}`);
    }
  }
}

describe('proof: a deploy under load (SIGTERM while 30 clients send)', function () {
  // Generous: the child compiles the sources through ts-node (a few seconds; far longer on a loaded box).
  this.timeout(240_000);
  let fixture: Fixture;
  let signalledAt = 0;
  let exit: { code: number | null; signal: NodeJS.Signals | null; at: number } | null = null;
  let refusedAfterExit = '';
  const stats: Stats = {
    signalled: false, exited: false, sent: 0, answered: 0, answeredAfterSignal: 0, wrong: [], lost: [], truncated: [],
    closedWithHeader: 0, closedSilently: [], newAnswered: 0, newRefused: {}, newCut: [],
  };

  before(async () => {
    fixture = await startFixture();
    const port = fixture.port;
    let ready = 0;
    let allReady!: () => void;
    const warm = new Promise<void>((resolve) => (allReady = resolve));
    const onReady = (): void => {
      if (++ready === KEEP_ALIVE_CLIENTS) allReady();
    };
    const keepAlive = Array.from({ length: KEEP_ALIVE_CLIENTS }, (_, i) => keepAliveClient(port, i, stats, onReady));
    const fresh = Array.from({ length: NEW_CONNECTION_CLIENTS }, (_, i) => newConnectionClient(port, i, stats));
    await warm;
    // Let the load run a while, so the signal lands with requests in every stage of flight.
    const target = stats.answered + 1500;
    for (let i = 0; i < 100 && stats.answered < target; i++) await delay(20);
    stats.signalled = true;
    signalledAt = Date.now();
    fixture.child.kill('SIGTERM');
    const timeout = delay(EXIT_DEADLINE_MS + 5_000).then(() => null);
    exit = await Promise.race([fixture.exited, timeout]);
    if (exit === null) fixture.child.kill('SIGKILL');
    stats.exited = true;
    await Promise.race([Promise.all([...keepAlive, ...fresh]), delay(5_000)]);
    refusedAfterExit = await new Promise<string>((resolve) => {
      const s = net.connect(port, '127.0.0.1');
      s.on('connect', () => {
        s.destroy();
        resolve('connected');
      });
      s.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? e.message));
    });
  });

  after(() => {
    if (exit === null && fixture !== undefined) fixture.child.kill('SIGKILL');
  });

  const summary = (): string =>
    `(sent ${stats.sent}, answered ${stats.answered}, ${stats.answeredAfterSignal} after the signal; new connections answered ${stats.newAnswered}, ` +
    `unanswered ${JSON.stringify(stats.newRefused)}; stderr: ${fixture?.stderr().slice(0, 500)})`;

  it('answers every request written on an open keep-alive connection, before and after the signal', () => {
    expect(stats.answered, summary()).to.be.greaterThan(0);
    expect(stats.lost, `requests never answered ${summary()}`).to.deep.equal([]);
  });

  it('answers every request correctly (echo bodies carry per-request ids)', () => {
    expect(stats.wrong, summary()).to.deep.equal([]);
  });

  it('cuts no response short', () => {
    expect(stats.truncated, summary()).to.deep.equal([]);
    expect(stats.newCut, summary()).to.deep.equal([]);
  });

  it('says Connection: close on the last response of every keep-alive connection', () => {
    expect(stats.closedSilently, summary()).to.deep.equal([]);
    expect(stats.closedWithHeader).to.equal(KEEP_ALIVE_CLIENTS);
  });

  it('closes no accepted new connection without answering its request', () => {
    expect(stats.newRefused['closed empty (FIN)'] ?? 0, summary()).to.equal(0);
  });

  it('exits with code 0 before the close deadline', () => {
    expect(exit, `still running ${EXIT_DEADLINE_MS + 5_000} ms after SIGTERM ${summary()}`).to.not.equal(null);
    expect(exit!.code, summary()).to.equal(0);
    expect(exit!.at - signalledAt, 'ms from SIGTERM to exit').to.be.lessThan(EXIT_DEADLINE_MS);
  });

  it('refuses new connections once it has exited', () => {
    expect(refusedAfterExit).to.equal('ECONNREFUSED');
  });
});
