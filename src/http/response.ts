/**
 * One response, written by the application and framed by the engine.
 *
 * Speed: the head is one string (precomputed status line + cached Date + fields + framing)
 * and, for a string or small Buffer body, head and body leave in one socket write. Headers
 * live in three parallel arrays (set order, few entries) instead of an object per header.
 */
import { encodeLocation } from './location';
import { HeadersSentError, HttpError } from './errors';
import { dateHeaderLine } from './date-cache';
import { reasonPhrase, statusLine } from './status-line';
import { checkedLowerName, checkHeaderValue } from './header-check';
import type { Request } from './request';
import type { Connection } from './connection';
import type { FileSendOptions } from './file-options';
import { serializeClearCookie, serializeCookie, type CookieOptions } from './cookie';

/** An object that knows how to write itself (a file, a rendered view…): `res.send(x)` calls `x.sendTo(req, res)`. */
export interface Sendable {
  sendTo(req: Request, res: Response): void | Promise<void>;
}

/** An async iterable (an async generator) of pieces is streamed as a Readable is. */
type Body = string | Buffer | Uint8Array | NodeJS.ReadableStream | AsyncIterable<string | Uint8Array> | Sendable | null | undefined;
type FileFactory = (path: string, options?: FileSendOptions) => Sendable;

/** Bodies below this are copied next to the head into one Buffer (one write); larger ones go
 * as a second write in the same cork (writev), since copying them costs more than a syscall. */
const COPY_BELOW = 16 * 1024;

const TEXT = 'text/plain; charset=utf-8';
const JSON_TYPE = 'application/json; charset=utf-8';
const HTML = 'text/html; charset=utf-8';
const LAST_CHUNK = '0\r\n\r\n';
/** Bytes an answer queued behind an earlier one may hold before write() returns false (node:http: its highWaterMark). */
const OUTBOX_MAX = 64 * 1024;

let fileFactory: FileFactory | null = null;

/** @internal the static files module registers how `Response.file()` builds its Sendable. */
export function registerFileSendable(factory: FileFactory): void {
  fileFactory = factory;
}

export class Response {
  readonly request: Request;
  statusCode = 200;

  /** @internal the connection writes us in request order. */
  readonly _conn: Connection;
  /** @internal next response on the same connection (pipelining queue). */
  _next: Response | null = null;
  /** @internal our bytes may go to the socket now (all earlier responses are done). */
  _active = false;
  /** @internal bytes produced before we were active, flushed in order when we become so. */
  _outbox: (string | Buffer)[] | null = null;
  private _outboxBytes = 0;
  /** drained() callers waiting for our turn: our outbox was full. */
  private _turnWaiters: (() => void)[] | null = null;
  /** @internal the connection closes after us (decided when the head is built). */
  _closeAfter = false;
  /** @internal every byte was handed to the socket. */
  _done = false;
  /** @internal the body broke and only a reset can say so (see _abandon). */
  _resetAfter = false;

  /** [name as set, lower-case name, value, …]; null until the first field (a 204 sets none). */
  private _fields: (string | string[])[] | null = null;
  private _headersSent = false;
  private _finished = false;
  /** 0 identity/none, 1 chunked, 2 close-delimited */
  private _framing = 0;
  /** no body bytes go out (HEAD, 1xx, 204, 304) */
  private _silent = false;
  private _source: PendingSource | null = null;
  private _finishCallbacks: ((error?: Error) => void)[] | null = null;
  private _bytesSent = 0;
  /** body bytes still owed to the handler's Content-Length on a streamed body; -1: not counted. */
  private _left = -1;
  /** bytes past the handler's Content-Length were reported (once per response). */
  private _excessReported = false;
  /** why the body was given up (see _abandon); onFinish callbacks get it. */
  private _failure: Error | null = null;

  constructor(conn: Connection, req: Request) {
    this._conn = conn;
    this.request = req;
  }

  static file(path: string, options?: FileSendOptions): Sendable {
    if (fileFactory === null) {
      throw new Error('Response.file() needs the static files module: import it from "wirework" rather than from the engine');
    }
    return fileFactory(path, options);
  }

