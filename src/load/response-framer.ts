/**
 * Splits a byte stream of HTTP/1.x responses into whole responses, exactly, without
 * building strings: a load tester that miscounts framing reports fiction, and one that
 * allocates per header becomes the bottleneck it is meant to measure.
 *
 * Framing per RFC 9112 §6.3: no body for 1xx/204/304 and for answers to HEAD; chunked when
 * Transfer-Encoding ends in `chunked`; else Content-Length; else the body runs to the close.
 * Line ends are found with Buffer#indexOf (native memchr); only a line split across two
 * reads is copied (into `carry`), and heads are small, so that is rare.
 */

/** What the framer reports to; one object per connection, not a closure per response. */
export interface FramerSink {
  /** a whole final response arrived; `willClose`: the server will close after it. */
  onResponse(status: number, willClose: boolean): void;
  /** the bytes are not HTTP/1.x responses; the framer stops (reset() to reuse it). */
  onFramingError(message: string): void;
}

const enum State {
  Head, // status line and header fields, line by line
  Body, // `remaining` bytes of a Content-Length body
  ChunkSize,
  ChunkData,
  ChunkDataEnd, // the CRLF after a chunk's data
  Trailers,
  UntilClose, // no length given: the body ends when the connection does (RFC 9112 §6.3 ¶8)
  Failed,
}

const LF = 10;
const CR = 13;
/** A head larger than this is not a server we are measuring; say so instead of buffering. */
const MAX_LINE_BYTES = 64 * 1024;

// Header names we act on, as lower-case bytes: compared with `byte | 0x20`, which lower-cases
// letters and leaves '-' (0x2d) unchanged, so no string is made for the hundreds of headers
// a run sees per second.
const CONTENT_LENGTH = Buffer.from('content-length');
const TRANSFER_ENCODING = Buffer.from('transfer-encoding');
const CONNECTION = Buffer.from('connection');

export class ResponseFramer {
  private state: State = State.Head;
  private carry: Buffer | null = null;
  private remaining = 0;
  /** fields of the response being read */
  private status = 0;
  private sawStatusLine = false;
  private contentLength = -1;
  /** a Transfer-Encoding field was present */
  private transferCoded = false;
  /** ...and its final coding is chunked */
  private chunked = false;
  private close = false;
  private keepAliveDefault = true;

  /** `headRequests`: the requests are HEAD, so responses carry no body whatever they declare. */
  constructor(
    private readonly sink: FramerSink,
    private readonly headRequests = false,
  ) {}

  /**
   * Stop reading this stream: bytes still in the current push() are ignored. For a sink that
   * drops its socket from inside onResponse (e.g. after `Connection: close`).
   */
  abandon(): void {
    this.state = State.Failed;
    this.carry = null;
  }

  /** Forget any partial response and read a new stream (after a reconnect). */
  reset(): void {
    this.state = State.Head;
    this.carry = null;
    this.beginResponse();
  }

