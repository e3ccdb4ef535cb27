/**
 * One client connection of a load run: writes a batch of `pipelining` requests, waits for
 * all of their responses, writes the next batch (wrk's closed loop). Reconnects when the
 * server closes, says `Connection: close`, resets, or stops answering.
 */
import * as net from 'node:net';
import { performance } from 'node:perf_hooks';
import { ResponseFramer, type FramerSink } from './response-framer';
import type { LoadStats } from './load-stats';

/** What every connection of one run shares: where to connect and what to send. */
export interface ConnectionPlan {
  host: string;
  port: number;
  /** `pipelining` copies of the request, back to back */
  batch: Buffer;
  pipelining: number;
  headRequests: boolean;
  timeoutMs: number;
}

/**
 * Every socket reads into this one buffer (net's `onread`): the framer consumes a read
 * synchronously and copies only a split line, so no Buffer is allocated per read.
 * 64 KiB is what libuv would read at once anyway.
 */
const sharedReadBuffer = Buffer.allocUnsafe(64 * 1024);

/** Back-off before reconnecting after a refused connection, so a dead server is not hammered. */
const RECONNECT_DELAY_MS = 50;

export class LoadConnection implements FramerSink {
  private socket: net.Socket | null = null;
  private readonly framer: ResponseFramer;
  /** responses still owed for the batch in flight */
  private pending = 0;
  private batchStart = 0;
  /** read time of the data being framed: one clock read per socket read, not per response */
  private readTime = 0;
  private failedThisSocket = false;
  private connectFailed = false;
  private stopped = false;
  private retryTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly plan: ConnectionPlan,
    private readonly stats: LoadStats,
  ) {
    this.framer = new ResponseFramer(this, plan.headRequests);
  }

  open(): void {
    if (this.stopped) return;
    this.failedThisSocket = false;
    this.connectFailed = false;
    this.pending = 0;
    this.framer.abandon(); // the old stream is over, even a close-delimited body it was in
    const socket = net.connect({
      host: this.plan.host,
      port: this.plan.port,
      noDelay: true,
      onread: {
        buffer: sharedReadBuffer,
        callback: (bytes: number, buf: Uint8Array): boolean => {
          this.onRead(buf as Buffer, bytes);
          return true;
        },
      },
    });
    this.socket = socket;
    socket.setTimeout(this.plan.timeoutMs);
    socket.on('connect', () => {
      // The new stream starts here, not in open(): open() may run inside the framer's push()
      // (a "Connection: close" response or a framing error reconnects from there), and a reset
      // then would let that push() go on framing the old socket's bytes as the new one's.
      this.framer.reset();
      this.sendBatch();
    });
    socket.on('timeout', () => {
      if (this.socket !== socket) return;
      this.fail(socket.connecting ? 'connect' : 'timeout');
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (this.socket !== socket || this.failedThisSocket) return;
      this.failedThisSocket = true;
      const kind = errorKind(err, socket.connecting);
      this.connectFailed = kind === 'connect';
      this.stats.error(kind);
    });
    socket.on('close', () => this.onClose(socket));
  }

  /** Stop for good; returns how many written requests were still unanswered. */
  stop(): number {
    this.stopped = true;
    if (this.retryTimer !== null) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    const socket = this.socket;
    this.socket = null;
    socket?.destroy();
    return this.pending;
  }

  onResponse(status: number, willClose: boolean): void {
    this.stats.response(status, (this.readTime - this.batchStart) * 1000);
    this.pending--;
    if (willClose) {
      // RFC 9112 §9.6: no more responses will come on this connection; start a new one now
      // rather than waiting for the server's FIN (wrk does the same).
      this.framer.abandon();
      this.replaceSocket();
    } else if (this.pending === 0) {
      this.sendBatch();
    }
  }

  onFramingError(message: string): void {
    this.stats.framingError(message);
    this.failedThisSocket = true;
    this.replaceSocket();
  }

  private onRead(buf: Buffer, bytes: number): void {
    this.stats.bytesRead += bytes;
    this.readTime = performance.now();
    this.framer.push(buf, bytes);
  }

  private sendBatch(): void {
    const socket = this.socket;
    if (socket === null || this.stopped || this.stats.done) return;
    this.pending = this.plan.pipelining;
    this.batchStart = performance.now();
    socket.write(this.plan.batch);
  }

  private fail(kind: string): void {
    if (!this.failedThisSocket) this.stats.error(kind);
    this.failedThisSocket = true;
    this.replaceSocket();
  }

  /** Drop the current socket (its late events are ignored) and open a new one. */
  private replaceSocket(): void {
    const old = this.socket;
    this.socket = null;
    old?.destroy();
    this.open();
  }

  private onClose(socket: net.Socket): void {
    if (this.socket !== socket) return; // a socket we already replaced
    this.socket = null;
    this.framer.end(); // may finish a close-delimited response, whose onResponse reconnects
    if (this.socket !== null || this.stopped || this.stats.done) return;
    if (!this.failedThisSocket && (this.pending > 0 || this.framer.midResponse)) {
      this.stats.error('closed'); // the server hung up with responses owed
    }
    if (this.connectFailed) {
      this.retryTimer = setTimeout(() => {
        this.retryTimer = null;
        this.open();
      }, RECONNECT_DELAY_MS);
    } else {
      this.open();
    }
  }
}

function errorKind(err: NodeJS.ErrnoException, connecting: boolean): string {
  if (connecting || err.code === 'ECONNREFUSED') return 'connect';
  if (err.code === 'ECONNRESET' || err.code === 'EPIPE') return 'reset';
  return err.code ? err.code.toLowerCase() : 'other';
}