  /** Bytes of this response (head and body, as framed) handed to the connection so far. */
  get bytesSent(): number {
    return this._bytesSent;
  }

  get headersSent(): boolean {
    return this._headersSent;
  }

  /** end() was called: the response is complete from the application's side. */
  get finished(): boolean {
    return this._finished;
  }

  /**
   * The status of the final answer: an integer from 200 to 599. A 1xx is interim (RFC 9110
   * §15.2): sent as the answer, the client would wait on for a final one and take the next
   * pipelined answer for it. Codes past 599 are not HTTP (RFC 9110 §15).
   */
  status(code: number): this {
    if (!isFinalStatus(code)) {
      throw new RangeError(`res.status() takes an integer status code between 200 and 599, got ${code} (1xx answers are interim, RFC 9110 §15.2)`);
    }
    this.statusCode = code;
    return this;
  }

  // ---- fields -------------------------------------------------------------------------

  /**
   * Sets a field, replacing any of the same name. CR, LF, NUL or a bad name throw a TypeError;
   * once the head has been sent, every field call throws a HeadersSentError.
   */
  setHeader(name: string, value: string | number | readonly string[]): this {
    if (this._headersSent) throw new HeadersSentError(`res.setHeader('${name}')`);
    const lower = checkedLowerName(name);
    const v = typeof value === 'number' ? String(value) : checkValue(name, value);
    this._set(name, lower, v);
    return this;
  }

  /** Adds values to a field; each value is its own field line (so Set-Cookie stays apart). */
  appendHeader(name: string, value: string | readonly string[]): this {
    if (this._headersSent) throw new HeadersSentError(`res.appendHeader('${name}')`);
    const lower = checkedLowerName(name);
    const v = checkValue(name, value);
    const i = this._find(lower);
    if (i === -1) return this._set(name, lower, v), this;
    const fields = this._fields!;
    const prev = fields[i + 2];
    const list = typeof prev === 'string' ? [prev] : prev.slice();
    if (typeof v === 'string') list.push(v);
    else for (const item of v) list.push(item);
    fields[i + 2] = list;
    return this;
  }

  /**
   * Sets a cookie: one more Set-Cookie field line (never joined with others, RFC 6265 §3).
   * A cookie a browser would drop (SameSite=None without Secure, a broken __Host- prefix…)
   * throws a TypeError saying why; see src/http/cookie.ts.
   */
  cookie(name: string, value: string, options?: CookieOptions): this {
    return this.appendHeader('Set-Cookie', serializeCookie(name, value, options));
  }

  /** Deletes a cookie; pass the path and domain it was set with, or the browser keeps it. */
  clearCookie(name: string, options?: CookieOptions): this {
    return this.appendHeader('Set-Cookie', serializeClearCookie(name, options));
  }

  /** A field's value; a multi-value field comes as a copy (see below). */
  getHeader(name: string): string | string[] | undefined {
    const i = this._find(name.toLowerCase());
    if (i === -1) return undefined;
    const v = this._fields![i + 2];
    // Values are checked when set: handing out the stored array would let a value pushed on it
    // reach the head unchecked — CR LF in it would split the response.
    return typeof v === 'string' ? v : v.slice();
  }

  hasHeader(name: string): boolean {
    return this._find(name.toLowerCase()) !== -1;
  }

  removeHeader(name: string): this {
    if (this._headersSent) throw new HeadersSentError(`res.removeHeader('${name}')`);
    const i = this._find(name.toLowerCase());
    if (i !== -1) this._fields!.splice(i, 3);
    return this;
  }

  /** Field names as set (original case), for logging and tests. */
  getHeaderNames(): string[] {
    const out: string[] = [];
    const fields = this._fields;
    if (fields !== null) for (let i = 0; i < fields.length; i += 3) out.push(fields[i] as string);
    return out;
  }

  // ---- bodies -------------------------------------------------------------------------

