/**
 * One HTTP request as the application sees it. Built by the connection when a head is
 * complete; the body follows while the handler runs.
 *
 * Speed: everything that is not needed by every request is lazy — headers object, query,
 * cookies, params, locals, the AbortController behind `signal`. A request costs this object,
 * the parser's head and its header array.
 */
import { HttpError } from './errors';
import { BodyKind, type ParsedHead } from './types';
import { parseCookies, parseQuery } from './query';
import type { Connection } from './connection';
import type { Response } from './response';

const EMPTY = Buffer.alloc(0);
/** stream(): buffered bytes beyond which the socket is paused until the consumer catches up. */
const STREAM_HIGH_WATER = 64 * 1024;

/** How the handler consumes the body. */
const Mode = { None: 0, Whole: 1, Stream: 2, Discard: 3 } as const;
type Mode = (typeof Mode)[keyof typeof Mode];

/** The body's progress. */
const State = { Open: 0, Complete: 1, Failed: 2 } as const;
type State = (typeof State)[keyof typeof State];

export class Request {
  readonly method: string;
  readonly url: string;
  readonly path: string;
  readonly rawQuery: string;
  readonly httpVersion: '1.0' | '1.1';
  readonly rawHeaders: string[];
  readonly secure: boolean;
  readonly hasBody: boolean;
  readonly contentLength: number | undefined;

  /** @internal the connection that parsed us. */
  readonly _conn: Connection;
  /** @internal */
  readonly _head: ParsedHead;
  /** @internal set by the connection right after construction. */
  _res!: Response;
  /** @internal trailers of a chunked body, once complete. */
  _trailers: string[] | null = null;

  private _bodyLimit: number;
  private _received = 0;
  private _buffered = 0;
  private _chunks: Buffer[] | null = null;
  private _state: State;
  private _error: HttpError | null = null;
  private _mode: Mode = Mode.None;
  private _whole: Promise<Buffer> | null = null;
  /** the body as _bodyIfArrived took it; body() wraps it in a promise only if asked. */
  private _taken: Buffer | null = null;
  private _resolve: ((body: Buffer) => void) | null = null;
  private _reject: ((error: Error) => void) | null = null;
  private _waiter: { resolve(r: IteratorResult<Buffer>): void; reject(e: Error): void } | null = null;
  private _abortController: AbortController | null = null;
  private _aborted = false;
  private _headers: Record<string, string> | null = null;
  private _query: Record<string, string | string[]> | null = null;
  private _cookies: Record<string, string> | null = null;
  private _params: Record<string, string> | null = null;
  private _locals: Record<string | symbol, unknown> | null = null;

  /** The request id (`X-Request-Id`, honoured or generated) when request ids are on; '' otherwise. */
  id = '';

  constructor(conn: Connection, head: ParsedHead, bodyLimit: number) {
    this._conn = conn;
    this._head = head;
    this.method = head.method;
    this.url = head.target;
    this.path = head.path;
    this.rawQuery = head.query;
    this.httpVersion = head.versionMinor === 1 ? '1.1' : '1.0';
    this.rawHeaders = head.headers;
    this.secure = conn.secure;
    this._bodyLimit = bodyLimit;
    const kind = head.bodyKind;
    this.hasBody = kind === BodyKind.Chunked || (kind === BodyKind.Length && head.contentLength > 0);
    this.contentLength = kind === BodyKind.Length ? head.contentLength : undefined;
    this._state = this.hasBody ? State.Open : State.Complete;
  }

  // ---- head ---------------------------------------------------------------------------

  /** The peer's address ('::ffff:' stripped from an IPv4 client on a dual-stack socket). */
  get remoteAddress(): string {
    return this._conn.remoteAddress;
  }

  get remotePort(): number {
    return this._conn.remotePort;
  }