  /**
   * Feed the next bytes read from the socket: `chunk[0, length)`. The caller may reuse
   * `chunk` afterwards (the load tester reads every socket into one shared buffer).
   */
  push(chunk: Buffer, length = chunk.length): void {
    // a view, so that indexOf never scans past the bytes of this read
    let buf = length === chunk.length ? chunk : chunk.subarray(0, length);
    if (this.carry !== null) {
      buf = Buffer.concat([this.carry, buf]);
      this.carry = null;
    }
    const len = buf.length;
    let i = 0;
    while (i < len) {
      switch (this.state) {
        case State.Body: {
          const take = Math.min(this.remaining, len - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.finishResponse();
          break;
        }
        case State.ChunkData: {
          const take = Math.min(this.remaining, len - i);
          i += take;
          this.remaining -= take;
          if (this.remaining === 0) this.state = State.ChunkDataEnd;
          break;
        }
        case State.UntilClose:
          return; // everything up to the close is body
        case State.Failed:
          return;
        default: {
          // the line-oriented states: Head, ChunkSize, ChunkDataEnd, Trailers
          const lf = buf.indexOf(LF, i);
          if (lf < 0) {
            if (len - i > MAX_LINE_BYTES) return this.fail('a response line passed 64 KiB');
            // copy: the caller may reuse `chunk` for the next read
            this.carry = Buffer.from(buf.subarray(i));
            return;
          }
          const end = lf > i && buf[lf - 1] === CR ? lf - 1 : lf;
          this.line(buf, i, end);
          i = lf + 1;
        }
      }
    }
  }

  /** The connection ended: a close-delimited body is complete now; anything else partial is lost. */
  end(): void {
    if (this.state === State.UntilClose) this.finishResponse();
  }

  /** True when bytes of an unfinished response are pending (for "closed mid-response" errors). */
  get midResponse(): boolean {
    return this.state !== State.Head || this.carry !== null || this.sawStatusLine;
  }

  private line(buf: Buffer, start: number, end: number): void {
    switch (this.state) {
      case State.Head:
        if (!this.sawStatusLine) return this.statusLine(buf, start, end);
        if (end === start) return this.endOfHead();
        return this.field(buf, start, end);
      case State.ChunkSize:
        return this.chunkSize(buf, start, end);
      case State.ChunkDataEnd:
        if (end !== start) return this.fail('chunk data is not followed by CRLF');
        this.state = State.ChunkSize;
        return;
      case State.Trailers:
        if (end === start) this.finishResponse();
        return; // trailer fields are read past, not interpreted
    }
  }

  /** `HTTP/1.x SSS reason` (RFC 9112 §4). */
  private statusLine(buf: Buffer, start: number, end: number): void {
    if (end === start) return; // RFC 9112 §2.2: tolerate a stray empty line before a message
    if (
      end - start < 12 ||
      buf[start] !== 0x48 || // H
      buf[start + 1] !== 0x54 || // T
      buf[start + 2] !== 0x54 || // T
      buf[start + 3] !== 0x50 || // P
      buf[start + 4] !== 0x2f || // /
      buf[start + 5] !== 0x31 || // 1
      buf[start + 6] !== 0x2e // .
    ) {
      return this.fail('a response does not start with HTTP/1.x');
    }
    const d1 = buf[start + 9] - 0x30;
    const d2 = buf[start + 10] - 0x30;
    const d3 = buf[start + 11] - 0x30;
    if (d1 < 1 || d1 > 5 || d2 < 0 || d2 > 9 || d3 < 0 || d3 > 9) {
      return this.fail('a response has no three-digit status code');
    }
    this.status = d1 * 100 + d2 * 10 + d3;
    // HTTP/1.0 closes unless it says keep-alive; 1.1 persists unless it says close.
    this.keepAliveDefault = buf[start + 7] !== 0x30;
    this.close = !this.keepAliveDefault;
    this.sawStatusLine = true;
  }

  private field(buf: Buffer, start: number, end: number): void {
    // RFC 9112 §5.2: a line starting with SP or HTAB continues the field before it (obs-fold),
    // which a user agent reads as SP. We act on three short fields no server folds; skip it.
    if (buf[start] === 0x20 || buf[start] === 0x09) return;
    const colon = buf.indexOf(0x3a, start);
    if (colon < 0 || colon >= end) return this.fail('a header line has no colon');
    const nameLength = colon - start;
    const vs = skipSpaces(buf, colon + 1, end);
    let ve = end;
    while (ve > vs && (buf[ve - 1] === 0x20 || buf[ve - 1] === 0x09)) ve--;

    if (nameLength === 14 && sameName(buf, start, CONTENT_LENGTH)) {
      const n = contentLength(buf, vs, ve);
      if (n < 0) return this.fail(`Content-Length "${buf.toString('latin1', vs, ve)}" is not a length`);
      // RFC 9112 §6.3 ¶5: differing repeated lengths are an unrecoverable framing error
      if (this.contentLength >= 0 && this.contentLength !== n) return this.fail('Content-Length values differ');
      this.contentLength = n;
    } else if (nameLength === 17 && sameName(buf, start, TRANSFER_ENCODING)) {
      // RFC 9112 §6.3 ¶4: chunked only when it is the final coding (of the last such line)
      this.transferCoded = true;
      this.chunked = endsWithChunked(buf, vs, ve);
    } else if (nameLength === 10 && sameName(buf, start, CONNECTION)) {
      const value = buf.toString('latin1', vs, ve).toLowerCase(); // rare enough: once per response at most
      for (const token of value.split(',')) {
        const t = token.trim();
        if (t === 'close') this.close = true;
        else if (t === 'keep-alive' && !this.keepAliveDefault) this.close = false;
      }
    }
  }

  private endOfHead(): void {
    const s = this.status;
    if (s < 200) {
      // interim response (100 Continue, 103 Early Hints): the final one follows
      this.beginResponse();
      return;
    }
    if (this.headRequests || s === 204 || s === 304) return this.finishResponse();
    // RFC 9112 §6.3 ¶3–4: Transfer-Encoding overrides Content-Length, and with a final coding
    // other than chunked the body runs to the close.
    if (this.chunked) {
      this.state = State.ChunkSize;
    } else if (this.contentLength >= 0 && !this.transferCoded) {
      if (this.contentLength === 0) return this.finishResponse();
      this.remaining = this.contentLength;
      this.state = State.Body;
    } else {
      this.close = true;
      this.state = State.UntilClose;
    }
  }

  /** `1a3;ext=v` — hex size, extensions ignored (RFC 9112 §7.1). */
  private chunkSize(buf: Buffer, start: number, end: number): void {
    let n = 0;
    let k = start;
    for (; k < end; k++) {
      const c = buf[k];
      let d: number;
      if (c >= 0x30 && c <= 0x39) d = c - 0x30;
      else if (c >= 0x61 && c <= 0x66) d = c - 0x57;
      else if (c >= 0x41 && c <= 0x46) d = c - 0x37;
      else break;
      n = n * 16 + d;
      if (n > Number.MAX_SAFE_INTEGER / 16) return this.fail('a chunk size is absurdly large');
    }
    if (k === start) return this.fail('a chunk size is not hexadecimal');
    if (n === 0) {
      this.state = State.Trailers;
    } else {
      this.remaining = n;
      this.state = State.ChunkData;
    }
  }

  private finishResponse(): void {
    const status = this.status;
    const close = this.close;
    this.state = State.Head;
    this.beginResponse();
    this.sink.onResponse(status, close);
  }

  private beginResponse(): void {
    this.status = 0;
    this.sawStatusLine = false;
    this.contentLength = -1;
    this.transferCoded = false;
    this.chunked = false;
    this.close = false;
    this.keepAliveDefault = true;
    this.remaining = 0;
  }

  private fail(message: string): void {
    this.state = State.Failed;
    this.carry = null;
    this.sink.onFramingError(message);
  }
}

function sameName(buf: Buffer, start: number, lower: Buffer): boolean {
  for (let k = 0; k < lower.length; k++) {
    if ((buf[start + k] | 0x20) !== lower[k]) return false;
  }
  return true;
}

/**
 * The value of a Content-Length field: a decimal number, or a list of one number repeated
 * ("2, 2"), which RFC 9112 §6.3 ¶5 lets a recipient take as that number. -1 for anything else.
 */
function contentLength(buf: Buffer, vs: number, ve: number): number {
  let value = -1;
  let k = vs;
  for (;;) {
    const digits = k;
    let n = 0;
    for (; k < ve && buf[k] >= 0x30 && buf[k] <= 0x39; k++) n = n * 10 + buf[k] - 0x30;
    if (k === digits || n > Number.MAX_SAFE_INTEGER || (value >= 0 && n !== value)) return -1;
    value = n;
    k = skipSpaces(buf, k, ve);
    if (k === ve) return value;
    if (buf[k] !== 0x2c) return -1; // ','
    k = skipSpaces(buf, k + 1, ve);
  }
}

/** Past optional whitespace (SP, HTAB: RFC 9110 §5.6.3). */
function skipSpaces(buf: Buffer, k: number, end: number): number {
  while (k < end && (buf[k] === 0x20 || buf[k] === 0x09)) k++;
  return k;
}

function endsWithChunked(buf: Buffer, vs: number, ve: number): boolean {
  const word = 'chunked';
  if (ve - vs < word.length) return false;
  const from = ve - word.length;
  for (let k = 0; k < word.length; k++) {
    if ((buf[from + k] | 0x20) !== word.charCodeAt(k)) return false;
  }
  return from === vs || buf[from - 1] === 0x2c || buf[from - 1] === 0x20 || buf[from - 1] === 0x09;
}
