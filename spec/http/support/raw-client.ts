/**
 * Spec helpers: a server on port 0 and a raw-socket client that reads responses with the
 * strict ResponseReader, so specs see exactly the bytes a real client would.
 */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { HttpServer, type HttpServerOptions } from '../../../src/http/server';
import type { Handler } from '../../../src/http/types';
import { ResponseReader, type RawResponse } from '../../../src/testing/response-reader';

export async function startServer(handler: Handler, options: HttpServerOptions = {}): Promise<{ server: HttpServer; port: number }> {
  const server = new HttpServer(handler, { onError: () => {}, ...options });
  const { port } = await server.listen(0, '127.0.0.1');
  return { server, port };
}

export class RawClient {
  readonly responses: RawResponse[] = [];
  readonly chunks: Buffer[] = [];
  ended = false;
  closed = false;
  error: Error | null = null;
  private readonly reader: ResponseReader;
  private waiters: (() => void)[] = [];

  private constructor(readonly socket: net.Socket, methods: string[]) {
    this.reader = new ResponseReader(methods);
    socket.on('data', (chunk: Buffer) => {
      this.chunks.push(chunk);
      try {
        this.responses.push(...this.reader.push(chunk));
      } catch (err) {
        this.error = err as Error;
      }
      this.wake();
    });
    socket.on('end', () => {
      this.ended = true;
      try {
        this.responses.push(...this.reader.end());
      } catch (err) {
        this.error = err as Error;
      }
      this.wake();
    });
    socket.on('error', (err) => {
      this.error = err;
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  static connect(port: number, options: { methods?: string[]; tls?: boolean } = {}): Promise<RawClient> {
    return new Promise((resolve, reject) => {
      const socket = options.tls
        ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false })
        : net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
      const client = new RawClient(socket, options.methods ?? []);
      socket.once(options.tls ? 'secureConnect' : 'connect', () => resolve(client));
      socket.once('error', reject);
    });
  }

  /** the method of a further expected response (HEAD → no body) */
  expect(method: string): void {
    this.reader.expect(method);
  }

  write(data: string | Buffer): boolean {
    return this.socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data);
  }

  end(): void {
    this.socket.end();
  }

  destroy(): void {
    this.socket.destroy();
  }

  get raw(): string {
    return Buffer.concat(this.chunks).toString('latin1');
  }

  /** final (non-1xx) responses so far */
  get finals(): RawResponse[] {
    return this.responses.filter((r) => !r.interim);
  }

  /** Resolves once `cond` holds; rejects after `ms` with what was seen (never a timed assertion: a safety net). */
  until(cond: () => boolean, what: string, ms = 5000): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): boolean => {
        if (cond()) {
          resolve();
          return true;
        }
        return false;
      };
      if (check()) return;
      // Conditions on server state change without a socket event: look again every few ms too.
      const poll = setInterval(() => waiter(), 5);
      const timer = setTimeout(() => {
        clearInterval(poll);
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.raw.slice(0, 500))}${this.error ? ` (${this.error.message})` : ''}`));
      }, ms);
      const waiter = (): void => {
        if (check()) {
          clearTimeout(timer);
          clearInterval(poll);
          this.waiters = this.waiters.filter((w) => w !== waiter);
        }
      };
      this.waiters.push(waiter);
    });
  }

  /** Waits for `n` final responses. */
  async responsesCount(n: number, ms?: number): Promise<RawResponse[]> {
    await this.until(() => this.finals.length >= n, `${n} responses`, ms);
    return this.finals;
  }

  /** Waits for the server to close the connection. */
  async closedByServer(ms?: number): Promise<void> {
    await this.until(() => this.ended || this.closed, 'the connection to close', ms);
  }

  private wake(): void {
    for (const w of this.waiters.slice()) w();
  }
}

export function get(path: string, headers = 'Host: x\r\n', version = '1.1'): string {
  return `GET ${path} HTTP/${version}\r\n${headers}\r\n`;
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** A promise with its resolver, to let specs decide when a handler finishes. */
export interface Deferred {
  promise: Promise<void>;
  resolve: () => void;
}

export function deferred(): Deferred {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}