  send(body?: Body): void {
    // Already answered, or a stream is answering: a second answer is a no-op, never a throw.
    if (this._finished || this._source !== null) return;
    if (this._headersSent) return this._sendRest(body);
    if (body == null) return this._sendString('');
    if (typeof body === 'string') return this._sendString(body);
    if (body instanceof Uint8Array) return this._sendBytes(body);
    if (typeof (body as Sendable).sendTo === 'function') return this._sendSendable(body as Sendable);
    if (isStreamBody(body)) return this._sendStream(body as NodeJS.ReadableStream);
    throw new TypeError('res.send() takes a string, Buffer, Uint8Array, Readable or Sendable; use res.json() for other values');
  }

  /**
   * send() after write() started the body: what it is given is the rest. Anything else would
   * leave the answer unended, and the client (and every request pipelined behind) waiting.
   */
  private _sendRest(body: Body): void {
    if (body == null || typeof body === 'string' || body instanceof Uint8Array) return this.end(body ?? undefined);
    if (typeof (body as Sendable).sendTo === 'function') return this._sendSendable(body as Sendable);
    if (isStreamBody(body)) {
      if (this._silent) return this._dropSource(body), this.end();
      return this._startSource(body as NodeJS.ReadableStream);
    }
    throw new TypeError('res.send() after res.write() takes the rest of the body: a string, Buffer, Uint8Array, Readable or Sendable');
  }

  end(body?: string | Buffer | Uint8Array): void {
    if (this._finished) return;
    if (!this._headersSent) return this.send(body);
    if (body != null && (typeof body === 'string' ? body.length > 0 : body.length > 0)) this.write(body);
    if (this._left > 0) {
      // Short of the declared Content-Length: the client would wait for the rest, and read the
      // next answer as it (RFC 9112 §6.3). Leave the answer visibly incomplete and close.
      const err = new Error(`the response ended ${this._left} bytes short of its Content-Length`);
      this._conn.reportError(err, 'handler', this.request);
      return this._abandon(err);
    }
    this._finished = true;
    if (this._framing === 1 && !this._silent) this._emit(LAST_CHUNK);
    this._conn.responseEnded(this);
  }

  json(value: unknown, status?: number): void {
    if (status !== undefined) this.status(status);
    this._defaultType(JSON_TYPE);
    const text = JSON.stringify(value);
    this.send(text === undefined ? 'null' : text);
  }

  text(value: string, status?: number): void {
    if (status !== undefined) this.status(status);
    this._defaultType(TEXT);
    this.send(value);
  }

  html(value: string, status?: number): void {
    if (status !== undefined) this.status(status);
    this._defaultType(HTML);
    this.send(value);
  }

  /**
   * Answers `status` (302) with `Location: url`, percent-encoded as Express's res.location
   * does (see location.ts): a URL built from request data cannot split the answer or reach
   * the browser as another URL. Where it points is the caller's to check (open redirects).
   */
  redirect(url: string, status = 302): void {
    this.status(status);
    this.setHeader('Location', encodeLocation(url));
    this.send('');
  }

