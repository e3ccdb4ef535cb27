/**
 * The HTTP/1.1 server: accepts sockets (plain or TLS), gives each a Connection, keeps the
 * timeouts with one sweep, and shuts down gracefully.
 *
 * Timeouts: one unref'd interval per server walks the connections (every timeout / 4, at most
 * once a second). Per request that costs a field store (a timestamp from a clock refreshed once
 * per socket read). `socket.setTimeout` would instead re-arm a timer on every read and write
 * and need re-arming at each phase change (head → body → idle); a timer per request would
 * allocate one per request. The price is resolution: a timeout fires within one sweep interval.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { DEFAULT_LIMITS, type Handler, type ParserLimits } from './types';
import { Connection, LINGER_IDLE_MS, LINGER_TOTAL_MS, type ConnectionInfo } from './connection';
import type { ConnectionHost } from './connection-host';
import type { Request } from './request';
import type { Response } from './response';

export interface HttpServerOptions {
  /** parser limits (head, header count, body, chunk extensions, trailers); DEFAULT_LIMITS otherwise. */
  limits?: Partial<ParserLimits>;
  /** time to receive a whole request head from its first byte → 408 and close. Default 10 000. */
  headersTimeoutMs?: number;
  /** an idle keep-alive connection is closed (silently) after this. Default 5 000. */
  keepAliveTimeoutMs?: number;
  /** time without a body byte while a body is expected → 408 and close; also how long a client may
   *  leave our answers unread (no drain) before it is cut. Default 10 000. */
  bodyTimeoutMs?: number;
  /**
   * close(): a connection opened or answered less than this ago may have its client's next
   * request on the wire; it stays open this long to answer it (with Connection: close). An
   * answer already sent without Connection: close gets the same grace. Default 2 000: on a
   * busy machine a client's next request can take longer than a second to arrive.
   */
  drainGraceMs?: number;
  /** connections beyond this are refused (destroyed at once). Default unlimited. */
  maxConnections?: number;
  /** requests parsed ahead of their responses on one connection before reading pauses. Default 32. */
  maxPipelined?: number;
  /** serve TLS: options for tls.createServer (key, cert, …). */
  https?: tls.TlsOptions;
  /** disable Nagle's algorithm (our responses are whole writes already). Default true. */
  noDelay?: boolean;
  /** errors of the application (a handler that threw, a response stream that failed). Default: console.error. */
  onError?(error: unknown, context: ErrorContext): void;
}

/** What `server.stats()` reports (the engine's part of /metrics). */
export interface ServerStats {
  openConnections: number;
  bytesReceived: number;
  bytesSent: number;
  /** requests refused by the parser, by the status answered. */
  parseErrors: Readonly<Record<number, number>>;
}

export interface ErrorContext {
  /** where: 'handler', 'response-stream', 'finish' */
  phase: string;
  request?: Request;
}

export interface ListenAddress {
  port: number;
  address: string;
  family: string;
}

export class HttpServer implements ConnectionHost {
  readonly limits: Readonly<ParserLimits>;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  readonly maxPipelined: number;
  readonly drainGraceMs: number;
  now = Date.now();
  draining = false;
  /** @internal the lingering close's bounds; not options (the defaults are argued in connection.ts), specs shorten them. */
  lingerTotalMs = LINGER_TOTAL_MS;
  /** @internal */
  lingerIdleMs = LINGER_IDLE_MS;

  private readonly maxConnections: number;
  private readonly noDelay: boolean;
  private readonly connections = new Set<Connection>();
  private closedBytesReceived = 0;
  private closedBytesSent = 0;
  private readonly parseErrors: Record<number, number> = Object.create(null);
  private readonly sweepEveryMs: number;
  private sweepTimer: NodeJS.Timeout | null = null;
  private server: net.Server | null = null;
  private closed = false;
  private closing: Promise<void> | null = null;
  private allGone: (() => void) | null = null;

