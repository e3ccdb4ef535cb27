/**
 * Proof 3 — handlers that throw, reject, answer with an HttpException, or never answer
 * (`requestTimeoutMs` → 503), mixed into concurrent pipelined load, leave every other request
 * and the process unharmed: each of 500 requests over 20 connections gets its own status, in
 * order; no internal detail leaks; no uncaught exception or unhandled rejection; each
 * connection then serves a normal request; the server then closes cleanly.
 */
import { expect } from 'chai';
import * as net from 'node:net';
import type { App } from '../../src/app/app';
import { ResponseReader, type RawResponse } from '../../src/testing/response-reader';
import { proofApp } from './support/app';
import { closes, delay } from './support/client';

const CONNECTIONS = 20;
const PER_CONNECTION = 25;
const REQUEST_TIMEOUT_MS = 300;

const KINDS = ['ok', 'async', 'throw', 'reject', 'http', 'never', 'late'] as const;
type Kind = (typeof KINDS)[number];

/** status and body each kind must answer with */
function expected(kind: Kind, id: string): { status: number; body?: string; contains?: string } {
  switch (kind) {
    case 'ok':
      return { status: 200, body: `ok:${id}` };
    case 'async':
      return { status: 200, body: `async:${id}` };
    case 'throw':
    case 'reject':
      return { status: 500 };
    case 'http':
      return { status: 418, contains: `teapot ${id}` };
    case 'never':
    case 'late':
      return { status: 503 };
  }
}

/** A deterministic mix (a small LCG), so a failure names the same request every run. */
function mix(count: number, seed: number): Kind[] {
  let x = seed;
  return Array.from({ length: count }, () => {
    x = (x * 1103515245 + 12345) % 2147483648;
    return KINDS[x % KINDS.length];
  });
}

/** Writes all requests at once (pipelined) and collects `count` responses in arrival order. */
function pipelined(port: number, raw: string, count: number): Promise<{ socket: net.Socket; reader: ResponseReader; responses: RawResponse[] }> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ port, host: '127.0.0.1' });
    const reader = new ResponseReader(Array.from({ length: count }, () => 'GET'));
    const responses: RawResponse[] = [];
    const onData = (chunk: Buffer): void => {
      try {
        responses.push(...reader.push(chunk));
      } catch (e) {
        reject(e);
      }
      if (responses.length >= count) {
        socket.off('data', onData);
        resolve({ socket, reader, responses });
      }
    };
    socket.on('data', onData);
    socket.on('error', reject);
    socket.on('close', () => reject(new Error(`connection closed after ${responses.length} of ${count} responses`)));
    socket.on('connect', () => socket.write(raw));
  });
}

function nextResponse(socket: net.Socket, reader: ResponseReader, raw: string): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    reader.expect('GET');
    socket.removeAllListeners('close');
    socket.on('data', (chunk: Buffer) => {
      const out = reader.push(chunk);
      if (out.length > 0) resolve(out[0]);
    });
    socket.on('close', () => reject(new Error('closed before the follow-up answer')));
    socket.write(raw);
  });
}

describe('proof: failing handlers under concurrent load', function () {
  this.timeout(30_000);
  let app: App | undefined;
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown): void => void uncaught.push(e);

  beforeEach(() => {
    process.on('uncaughtException', onUncaught);
    process.on('unhandledRejection', onUncaught);
  });

  afterEach(async () => {
    process.off('uncaughtException', onUncaught);
    process.off('unhandledRejection', onUncaught);
    await app?.close();
    app = undefined;
  });

  it('answers 500 mixed throwing, rejecting, hanging and late handlers over 20 pipelined connections each with its own status, in order, and keeps serving', async () => {
    app = await proofApp({ requestTimeoutMs: REQUEST_TIMEOUT_MS });
    const { port } = await app.listen(0, '127.0.0.1');
    const plans = Array.from({ length: CONNECTIONS }, (_, c) => mix(PER_CONNECTION, c + 1).map((kind, i) => ({ kind, id: `c${c}r${i}` })));
    const counts = plans.flat().reduce<Record<string, number>>((m, p) => ((m[p.kind] = (m[p.kind] ?? 0) + 1), m), {});
    for (const kind of KINDS) expect(counts[kind] ?? 0, `the mix has no ${kind}`).to.be.greaterThan(10);

    const runs = await Promise.all(
      plans.map((plan) => pipelined(port, plan.map(({ kind, id }) => `GET /mode/${kind}/${id} HTTP/1.1\r\nHost: proof\r\n\r\n`).join(''), plan.length)),
    );

    const wrong: string[] = [];
    runs.forEach((run, c) => {
      run.responses.forEach((r, i) => {
        const { kind, id } = plans[c][i];
        const want = expected(kind, id);
        const body = r.body.toString();
        if (r.statusCode !== want.status) wrong.push(`${id} (${kind}): ${r.statusCode} instead of ${want.status}: ${body.slice(0, 80)}`);
        else if (want.body !== undefined && body !== want.body) wrong.push(`${id} (${kind}): body ${JSON.stringify(body)}`);
        else if (want.contains !== undefined && !body.includes(want.contains)) wrong.push(`${id} (${kind}): body ${JSON.stringify(body)}`);
        else if (/boom|rejected|at \//.test(body)) wrong.push(`${id} (${kind}): internals leak: ${body.slice(0, 120)}`);
        if (closes(r)) wrong.push(`${id} (${kind}): Connection: close on a keep-alive connection`);
      });
    });
    expect(wrong).to.deep.equal([]);

    // Let the late handlers answer into their already-sent 503s, then use every connection again.
    await delay(REQUEST_TIMEOUT_MS + 300);
    const follow = await Promise.all(runs.map((run, c) => nextResponse(run.socket, run.reader, `GET /mode/ok/after${c} HTTP/1.1\r\nHost: proof\r\nConnection: close\r\n\r\n`)));
    expect(follow.map((r) => `${r.statusCode} ${r.body}`)).to.deep.equal(follow.map((_, c) => `200 ok:after${c}`));
    for (const run of runs) run.socket.destroy();

    expect(uncaught, 'uncaught exceptions or unhandled rejections').to.deep.equal([]);
    // The process still serves new connections, and the app closes cleanly.
    const fresh = await pipelined(port, 'GET /mode/ok/fresh HTTP/1.1\r\nHost: proof\r\n\r\n', 1);
    expect(fresh.responses[0].body.toString()).to.equal('ok:fresh');
    fresh.socket.destroy();
    await app.close();
    expect(app.getHttpServer().connectionCount).to.equal(0);
    app = undefined;
  });
});
