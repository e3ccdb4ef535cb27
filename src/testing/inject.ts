/**
 * inject(): a request through the real engine — parser, connection, handler — over an
 * in-memory socket pair instead of a port. Fast, deterministic, and the same code path as
 * production.
 */
import type { HttpServer } from '../http/server';
import type { Connection } from '../http/connection';
import { MemorySocket } from './memory-socket';
import { ResponseReader } from './response-reader';
import { buildRequest, type InjectOptions } from './inject-request';

export type { InjectOptions } from './inject-request';

export interface InjectResponse {
  statusCode: number;
  statusMessage: string;
  /**
   * Lower-case names, as Node's http client (and so supertest) gives them: a repeated field
   * joined with ", " (RFC 9110 §5.3); `set-cookie` always an array, one entry per cookie,
   * since a cookie may hold a comma and the field is never combined (RFC 6265 §3).
   */
  headers: Record<string, string | string[]>;
  body: string;
  rawBody: Buffer;
  json<T = unknown>(): T;
}

export interface InjectRawOptions {
  /** end our side after sending (the server sees EOF) */
  halfClose?: boolean;
  /** the peer's address. Default '127.0.0.1', a local socket's (as for inject()). */
  remoteAddress?: string;
  remotePort?: number;
  /** give up (reject) after this long. Default 5000. */
  timeoutMs?: number;
}

/** Sends one request and resolves with its response; options that would break the request reject with a TypeError. */
export async function inject(server: HttpServer, options: InjectOptions): Promise<InjectResponse> {
  const { method, head, body } = buildRequest(options);
  const timeoutMs = timeoutOf(options.timeoutMs, 'inject');
  return new Promise<InjectResponse>((resolve, reject) => {
    const [client, serverSide] = MemorySocket.pair();
    const conn = connect(server, serverSide, options.remoteAddress, options.remotePort);
    if (conn === undefined) return reject(new Error('inject: the server refused the connection (closed, or at maxConnections)'));
    const reader = new ResponseReader([method]);
    let settled = false;
    const done = (err: Error | null, res?: InjectResponse): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.end();
      if (err !== null) reject(err);
      else resolve(res!);
    };
    // A handler that never answers would otherwise hold the test until its runner gives up,
    // and the open connection would hold app.close() for its whole shutdown timeout. Giving
    // up cuts the connection as a client would: the request is aborted (req.signal).
    const timer = startTimer(timeoutMs, () => {
      conn.destroy();
      // A head already read means the handler did answer: an endless body (an event stream)
      // needs another hint than a handler that never answers.
      const status = reader.statusInProgress;
      done(new Error(status === undefined
        ? `inject: no answer to ${method} ${options.url} within ${timeoutMs} ms (a handler that never answers? raise timeoutMs for a slow one)`
        : `inject: the ${status} answer to ${method} ${options.url} began, but its body had not ended within ${timeoutMs} ms ` +
          '(an endless stream, such as text/event-stream, cannot be read whole: test it over a real socket with listen(0))'));
    });
    client.on('data', (chunk: Buffer) => {
      try {
        for (const r of reader.push(chunk)) if (!r.interim) return done(null, toInjectResponse(r));
      } catch (err) {
        done(err as Error);
      }
    });
    client.on('end', () => {
      try {
        for (const r of reader.end()) if (!r.interim) return done(null, toInjectResponse(r));
        done(new Error(`inject: the server closed the connection without answering ${method} ${options.url}`));
      } catch (err) {
        done(err as Error);
      }
    });
    client.on('error', (err) => done(err));
    if (Buffer.isBuffer(body)) client.write(body.length > 0 ? Buffer.concat([head, body]) : head);
    else {
      client.write(head);
      sendStream(client, body, () => settled).catch((err: Error) => {
        conn.destroy();
        done(err);
      });
    }
  });
}