  /** Lower-case names; repeats joined with ', ' (cookie with '; ', RFC 9110 §5.3). */
  get headers(): Record<string, string> {
    if (this._headers !== null) return this._headers;
    const out: Record<string, string> = Object.create(null);
    const raw = this.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) {
      const name = raw[i];
      const prev = out[name];
      out[name] = prev === undefined ? raw[i + 1] : prev + (name === 'cookie' ? '; ' : ', ') + raw[i + 1];
    }
    return (this._headers = out);
  }

  /** One header by lower-case name, repeats joined as in `headers`; no object is built. */
  header(name: string): string | undefined {
    const raw = this.rawHeaders;
    let found: string | undefined;
    for (let i = 0; i < raw.length; i += 2) {
      if (raw[i] === name) {
        found = found === undefined ? raw[i + 1] : found + (name === 'cookie' ? '; ' : ', ') + raw[i + 1];
      }
    }
    return found;
  }

  get query(): Record<string, string | string[]> {
    return this._query ?? (this._query = parseQuery(this.rawQuery));
  }

  get cookies(): Record<string, string> {
    return this._cookies ?? (this._cookies = parseCookies(this.header('cookie')));
  }

  get params(): Record<string, string> {
    return this._params ?? (this._params = {});
  }
  set params(value: Record<string, string>) {
    this._params = value;
  }

  get locals(): Record<string | symbol, unknown> {
    return this._locals ?? (this._locals = {});
  }
  set locals(value: Record<string | symbol, unknown>) {
    this._locals = value;
  }

  /** Trailer fields of a chunked body (flat [name, value, …]) once it is complete, else null. */
  get trailers(): string[] | null {
    return this._trailers;
  }

  /** Aborted when the client goes away before the response ends. Built on first access. */
  get signal(): AbortSignal {
    if (this._abortController === null) {
      this._abortController = new AbortController();
      if (this._aborted) this._abortController.abort(clientGone());
    }
    return this._abortController.signal;
  }

  // ---- body ---------------------------------------------------------------------------

  /** Bytes; settable before the body is read (a per-route override). */
  get bodyLimit(): number {
    return this._bodyLimit;
  }
  set bodyLimit(bytes: number) {
    if (!(bytes >= 0)) throw new RangeError(`req.bodyLimit must be a number of bytes >= 0, got ${bytes}`);
    this._bodyLimit = bytes;
    if (this._state === State.Open) {
      if (this._received > bytes) {
        this._fail(tooLarge(bytes));
        this._conn.bodyFailedLocally(this);
      } else this._conn.applyBodyLimit(this, bytes);
    } else if (this._state === State.Complete && this._mode === Mode.None && this._received > bytes) {
      // The body came with its head and is already here (the connection calls the handler
      // after it): the lower limit still refuses it. Its framing is whole, so the connection
      // can go on.
      this._chunks = null;
      this._buffered = 0;
      this._state = State.Failed;
      this._error = tooLarge(bytes);
    }
  }

  /**
   * @internal The whole body now, when it has already arrived and nothing has read it: the
   * framework's way to decode a small body without waiting on a promise. Undefined when it
   * has not (yet) arrived or was read, failed or dropped; `body()` then says what happened.
   */
  _bodyIfArrived(): Buffer | undefined {
    if (this._state !== State.Complete || this._mode !== Mode.None) return undefined;
    this._mode = Mode.Whole;
    return (this._taken = this._takeAll());
  }

  /** The whole body, once. Rejects with HttpError 413 (too large), 400 (bad framing or the
   * client went away mid-body) or 408 (the body stopped arriving). */
  body(): Promise<Buffer> {
    if (this._whole !== null) return this._whole;
    if (this._taken !== null) return (this._whole = Promise.resolve(this._taken));
    if (this._mode === Mode.Stream) {
      return Promise.reject(new Error('req.body() cannot be used after req.stream(): the body is read once'));
    }
    if (this._mode === Mode.Discard) return Promise.reject(discarded());
    this._mode = Mode.Whole;
    if (this._state === State.Complete) return (this._whole = Promise.resolve(this._takeAll()));
    if (this._state === State.Failed) return (this._whole = Promise.reject(this._error));
    this._whole = new Promise<Buffer>((resolve, reject) => {
      this._resolve = resolve;
      this._reject = reject;
    });
    this._conn.bodyWanted(this);
    return this._whole;
  }

  /** The body as utf-8 text. */
  text(): Promise<string> {
    return this.body().then(toUtf8);
  }

  /** The body as it arrives, with backpressure: the socket is paused while we hold 64 KiB. */
  stream(): AsyncIterable<Buffer> {
    if (this._mode === Mode.Whole || this._mode === Mode.Stream) {
      throw new Error('req.stream() cannot be used twice or after req.body(): the body is read once');
    }
    if (this._mode === Mode.Discard) throw discarded();
    this._mode = Mode.Stream;
    if (this._state === State.Open) this._conn.bodyWanted(this);
    return new BodyIterator(this);
  }

  // ---- called by the connection -------------------------------------------------------

  /** @internal the handler started reading (100-continue and pause decisions). */
  get _reading(): boolean {
    return this._mode === Mode.Whole || this._mode === Mode.Stream;
  }

  /** @internal the body has fully arrived (or there was none). */
  get _complete(): boolean {
    return this._state === State.Complete;
  }

  /** @internal the body ended in an error (limit, framing, timeout, client gone). */
  get _failed(): boolean {
    return this._state === State.Failed;
  }

  /** @internal `chunk` may be a view into the socket's buffer: it is copied if kept. */
  _onBody(chunk: Buffer): void {
    if (this._state !== State.Open) return;
    this._received += chunk.length;
    if (this._received > this._bodyLimit) {
      // The parser enforces the limit it was given; this catches a limit lowered late.
      this._fail(tooLarge(this._bodyLimit));
      this._conn.bodyFailedLocally(this);
      return;
    }
    if (this._mode === Mode.Discard) return;
    const copy = Buffer.from(chunk);
    if (this._waiter !== null) {
      const waiter = this._waiter;
      this._waiter = null;
      waiter.resolve({ value: copy, done: false });
      return;
    }
    (this._chunks ??= []).push(copy);
    this._buffered += copy.length;
    // Unread or unconsumed bytes pile up here: past the high-water mark the connection stops
    // reading the socket until the handler reads (stream) or decides (body/discard).
    if (this._mode !== Mode.Whole && this._buffered >= STREAM_HIGH_WATER) this._conn.setBodyPaused(true);
  }

  /** @internal */
  _onComplete(): void {
    if (this._state !== State.Open) return;
    this._state = State.Complete;
    if (this._resolve !== null) {
      const resolve = this._resolve;
      this._resolve = this._reject = null;
      resolve(this._takeAll());
    } else if (this._waiter !== null) {
      const waiter = this._waiter;
      this._waiter = null;
      waiter.resolve({ value: undefined, done: true });
    }
  }

  /** @internal */
  _fail(error: HttpError): void {
    if (this._state !== State.Open) return;
    this._state = State.Failed;
    this._error = error;
    this._chunks = null;
    this._buffered = 0;
    if (this._reject !== null) {
      const reject = this._reject;
      this._resolve = this._reject = null;
      reject(error);
    } else if (this._waiter !== null) {
      const waiter = this._waiter;
      this._waiter = null;
      waiter.reject(error);
    }
  }

  /** @internal the response ended without (fully) reading the body: drop what comes. */
  _discard(): void {
    if (this._mode === Mode.Whole || this._state !== State.Open) return;
    this._mode = Mode.Discard;
    this._chunks = null;
    this._buffered = 0;
  }

  /** @internal the client went away before our response ended. */
  _abort(): void {
    if (this._aborted) return;
    this._aborted = true;
    this._fail(new HttpError(400, 'WW_ERR_CLIENT_GONE', 'the client closed the connection before the request was complete'));
    if (this._abortController !== null) this._abortController.abort(clientGone());
  }

  /** @internal stream(): the next chunk, or a promise of it. */
  _next(): Promise<IteratorResult<Buffer>> {
    const chunks = this._chunks;
    if (chunks !== null && chunks.length > 0) {
      const value = chunks.shift()!;
      this._buffered -= value.length;
      if (this._buffered < STREAM_HIGH_WATER) this._conn.setBodyPaused(false);
      return Promise.resolve({ value, done: false });
    }
    if (this._state === State.Complete) return Promise.resolve({ value: undefined, done: true });
    if (this._state === State.Failed) return Promise.reject(this._error);
    if (this._mode !== Mode.Stream) return Promise.resolve({ value: undefined, done: true });
    this._conn.setBodyPaused(false);
    return new Promise((resolve, reject) => {
      this._waiter = { resolve, reject };
    });
  }

  /** @internal stream(): the consumer stopped early (break / return). */
  _stopStream(): void {
    if (this._mode === Mode.Stream) {
      this._mode = Mode.Discard;
      this._chunks = null;
      this._buffered = 0;
      this._conn.setBodyPaused(false);
    }
  }

  private _takeAll(): Buffer {
    const chunks = this._chunks;
    this._chunks = null;
    this._buffered = 0;
    if (chunks === null) return EMPTY;
    return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks);
  }
}

/** The async iterator behind req.stream(). */
class BodyIterator implements AsyncIterableIterator<Buffer> {
  constructor(private readonly req: Request) {}
  next(): Promise<IteratorResult<Buffer>> {
    return this.req._next();
  }
  return(): Promise<IteratorResult<Buffer>> {
    this.req._stopStream();
    return Promise.resolve({ value: undefined, done: true });
  }
  [Symbol.asyncIterator](): AsyncIterableIterator<Buffer> {
    return this;
  }
}

function toUtf8(body: Buffer): string {
  return body.toString('utf8');
}

function tooLarge(limit: number): HttpError {
  return new HttpError(413, 'WW_ERR_BODY_TOO_LARGE', `the request body is larger than the limit of ${limit} bytes; raise req.bodyLimit or limits.maxBodyBytes if this is expected`);
}

function discarded(): Error {
  return new Error('the request body was dropped: the response ended (or its stream was left) before the body was read');
}

function clientGone(): Error {
  const error = new Error('the client closed the connection before the response was complete');
  error.name = 'AbortError';
  return error;
}
