/**
 * Raw-socket clients for the proof specs. Every response is framed by the strict
 * ResponseReader (Content-Length, chunked, close-delimited), so a response cut short is seen
 * as cut, never mistaken for a short body.
 */
import * as net from 'node:net';
import { ResponseReader, type RawResponse } from '../../../src/testing/response-reader';

export type { RawResponse };

export const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** How a connection ended, from the client's side. */
export interface Ending {
  /** ECONNREFUSED, ECONNRESET, EPIPE… or '' for a clean end. */
  errorCode: string;
  /** the server sent FIN (we saw 'end'). */
  ended: boolean;
  /** bytes received that never made a complete response (a response cut short), or a framing error. */
  truncated: string | null;
  /** response bytes received on this connection, in total. */
  bytesReceived: number;
}

/**
 * One keep-alive connection that sends a request only after the previous answer arrived.
 * `request()` resolves with the answer, or with null if the connection ended first.
 */
export class SerialClient {
  readonly socket: net.Socket;
  readonly connected: Promise<void>;
  readonly closed: Promise<Ending>;
  private readonly reader = new ResponseReader();
  private waiting: ((r: RawResponse | null) => void) | null = null;
  private bytes = 0;
  private isClosed = false;

  constructor(port: number) {
    this.socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let errorCode = '';
    let ended = false;
    let truncated: string | null = null;
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.connected.catch(() => undefined);
    this.socket.on('data', (chunk: Buffer) => {
      this.bytes += chunk.length;
      try {
        for (const r of this.reader.push(chunk)) this.answer(r);
      } catch (e) {
        truncated = `framing error: ${(e as Error).message}`;
        this.socket.destroy();
      }
    });
    this.socket.on('end', () => {
      ended = true;
      this.socket.end();
    });
    this.socket.on('error', (e: NodeJS.ErrnoException) => (errorCode = e.code ?? e.message));
    this.closed = new Promise((resolve) => {
      this.socket.on('close', () => {
        this.isClosed = true;
        if (truncated === null) {
          try {
            for (const r of this.reader.end()) this.answer(r);
          } catch (e) {
            truncated = (e as Error).message;
          }
        }
        this.answer(null);
        resolve({ errorCode, ended, truncated, bytesReceived: this.bytes });
      });
    });
  }

  get isOpen(): boolean {
    return !this.isClosed;
  }

  /** Sends one request (`method` tells the reader whether a body follows: HEAD has none). */
  request(raw: string | Buffer, method = 'GET'): Promise<RawResponse | null> {
    if (this.waiting !== null) throw new Error('SerialClient: one request at a time');
    if (this.isClosed) return Promise.resolve(null);
    this.reader.expect(method);
    return new Promise((resolve) => {
      this.waiting = resolve;
      this.socket.write(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw);
    });
  }

  destroy(): void {
    this.socket.destroy();
  }

  private answer(r: RawResponse | null): void {
    if (r !== null && r.interim) return;
    const w = this.waiting;
    this.waiting = null;
    if (w !== null) w(r);
  }
}

/**
 * Writes `raw` on a fresh connection and reads until it closes. Resolves with every
 * response and how the connection ended (refused, reset, cut short…).
 */
export function oneShot(port: number, raw: string | Buffer, methods: string[] = ['GET']): Promise<{ responses: RawResponse[]; ending: Ending }> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const reader = new ResponseReader(methods);
    const responses: RawResponse[] = [];
    let errorCode = '';
    let ended = false;
    let truncated: string | null = null;
    let bytes = 0;
    socket.on('connect', () => socket.write(typeof raw === 'string' ? Buffer.from(raw, 'latin1') : raw));
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      try {
        responses.push(...reader.push(chunk));
      } catch (e) {
        truncated = `framing error: ${(e as Error).message}`;
        socket.destroy();
      }
    });
    socket.on('end', () => {
      ended = true;
      socket.end();
    });
    socket.on('error', (e: NodeJS.ErrnoException) => (errorCode = e.code ?? e.message));
    socket.on('close', () => {
      if (truncated === null) {
        try {
          responses.push(...reader.end());
        } catch (e) {
          truncated = (e as Error).message;
        }
      }
      resolve({ responses: responses.filter((r) => !r.interim), ending: { errorCode, ended, truncated, bytesReceived: bytes } });
    });
  });
}

export function header(r: RawResponse, name: string): string {
  const v = r.headers[name];
  return v === undefined ? '' : Array.isArray(v) ? v.join(', ') : v;
}

export function closes(r: RawResponse): boolean {
  return /(^|,)\s*close\s*(,|$)/i.test(header(r, 'connection'));
}
