/**
 * A raw-socket HTTP/1.1 client for the static specs: sends the target byte for byte (no URL
 * normalisation, so traversal attempts reach the server as written) and reads responses
 * framed by Content-Length, chunked coding or the connection's end.
 */
import * as net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

export interface SendOptions {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

/** One connection that can carry several requests in turn (keep-alive). */
export class RawClient {
  private readonly socket: net.Socket;
  private buf = Buffer.alloc(0);
  private ended = false;
  private wake: (() => void) | null = null;
  private readonly ready: Promise<void>;

  constructor(port: number) {
    this.socket = net.connect({ host: '127.0.0.1', port });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve());
      this.socket.once('error', reject);
    });
    this.socket.on('data', (d: Buffer) => {
      this.buf = Buffer.concat([this.buf, d]);
      this.wake?.();
    });
    this.socket.on('close', () => {
      this.ended = true;
      this.wake?.();
    });
    this.socket.on('error', () => undefined);
  }

  get raw(): net.Socket {
    return this.socket;
  }

  async request(target: string, options: SendOptions = {}): Promise<RawResponse> {
    await this.ready;
    const method = options.method ?? 'GET';
    let head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\n`;
    for (const [k, v] of Object.entries(options.headers ?? {})) head += `${k}: ${v}\r\n`;
    if (options.body !== undefined) head += `Content-Length: ${Buffer.byteLength(options.body)}\r\n`;
    this.socket.write(Buffer.from(head + '\r\n' + (options.body ?? ''), 'latin1'));
    return this.read(method === 'HEAD');
  }

  /** Reads one response; `bodiless` for HEAD. */
  async read(bodiless = false): Promise<RawResponse> {
    let end: number;
    while ((end = this.buf.indexOf('\r\n\r\n')) < 0) await this.more();
    const lines = this.buf.subarray(0, end).toString('latin1').split('\r\n');
    this.buf = this.buf.subarray(end + 4);
    const status = Number(lines[0].split(' ')[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const c = line.indexOf(':');
      headers[line.slice(0, c).trim().toLowerCase()] = line.slice(c + 1).trim();
    }
    let body: Buffer;
    if (bodiless || status === 304 || status === 204) body = Buffer.alloc(0);
    else if (headers['content-length'] !== undefined) {
      const n = Number(headers['content-length']);
      while (this.buf.length < n) await this.more();
      body = this.buf.subarray(0, n);
      this.buf = this.buf.subarray(n);
    } else if (/chunked/i.test(headers['transfer-encoding'] ?? '')) {
      const parts: Buffer[] = [];
      for (;;) {
        let e: number;
        while ((e = this.buf.indexOf('\r\n')) < 0) await this.more();
        const size = parseInt(this.buf.subarray(0, e).toString('latin1'), 16);
        while (this.buf.length < e + 2 + size + 2) await this.more();
        parts.push(this.buf.subarray(e + 2, e + 2 + size));
        this.buf = this.buf.subarray(e + 2 + size + 2);
        if (size === 0) break;
      }
      body = Buffer.concat(parts);
    } else {
      while (!this.ended) await this.more();
      body = this.buf;
      this.buf = Buffer.alloc(0);
    }
    return { status, headers, body };
  }

  /** Bytes received after the last response read (a HEAD that sent a body shows here). */
  get leftover(): number {
    return this.buf.length;
  }

  close(): void {
    this.socket.destroy();
  }

  private more(): Promise<void> {
    if (this.ended) return Promise.reject(new Error('connection closed before the response was complete'));
    return new Promise((resolve) => {
      this.wake = () => {
        this.wake = null;
        resolve();
      };
    });
  }
}

/** One request on its own connection. */
export async function fetchRaw(port: number, target: string, options: SendOptions = {}): Promise<RawResponse> {
  const client = new RawClient(port);
  try {
    return await client.request(target, options);
  } finally {
    client.close();
  }
}
