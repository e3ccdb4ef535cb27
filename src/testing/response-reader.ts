/**
 * A strict reader of raw HTTP/1.1 responses, for inject() and for specs that talk to the
 * engine over raw sockets. It frames bodies the way a client must (RFC 9112 §6.3):
 * 1xx, 204, 304 and answers to HEAD have none; then Transfer-Encoding: chunked; then
 * Content-Length; otherwise the body runs to the end of the connection. Malformed input
 * throws, so a spec cannot pass on a response a real client would choke on.
 */

export interface RawResponse {
  httpVersion: string;
  statusCode: number;
  statusMessage: string;
  /** lower-case names; a repeated field is an array (Set-Cookie stays apart). */
  headers: Record<string, string | string[]>;
  /** [name as sent, value, …] in order */
  rawHeaders: string[];
  body: Buffer;
  /** a 1xx interim response */
  interim: boolean;
  /** body ended by the connection's end (no Content-Length, not chunked) */
  closeDelimited: boolean;
}

export class ResponseParseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ResponseParseError';
  }
}

interface Framing {
  head: Omit<RawResponse, 'body'>;
  kind: 'none' | 'length' | 'chunked' | 'close';
  length: number;
}

export class ResponseReader {
  private buf: Buffer = Buffer.alloc(0);
  private current: Framing | null = null;
  private readonly methods: string[];
  private ended = false;

  /** `methods`: the request method of each expected final response in order (HEAD → no body). */
  constructor(methods: readonly string[] = []) {
    this.methods = methods.slice();
  }

  /** Adds the method of one more expected response. */
  expect(method: string): void {
    this.methods.push(method);
  }

  /** Bytes not yet part of a complete response. */
  get buffered(): number {
    return this.buf.length;
  }

  /** The status of a final response whose head has arrived and whose body has not ended, if any. */
  get statusInProgress(): number | undefined {
    const current = this.current;
    return current === null || current.head.interim ? undefined : current.head.statusCode;
  }

  /** Feeds bytes; returns the responses they completed (interim ones included). */
  push(chunk: Buffer): RawResponse[] {
    if (this.ended) throw new ResponseParseError('bytes after the end of the stream');
    this.buf = this.buf.length === 0 ? chunk : Buffer.concat([this.buf, chunk]);
    const out: RawResponse[] = [];
    for (;;) {
      const r = this.next(false);
      if (r === null) break;
      out.push(r);
    }
    return out;
  }

  /** The connection ended: completes a close-delimited body; throws on a truncated response. */
  end(): RawResponse[] {
    const out: RawResponse[] = [];
    for (;;) {
      const r = this.next(true);
      if (r === null) break;
      out.push(r);
    }
    this.ended = true;
    if (this.current !== null) throw new ResponseParseError(`connection ended inside a ${this.current.kind}-framed body of a ${this.current.head.statusCode} response`);
    if (this.buf.length > 0) throw new ResponseParseError(`connection ended inside a response head: ${JSON.stringify(this.buf.toString('latin1').slice(0, 80))}`);
    return out;
  }

  private next(eof: boolean): RawResponse | null {
    if (this.current === null) {
      const end = this.buf.indexOf('\r\n\r\n');
      if (end === -1) return null;
      this.current = this.parseHead(this.buf.toString('latin1', 0, end));
      this.buf = this.buf.subarray(end + 4);
    }
    const f = this.current;
    let body: Buffer;
    switch (f.kind) {
      case 'none':
        body = Buffer.alloc(0);
        break;
      case 'length':
        if (this.buf.length < f.length) return null;
        body = Buffer.from(this.buf.subarray(0, f.length));
        this.buf = this.buf.subarray(f.length);
        break;
      case 'chunked': {
        const r = readChunked(this.buf);
        if (r === null) return null;
        body = r.body;
        this.buf = this.buf.subarray(r.used);
        break;
      }
      case 'close':
        if (!eof) return null;
        body = Buffer.from(this.buf);
        this.buf = Buffer.alloc(0);
        break;
    }
    this.current = null;
    return { ...f.head, body };
  }