  /**
   * Streams a piece of the body: chunked on HTTP/1.1 (unless the handler set
   * Content-Length), close-delimited on HTTP/1.0, which has no chunked coding (RFC 9112 §6.1).
   * Returns false when the socket's buffer is full.
   */
  write(chunk: string | Buffer | Uint8Array): boolean {
    if (this._finished || this._conn.dead) return false;
    // Checked before the head goes out: a throw here can still be answered with a 500.
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      throw new TypeError('res.write() takes a string, Buffer or Uint8Array');
    }
    if (!this._headersSent) {
      if (!isFinalStatus(this.statusCode)) return this._invalidStatus(), false;
      this._emit(this._head(this._streamFraming()));
    }
    if (this._silent) return true;
    if (typeof chunk === 'string') {
      if (chunk.length === 0) return true;
      const bytes = Buffer.byteLength(chunk, 'utf8');
      if (bytes === chunk.length && (this._left < 0 || bytes <= this._left)) {
        if (this._left > 0) this._left -= bytes;
        // ASCII: one latin1 string, chunk framing included.
        return this._emit(this._framing === 1 ? bytes.toString(16) + '\r\n' + chunk + '\r\n' : chunk);
      }
      chunk = Buffer.from(chunk, 'utf8');
    }
    if (chunk.length === 0) return true; // a zero-size chunk would end a chunked body
    let buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length);
    if (this._left >= 0) {
      if (buf.length > this._left) {
        // Past the declared Content-Length, the bytes would be read as the next answer
        // (RFC 9112 §6.3): they are dropped, and the handler's author told once. true, not
        // false: no drain is coming for them.
        if (!this._excessReported) {
          this._excessReported = true;
          this._conn.reportError(new Error(`the response wrote more than its Content-Length of ${this._bytesDeclared()}; the excess was dropped`), 'handler', this.request);
        }
        if (this._left === 0) return true;
        buf = buf.subarray(0, this._left);
      }
      this._left -= buf.length;
    }
    if (this._framing !== 1) return this._emit(buf);
    this._emit(buf.length.toString(16) + '\r\n');
    this._emit(buf);
    return this._emit('\r\n');
  }

  /**
   * Resolves once the socket can take more after write() returned false (at once if it can
   * now, or the client is gone): `if (!res.write(chunk)) await res.drained()` streams any
   * size in flat memory, as `once(res, 'drain')` does for node:http.
   */
  drained(): Promise<void> {
    // Queued behind an earlier answer: no socket drain frees our outbox, our turn does.
    if (!this._active && !this._done && this._outboxBytes >= OUTBOX_MAX) {
      return new Promise<void>((resolve) => (this._turnWaiters ??= []).push(resolve)).then(() => this._conn.drained());
    }
    return this._conn.drained();
  }

  /** Called once every byte was handed to the socket, or with an error when the exchange was aborted. */
  onFinish(cb: (error?: Error) => void): void {
    if (this._done) {
      process.nextTick(cb);
      return;
    }
    (this._finishCallbacks ??= []).push(cb);
  }

  // ---- engine internals ---------------------------------------------------------------

  /** @internal replaces whatever the handler set with a minimal error answer. */
  _sendError(status: number): void {
    if (this._headersSent || this._finished) return;
    if (this._source !== null) {
      // A stream that had not started (or not sent a byte) is dropped, its file closed.
      this._source.destroy();
      this._source = null;
    }
    this._fields = fieldsAboutTheExchange(this._fields);
    this.statusCode = status;
    this._setUnchecked('Content-Type', 'content-type', TEXT);
    this._sendString(reasonPhrase(status) || 'Error');
  }

  /** @internal the connection made us active: the queued bytes go out, a waiting stream starts. */
  _flushOutbox(): void {
    const outbox = this._outbox;
    if (outbox !== null) {
      this._outbox = null;
      this._outboxBytes = 0;
      for (let i = 0; i < outbox.length; i++) this._conn.write(outbox[i]);
    }
    this._wakeTurnWaiters();
    if (this._source !== null && !this._source.started) this._source.start();
  }

  /** @internal the socket drained: a paused source may go on. */
  _onDrain(): void {
    if (this._source !== null) this._source.resume();
  }

  /** @internal every byte is out (error undefined) or the exchange was aborted. */
  _settle(error?: Error): void {
    if (this._done) return;
    this._done = true;
    this._wakeTurnWaiters(); // never answered (the connection closed first): nobody waits forever
    if (error === undefined && this._failure !== null) error = this._failure;
    if (error !== undefined && this._source !== null) this._source.destroy();
    const callbacks = this._finishCallbacks;
    if (callbacks === null) return;
    this._finishCallbacks = null;
    for (const cb of callbacks) {
      try {
        cb(error);
      } catch (err) {
        this._conn.reportError(err, 'finish', this.request);
      }
    }
  }

  private _wakeTurnWaiters(): void {
    const waiters = this._turnWaiters;
    if (waiters === null) return;
    this._turnWaiters = null;
    for (const w of waiters) w();
  }

  /** @internal writes the 100 Continue interim response in order. */
  _emitInterim(line: string): void {
    this._emit(line);
  }

  /** index of the field's triple, or -1 (a linear scan: responses carry a handful of fields). */
  private _find(lower: string): number {
    const fields = this._fields;
    if (fields === null) return -1;
    for (let i = 1; i < fields.length; i += 3) if (fields[i] === lower) return i - 1;
    return -1;
  }

  private _set(name: string, lower: string, value: string | string[]): void {
    const i = this._find(lower);
    if (i === -1) {
      if (this._fields === null) this._fields = [name, lower, value];
      else this._fields.push(name, lower, value);
    } else {
      this._fields![i] = name;
      this._fields![i + 2] = value;
    }
  }

  private _setUnchecked(name: string, lower: string, value: string): void {
    this._set(name, lower, value);
  }

  /** Content-Type unless the handler set one. The common case — no field yet — is one array. */
  private _defaultType(type: string): void {
    if (this._fields === null) this._fields = ['Content-Type', 'content-type', type];
    else if (this._find('content-type') === -1) this._fields.push('Content-Type', 'content-type', type);
  }

  /** Bytes go to the socket when we are the oldest unanswered response, else wait in order. */
  private _emit(data: string | Buffer): boolean {
    // Strings reaching here are latin1 heads and ASCII bodies: one char is one byte.
    this._bytesSent += data.length;
    if (this._active) return this._conn.write(data);
    (this._outbox ??= []).push(data);
    // Held in memory until our turn: past a bound, write() says stop (drained() waits for the turn).
    this._outboxBytes += data.length;
    return this._outboxBytes < OUTBOX_MAX;
  }

  /**
   * statusCode is a plain field, so a handler can assign what status() refuses; it is checked
   * before any framing depends on it (two compares per answer). Such an answer becomes a 500,
   * as if the handler had thrown, and the error goes to the handler's author.
   */
  private _invalidStatus(): void {
    const code = this.statusCode;
    this._conn.reportError(
      new RangeError(`res.statusCode must be an integer between 200 and 599, got ${code}; answered 500 instead`),
      'handler', this.request,
    );
    this._sendError(500);
  }

  private _sendString(body: string): void {
    const code = this.statusCode;
    if (!isFinalStatus(code)) return this._invalidStatus();
    if (noContentStatus(code)) {
      this._emit(this._head(''));
      return this._finish();
    }
    if (code === 205) body = ''; // RFC 9110 §15.3.6: no content; Content-Length: 0 below says so
    const bytes = body.length === 0 ? 0 : Buffer.byteLength(body, 'utf8');
    // HEAD with no body given: a Content-Length the handler set is the GET's length; keep it.
    const keepUserLength = bytes === 0 && code !== 205 && this.request.method === 'HEAD' && this.hasHeader('content-length');
    const head = this._head(keepUserLength ? '' : lengthLine(bytes));
    if (this._silent || bytes === 0) this._emit(head);
    else if (bytes === body.length) this._emit(head + body); // ASCII: head and body in one latin1 string, one write
    else {
      const buf = Buffer.allocUnsafe(head.length + bytes);
      buf.write(head, 0, 'latin1');
      buf.write(body, head.length, 'utf8');
      this._emit(buf);
    }
    this._finish();
  }

  private _sendBytes(body: Uint8Array): void {
    if (!isFinalStatus(this.statusCode)) return this._invalidStatus();
    if (noContentStatus(this.statusCode)) {
      this._emit(this._head(''));
      return this._finish();
    }
    if (this.statusCode === 205) return this._sendString('');
    const head = this._head(lengthLine(body.length));
    if (this._silent || body.length === 0) this._emit(head);
    else if (body.length < COPY_BELOW) {
      const buf = Buffer.allocUnsafe(head.length + body.length);
      buf.write(head, 0, 'latin1');
      buf.set(body, head.length);
      this._emit(buf);
    } else {
      this._emit(head);
      this._emit(Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.length));
    }
    this._finish();
  }

  private _sendSendable(body: Sendable): void {
    let result: void | Promise<void>;
    try {
      result = body.sendTo(this.request, this);
    } catch (err) {
      this._conn.handlerFailed(this, err);
      return;
    }
    if (result !== undefined && typeof (result as Promise<void>).then === 'function') {
      (result as Promise<void>).then(undefined, (err: unknown) => this._conn.handlerFailed(this, err));
    }
  }

  private _sendStream(body: NodeJS.ReadableStream | AsyncIterable<unknown>): void {
    if (!isFinalStatus(this.statusCode)) {
      this._dropSource(body);
      return this._invalidStatus();
    }
    if (this._silent || noContentStatus(this.statusCode) || this.statusCode === 205 || this.request.method === 'HEAD') {
      // HEAD: the headers a GET would get, no body; the source is not read.
      this._emit(this._head(this._streamFraming()));
      this._dropSource(body);
      return this._finish();
    }
    this._startSource(body);
  }

  /** The rest of the body comes from `body`, read once we are the answer being written. */
  private _startSource(body: NodeJS.ReadableStream | AsyncIterable<unknown>): void {
    this._source = new PendingSource(this, body);
    if (this._active) this._source.start();
  }

  /** A stream that will not be read: destroyed, so its file or socket is released. */
  private _dropSource(body: unknown): void {
    const destroy = (body as { destroy?: () => void }).destroy;
    if (typeof destroy === 'function') destroy.call(body);
  }

  /** @internal a source stream failed: 500 if nothing was sent, else the body is given up. */
  _sourceFailed(err: unknown): void {
    this._conn.reportError(err, 'response-stream', this.request);
    if (!this._headersSent) {
      this._source = null;
      this._sendError(500);
    } else this._abandon(err);
  }

  /**
   * @internal The head went out but the body cannot be completed (the handler threw, its
   * stream failed). No more bytes, and above all no last chunk: the client must see an
   * incomplete message, never a short one framed as whole (RFC 9112 §6.3, §7.1). The
   * connection closes once what is already written is out (RFC 9112 §9.6) — not at once:
   * cutting it would also throw away earlier pipelined answers still in the socket's buffer.
   * Except for a close-delimited body (HTTP/1.0): there the close IS the end of the body
   * (RFC 9112 §6.3), so a normal close would frame the truncated body as whole. The connection
   * is reset instead, the one signal such a client can tell from a complete answer.
   */
  _abandon(err: unknown): void {
    if (this._finished) return;
    this._finished = true;
    this._closeAfter = true;
    this._resetAfter = this._framing === 2;
    this._failure = err instanceof Error ? err : new Error('the response body could not be completed');
    if (this._source !== null) {
      this._source.destroy();
      this._source = null;
    }
    this._conn.responseEnded(this);
  }

  private _finish(): void {
    this._finished = true;
    this._conn.responseEnded(this);
  }

  /** the handler's Content-Length of a streamed body, for messages. */
  private _bytesDeclared(): string {
    const i = this._find('content-length');
    return i === -1 ? '?' : String(this._fields![i + 2]);
  }

  /** The framing line for a body of unknown length; sets _framing (and _left). */
  private _streamFraming(): string {
    if (noContentStatus(this.statusCode)) return '';
    // 205: no content (RFC 9110 §15.3.6) and a length that says so; write() sends nothing (_silent).
    if (this.statusCode === 205) return lengthLine(0);
    const i = this._find('content-length');
    if (i !== -1) {
      // The handler knows the length: identity, its own field line goes out, and write()/end()
      // hold the body to it. A value that is not one decimal number cannot frame anything
      // (RFC 9110 §8.6): it is dropped and we frame the body ourselves.
      const n = declaredLength(this._fields![i + 2]);
      if (n >= 0) {
        if (this.request.method !== 'HEAD') this._left = n;
        return '';
      }
      this._fields!.splice(i, 3);
    }
    if (this.request.method === 'HEAD') return '';
    if (this.request.httpVersion === '1.1') {
      this._framing = 1;
      return 'Transfer-Encoding: chunked\r\n';
    }
    this._framing = 2; // HTTP/1.0: the end of the body is the end of the connection
    return '';
  }

  /**
   * The head: status line, Date, the handler's fields, framing, Connection. Content-Length
   * and Transfer-Encoding set by the handler are replaced by the framing we choose (a wrong
   * length would desynchronise the client), except Content-Length on a streamed body or on
   * HEAD, where it is the handler's statement of the length.
   */
  private _head(framing: string): string {
    this._headersSent = true;
    const req = this.request;
    const code = this.statusCode;
    this._silent = req.method === 'HEAD' || noContentStatus(code) || code === 205;
    let userClose = false;
    // The handler's other Connection options (e.g. "upgrade", which RFC 9110 §7.8 requires next
    // to Upgrade): kept, with close / keep-alive decided by us added to them.
    let options = '';
    const noContentCode = noContentStatus(code);
    let head = '';
    // Date is a singleton field (RFC 9110 §6.6.1, §5.3): the handler's, if it set one, else ours.
    let userDate = false;
    const fields = this._fields;
    if (fields !== null) {
      for (let i = 0; i < fields.length; i += 3) {
        const l = fields[i + 1] as string;
        // A cheap length test first: only four names need a closer look.
        if (l.length === 4 && l === 'date') userDate = true;
        else if (l.length === 10 && l === 'connection') {
          const tokens = connectionTokens(fields[i + 2]);
          userClose = tokens.close;
          options = tokens.others;
          continue;
        }
        if (l.length === 17 && l === 'transfer-encoding') continue;
        // The handler's Content-Length stands only where we frame nothing ourselves: a streamed
        // body of known length, or HEAD (the length a GET would have, RFC 9110 §9.3.2).
        if (l.length === 14 && l === 'content-length' && (framing.length > 0 || noContentCode)) continue;
        const name = fields[i] as string;
        const v = fields[i + 2];
        if (typeof v === 'string') head += name + ': ' + v + '\r\n';
        else for (let j = 0; j < v.length; j++) head += name + ': ' + v[j] + '\r\n';
      }
    }
    head = statusLine(code) + (userDate ? '' : dateHeaderLine()) + head + framing;
    const close = userClose || this._framing === 2 || this._conn.closesAfter(this);
    this._closeAfter = close;
    // RFC 9112 §9.3: 1.0 persistence is opt-in, so a 1.0 client is told we agreed.
    let connection = close ? 'close' : req.httpVersion === '1.0' ? 'keep-alive' : '';
    if (options.length > 0) connection = connection.length === 0 ? options : options + ', ' + connection;
    return connection.length === 0 ? head + '\r\n' : head + 'Connection: ' + connection + '\r\n\r\n';
  }
}