  constructor(
    private readonly handler: Handler,
    private readonly options: HttpServerOptions = {},
  ) {
    this.limits = Object.freeze({ ...DEFAULT_LIMITS, ...options.limits });
    this.headersTimeoutMs = positive(options.headersTimeoutMs, 10_000, 'headersTimeoutMs');
    this.keepAliveTimeoutMs = positive(options.keepAliveTimeoutMs, 5_000, 'keepAliveTimeoutMs');
    this.bodyTimeoutMs = positive(options.bodyTimeoutMs, 10_000, 'bodyTimeoutMs');
    this.maxPipelined = positive(options.maxPipelined, 32, 'maxPipelined');
    this.drainGraceMs = options.drainGraceMs === 0 ? 0 : positive(options.drainGraceMs, 2_000, 'drainGraceMs');
    this.maxConnections = options.maxConnections ?? Infinity;
    this.noDelay = options.noDelay ?? true;
    const shortest = Math.min(this.headersTimeoutMs, this.keepAliveTimeoutMs, this.bodyTimeoutMs);
    this.sweepEveryMs = Math.max(10, Math.min(1000, Math.floor(shortest / 4)));
  }

  /** Starts listening; resolves with the bound address (port 0 picks a free port). */
  listen(port: number, host?: string): Promise<ListenAddress> {
    if (this.server !== null) return Promise.reject(new Error('HttpServer.listen() was already called'));
    const https = this.options.https;
    // allowHalfOpen: a client that half-closes after its request still gets the answer.
    const server = https
      ? tls.createServer({ ...https, allowHalfOpen: true })
      : net.createServer({ allowHalfOpen: true, noDelay: this.noDelay });
    if (https) {
      server.on('secureConnection', (socket: tls.TLSSocket) => {
        if (this.noDelay) socket.setNoDelay(true);
        this.handleConnection(socket, { secure: true });
      });
      server.on('tlsClientError', (_err: Error, socket: tls.TLSSocket) => socket.destroy());
    } else server.on('connection', (socket: net.Socket) => this.handleConnection(socket));
    this.server = server;
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(err);
      server.once('error', onError);
      server.listen(port, host, () => {
        server.off('error', onError);
        server.on('error', (err) => this.reportError(err, 'listen'));
        const a = server.address() as net.AddressInfo;
        resolve({ port: a.port, address: a.address, family: a.family });
      });
    });
  }

  /** The bound address after listen(), or null. */
  address(): ListenAddress | null {
    const a = this.server?.address();
    return a && typeof a === 'object' ? { port: a.port, address: a.address, family: a.family } : null;
  }

  /** Number of open connections. */
  get connectionCount(): number {
    return this.connections.size;
  }

  /** Serves one already-connected duplex (a net.Socket, a TLSSocket, or an in-memory pair for inject). */
  handleConnection(socket: Duplex, info: ConnectionInfo = {}): Connection | undefined {
    if (this.closed || this.connections.size >= this.maxConnections) {
      socket.destroy();
      return undefined;
    }
    if (this.sweepTimer === null) {
      this.now = Date.now();
      this.sweepTimer = setInterval(sweepAll, this.sweepEveryMs, this);
      this.sweepTimer.unref();
    }
    const conn = new Connection(this, socket, info);
    this.connections.add(conn);
    return conn;
  }

  /** From now on every connection closes after its current exchange (Connection: close). */
  startDraining(): void {
    this.draining = true;
  }

  /**
   * Stops accepting, lets in-flight requests finish (their responses say Connection: close),
   * closes idle connections (after drainGraceMs, 2 s, for those just opened or answered: their
   * client may have a request on the wire), gives a lingering close (RFC 9112 §9.6, a client still
   * sending after our last answer) the same grace at most, destroys what is left at the deadline
   * (default 10 s), and resolves when every connection is gone.
   */
  close(options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.closing !== null) return this.closing;
    this.closed = true;
    this.draining = true;
    const timeoutMs = options.timeoutMs ?? 10_000;
    const server = this.server;
    const stopped = new Promise<void>((resolve) => (server !== null && server.listening ? server.close(() => resolve()) : resolve()));
    const gone = new Promise<void>((resolve) => {
      if (this.connections.size === 0) resolve();
      else this.allGone = resolve;
    });
    const now = (this.now = Date.now());
    for (const conn of this.connections) conn.drain(now);
    const grace = setTimeout(() => {
      const at = (this.now = Date.now());
      for (const conn of this.connections) conn.closeIfIdle(at);
    }, this.drainGraceMs);
    grace.unref();
    const deadline = setTimeout(() => {
      for (const conn of this.connections) conn.destroy();
    }, timeoutMs);
    deadline.unref();
    this.closing = Promise.all([stopped, gone]).then(() => {
      clearTimeout(grace);
      clearTimeout(deadline);
    });
    return this.closing;
  }

  // ---- ConnectionHost -------------------------------------------------------------------

  /** @internal runs the handler; only a returned promise costs a closure. */
  dispatch(req: Request, res: Response): void {
    let result: void | Promise<void>;
    try {
      result = this.handler(req, res);
    } catch (err) {
      req._conn.handlerFailed(res, err);
      return;
    }
    // Still running: the client may leave before the answer, and a closed socket no longer
    // knows its peer, so read it now for whoever logs or keys on this request later.
    if (!res.finished) req._conn.pinPeer();
    if (result != null && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(undefined, (err: unknown) => req._conn.handlerFailed(res, err));
    }
  }

  /** @internal */
  reportError(err: unknown, phase: string, request?: Request): void {
    const onError = this.options.onError;
    if (onError === undefined) {
      console.error(`wirework: ${phase} error`, err);
      return;
    }
    try {
      onError(err, { phase, request });
    } catch (e) {
      console.error('wirework: options.onError threw', e);
    }
  }

  /**
   * Counters for metrics, read at scrape time. Bytes of closed connections are summed when
   * they close; open ones are read from their sockets then, so no byte is counted per write.
   */
  stats(): ServerStats {
    let bytesReceived = this.closedBytesReceived;
    let bytesSent = this.closedBytesSent;
    for (const conn of this.connections) {
      bytesReceived += socketBytes(conn.socket, 'bytesRead');
      bytesSent += socketBytes(conn.socket, 'bytesWritten');
    }
    return { openConnections: this.connections.size, bytesReceived, bytesSent, parseErrors: this.parseErrors };
  }

  /** @internal a request the parser refused, by the status it is answered with. */
  countParseError(status: number): void {
    this.parseErrors[status] = (this.parseErrors[status] ?? 0) + 1;
  }

  /** @internal */
  connectionClosed(conn: Connection): void {
    this.closedBytesReceived += socketBytes(conn.socket, 'bytesRead');
    this.closedBytesSent += socketBytes(conn.socket, 'bytesWritten');
    this.connections.delete(conn);
    if (this.connections.size !== 0) return;
    if (this.sweepTimer !== null) {
      clearInterval(this.sweepTimer);
      this.sweepTimer = null;
    }
    if (this.allGone !== null) {
      const done = this.allGone;
      this.allGone = null;
      done();
    }
  }

  /** @internal the coarse clock, refreshed once per socket read. */
  touch(): number {
    return (this.now = Date.now());
  }

  private sweep(): void {
    const now = (this.now = Date.now());
    for (const conn of this.connections) conn.sweep(now);
  }

  /** @internal for the interval. */
  static _sweep(server: HttpServer): void {
    server.sweep();
  }
}

/** net.Socket and tls.TLSSocket count their bytes; an in-memory duplex (inject) does not. */
function socketBytes(socket: Duplex, field: 'bytesRead' | 'bytesWritten'): number {
  const value = (socket as Partial<Record<typeof field, number>>)[field];
  return typeof value === 'number' ? value : 0;
}

function sweepAll(server: HttpServer): void {
  HttpServer._sweep(server);
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0)) throw new RangeError(`HttpServer option ${name} must be a positive number, got ${value}`);
  return value;
}