  private parseHead(text: string): Framing {
    const lines = text.split('\r\n');
    const m = /^HTTP\/(\d\.\d) (\d{3}) ?(.*)$/.exec(lines[0]);
    if (m === null) throw new ResponseParseError(`bad status line ${JSON.stringify(lines[0])}`);
    const statusCode = Number(m[2]);
    const headers: Record<string, string | string[]> = Object.create(null);
    const rawHeaders: string[] = [];
    for (let i = 1; i < lines.length; i++) {
      const line = lines[i];
      const colon = line.indexOf(':');
      if (colon <= 0 || /[\s]/.test(line.slice(0, colon))) throw new ResponseParseError(`bad header line ${JSON.stringify(line)}`);
      const name = line.slice(0, colon);
      const value = line.slice(colon + 1).trim();
      rawHeaders.push(name, value);
      const lower = name.toLowerCase();
      const prev = headers[lower];
      headers[lower] = prev === undefined ? value : Array.isArray(prev) ? [...prev, value] : [prev, value];
    }
    const interim = statusCode < 200;
    const head = { httpVersion: m[1], statusCode, statusMessage: m[3], headers, rawHeaders, interim, closeDelimited: false };
    const method = interim ? undefined : this.methods.shift();
    const te = headers['transfer-encoding'];
    const cl = headers['content-length'];
    if (te !== undefined && cl !== undefined) throw new ResponseParseError('response carries both Transfer-Encoding and Content-Length');
    if (interim || statusCode === 204 || statusCode === 304 || method === 'HEAD') return { head, kind: 'none', length: 0 };
    if (te !== undefined) {
      const last = String(te).split(',').pop()!.trim().toLowerCase();
      if (last !== 'chunked') throw new ResponseParseError(`unsupported Transfer-Encoding ${String(te)}`);
      return { head, kind: 'chunked', length: 0 };
    }
    if (cl !== undefined) {
      if (Array.isArray(cl) || !/^\d+$/.test(cl)) throw new ResponseParseError(`bad Content-Length ${JSON.stringify(cl)}`);
      return { head, kind: 'length', length: Number(cl) };
    }
    head.closeDelimited = true;
    return { head, kind: 'close', length: 0 };
  }
}

/** Decodes a complete chunked body at the start of `buf`, or null if more bytes are needed. */
function readChunked(buf: Buffer): { body: Buffer; used: number } | null {
  const parts: Buffer[] = [];
  let pos = 0;
  for (;;) {
    const eol = buf.indexOf('\r\n', pos);
    if (eol === -1) return null;
    const sizeText = buf.toString('latin1', pos, eol).split(';')[0].trim();
    if (!/^[0-9a-fA-F]+$/.test(sizeText)) throw new ResponseParseError(`bad chunk size ${JSON.stringify(sizeText)}`);
    const size = parseInt(sizeText, 16);
    pos = eol + 2;
    if (size === 0) {
      // trailer section up to an empty line
      for (;;) {
        const t = buf.indexOf('\r\n', pos);
        if (t === -1) return null;
        const empty = t === pos;
        pos = t + 2;
        if (empty) return { body: Buffer.concat(parts), used: pos };
      }
    }
    if (buf.length < pos + size + 2) return null;
    parts.push(buf.subarray(pos, pos + size));
    if (buf[pos + size] !== 0x0d || buf[pos + size + 1] !== 0x0a) throw new ResponseParseError('chunk data not followed by CRLF');
    pos += size + 2;
  }
}

/** All responses in a complete byte stream (the connection ended after them). */
export function readResponses(bytes: Buffer | string, methods: readonly string[] = []): RawResponse[] {
  const reader = new ResponseReader(methods);
  const out = reader.push(typeof bytes === 'string' ? Buffer.from(bytes, 'latin1') : bytes);
  return out.concat(reader.end());
}