/** Drives a Readable (or any async iterable) into a response with backpressure. */
class PendingSource {
  started = false;
  private paused = false;
  private ended = false;
  private readonly onData = (chunk: unknown): void => {
    if (this.ended) return;
    if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) {
      // An object-mode stream: refuse here rather than throw inside the stream's emit.
      this.destroy();
      this.res._sourceFailed(new TypeError('a response stream must yield strings, Buffers or Uint8Arrays'));
      return;
    }
    const buf = chunk;
    // socket.write() returned false: stop the source until the socket drains.
    if (!this.res.write(buf) && typeof (this.source as NodeJS.ReadableStream).pause === 'function') {
      this.paused = true;
      (this.source as NodeJS.ReadableStream).pause();
    }
  };
  private readonly onEnd = (): void => {
    if (this.ended) return;
    this.ended = true;
    this.res.end();
  };
  private readonly onError = (err: unknown): void => {
    if (this.ended) return;
    this.ended = true;
    this.res._sourceFailed(err);
  };

  constructor(
    private readonly res: Response,
    private readonly source: NodeJS.ReadableStream | AsyncIterable<unknown>,
  ) {}

  start(): void {
    this.started = true;
    const s = this.source as NodeJS.ReadableStream;
    if (typeof s.on === 'function') {
      s.on('data', this.onData);
      s.on('end', this.onEnd);
      s.on('error', this.onError);
      if (typeof s.resume === 'function') s.resume();
    } else void this.iterate(this.source as AsyncIterable<unknown>);
  }

  resume(): void {
    if (this.paused && !this.ended) {
      this.paused = false;
      (this.source as NodeJS.ReadableStream).resume();
    }
  }

  destroy(): void {
    this.ended = true;
    const destroy = (this.source as { destroy?: () => void }).destroy;
    if (typeof destroy === 'function') destroy.call(this.source);
  }

  private async iterate(source: AsyncIterable<unknown>): Promise<void> {
    try {
      for await (const chunk of source) {
        if (this.ended) return;
        if (typeof chunk !== 'string' && !(chunk instanceof Uint8Array)) throw new TypeError('a response stream must yield strings, Buffers or Uint8Arrays');
        if (!this.res.write(chunk)) await this.res._conn.drained();
      }
      this.onEnd();
    } catch (err) {
      this.onError(err);
    }
  }
}