/** Writes a stream body, stopping once the answer came (the server may answer before reading it all). */
async function sendStream(client: MemorySocket, body: AsyncIterable<Buffer>, answered: () => boolean): Promise<void> {
  for await (const piece of body) {
    if (answered()) return;
    client.write(piece);
  }
}

/**
 * Sends raw bytes; resolves with every byte the server wrote, once it closed the connection
 * or went quiet (no request left unanswered and no byte left unparsed).
 */
export function injectRaw(server: HttpServer, bytes: Buffer | string, options: InjectRawOptions = {}): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const timeoutMs = timeoutOf(options.timeoutMs, 'injectRaw');
    const [client, serverSide] = MemorySocket.pair();
    const conn = connect(server, serverSide, options.remoteAddress, options.remotePort);
    if (conn === undefined) return reject(new Error('injectRaw: the server refused the connection (closed, or at maxConnections)'));
    const received: Buffer[] = [];
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      client.destroy();
      resolve(Buffer.concat(received));
    };
    const timer = startTimer(timeoutMs, () => {
      if (settled) return;
      settled = true;
      client.destroy();
      reject(new Error(`injectRaw: no close and no quiet moment within ${timeoutMs} ms; got ${JSON.stringify(Buffer.concat(received).toString('latin1').slice(0, 200))}`));
    });
    client.on('data', (chunk: Buffer) => received.push(chunk));
    client.on('end', finish);
    client.on('error', finish);
    client.write(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
    if (options.halfClose) client.end();
    // Quiet twice in a row across a full turn of the event loop: every nextTick delivery and
    // microtask continuation has run, and the server waits on the client alone.
    let quietTurns = 0;
    const poll = (): void => {
      if (settled) return;
      if (conn.dead) return; // 'end' follows
      quietTurns = conn.quiet || conn.waitingForClient ? quietTurns + 1 : 0;
      if (quietTurns >= 2 && !options.halfClose) finish();
      else setImmediate(poll);
    };
    setImmediate(poll);
  });
}

/**
 * A local socket's peer is the loopback address, and light-my-request says the same: a rate
 * limiter, @Ip() or trustProxy: 'loopback' sees under inject() and injectRaw() alike what it
 * sees in a local run.
 */
function connect(server: HttpServer, socket: MemorySocket, remoteAddress = '127.0.0.1', remotePort = 0): Connection | undefined {
  socket.remoteAddress = remoteAddress;
  socket.remotePort = remotePort;
  return server.handleConnection(socket, { remoteAddress, remotePort }) ?? undefined;
}

function toInjectResponse(r: { statusCode: number; statusMessage: string; headers: Record<string, string | string[]>; body: Buffer }): InjectResponse {
  const rawBody = r.body;
  const body = rawBody.toString('utf8');
  return {
    statusCode: r.statusCode,
    statusMessage: r.statusMessage,
    headers: clientHeaders(r.headers),
    body,
    rawBody,
    json<T>(): T {
      return JSON.parse(body) as T;
    },
  };
}

/** The response reader keeps every repeated field apart; a client joins all but Set-Cookie. */
function clientHeaders(raw: Record<string, string | string[]>): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of Object.entries(raw)) {
    if (name === 'set-cookie') headers[name] = Array.isArray(value) ? value : [value];
    else headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return headers;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** `timeoutMs` as given: milliseconds > 0, or Infinity for none. NaN or 0 would fire at once. */
function timeoutOf(value: number | undefined, caller: string): number {
  if (value === undefined) return DEFAULT_TIMEOUT_MS;
  if (typeof value !== 'number' || !(value > 0)) {
    throw new TypeError(`${caller}: timeoutMs must be a number of milliseconds > 0, or Infinity for no limit; got ${String(value)}`);
  }
  return value;
}

/** No timer for Infinity; setTimeout would clamp it (and anything past 2^31 − 1 ms) to 1 ms. */
function startTimer(ms: number, fire: () => void): NodeJS.Timeout | undefined {
  return ms === Infinity ? undefined : setTimeout(fire, Math.min(ms, 2 ** 31 - 1));
}