/**
 * What an engine error answer (408, 413, 500 in place of the handler's answer) keeps of the
 * fields set before it. Fields about the content (type, length, caching, cookies, ETag) were
 * meant for an answer that is not coming, so they go. Fields about the exchange stay: the
 * request id a client quotes in a bug report, and the CORS fields without which a browser
 * hides the error from the page (Fetch: a response without Access-Control-Allow-Origin is a
 * network error to the script), with the Vary that goes with them.
 */
function fieldsAboutTheExchange(fields: (string | string[])[] | null): (string | string[])[] | null {
  if (fields === null) return null;
  let kept: (string | string[])[] | null = null;
  for (let i = 0; i < fields.length; i += 3) {
    const lower = fields[i + 1] as string;
    if (lower === 'x-request-id' || lower === 'vary' || lower.startsWith('access-control-')) {
      (kept ??= []).push(fields[i], lower, fields[i + 2]);
    }
  }
  return kept;
}

// `Content-Length: N\r\n` for the small lengths most answers have, built once each: a lookup
// instead of a number-to-string conversion and two concatenations per response.
const LENGTH_LINES: string[] = new Array(4096);

function lengthLine(n: number): string {
  if (n < 4096) return LENGTH_LINES[n] ?? (LENGTH_LINES[n] = 'Content-Length: ' + n + '\r\n');
  return 'Content-Length: ' + n + '\r\n';
}

/** A Content-Length value set by a handler: 1*DIGIT below 2^53, else -1. */
function declaredLength(value: string | string[]): number {
  if (typeof value !== 'string' || value.length === 0) return -1;
  let n = 0;
  for (let i = 0; i < value.length; i++) {
    const d = value.charCodeAt(i) - 0x30;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n <= Number.MAX_SAFE_INTEGER ? n : -1;
}

/** A status a final answer may carry (see Response.status). */
function isFinalStatus(code: number): boolean {
  return code >= 200 && code <= 599 && Math.floor(code) === code;
}

/** RFC 9110 §15.2, §15.3.5, §15.4.5: 1xx, 204 and 304 never carry content (nor, here, Content-Length). */
function noContentStatus(code: number): boolean {
  return code < 200 || code === 204 || code === 304;
}

/** A Connection value set by the handler: does it ask to close, and its options other than close / keep-alive (which we decide). */
function connectionTokens(value: string | string[]): { close: boolean; others: string } {
  const text = typeof value === 'string' ? value : value.join(',');
  let close = false;
  let others = '';
  for (const item of text.split(',')) {
    const token = item.trim();
    const lower = token.toLowerCase();
    if (lower === 'close') close = true;
    else if (lower !== 'keep-alive' && token.length > 0) others = others.length === 0 ? token : others + ', ' + token;
  }
  return { close, others };
}

/**
 * A body to stream: a Readable (it has pipe and on) or any async iterable. One test for
 * res.send() and for the framework's handler results, so both stream the same values.
 */
export function isStreamBody(value: unknown): boolean {
  if (value === null || typeof value !== 'object') return false;
  return (
    (typeof (value as { pipe?: unknown }).pipe === 'function' && typeof (value as { on?: unknown }).on === 'function') ||
    typeof (value as { [Symbol.asyncIterator]?: unknown })[Symbol.asyncIterator] === 'function'
  );
}

function checkValue(name: string, value: string | readonly string[]): string | string[] {
  if (typeof value === 'string') {
    checkHeaderValue(name, value);
    return value;
  }
  if (!Array.isArray(value)) throw new TypeError(`header "${name}": value must be a string, number or array of strings`);
  const list = value.slice() as string[];
  for (const item of list) {
    if (typeof item !== 'string') throw new TypeError(`header "${name}": every value in the array must be a string`);
    checkHeaderValue(name, item);
  }
  return list;
}

export { HttpError };
