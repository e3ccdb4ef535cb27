/**
 * RequestParser: an incremental HTTP/1.1 request parser over Buffers (RFC 9112).
 *
 * Bytes go in through `execute`; heads, body pieces, completions and at most one error come
 * out through the callbacks. It never throws and never buffers more than one partial line of
 * a head (bounded by the limits); body bytes are handed on as views of the input.
 *
 * Shape of the work. Fast path: when a chunk holds a whole head (found with one native
 * indexOf of CRLFCRLF), one latin1Slice makes it a string, each line is walked once by the
 * table-driven loop that validates it, and method, target, names and values are substrings of
 * that string. Slow path (a head split across chunks, or near the limits): indexOf(LF) tells
 * whether a line is complete; a partial line is the only thing copied (into `pending`,
 * bounded by the limits) and is parsed by the same line parsers once its LF arrives. The
 * chunked framing is a byte-at-a-time state machine because its lines are tiny.
 *
 * Pause: a callback may call pause(); `execute` then returns the bytes consumed so far and the
 * caller feeds the rest after resume(). Two completions are never held back by a pause,
 * because the bytes that cause them are already consumed and might never be fed again: the
 * onComplete of a body-less message right after its onHead, and the onComplete right after
 * the final onBody of a Content-Length body.
 */
import {
  BACKSLASH, CR, DQUOTE, EQUALS, FIELD_CHAR, HEX_VALUE, HTAB, LF, SEMICOLON, SLASH, SP, STAR, TARGET_CHAR,
  TCHAR, isDigitByte, latin1,
} from './chars';
import { PARSE_ERRORS as E } from './parse-errors';
import {
  CL_INVALID, CONN_CLOSE, CONN_KEEP_ALIVE, CONN_UPGRADE, TE_BAD, TE_CHUNKED_TWICE, TE_LAST_CHUNKED,
  TE_SEEN, TE_UNKNOWN, isContinueExpectation, parseContentLength, scanConnectionOptions,
  scanTransferCodings,
} from './framing';
import {
  H_CONNECTION, H_CONTENT_LENGTH, H_EXPECT, H_FIRST_PLAIN, H_HOST, H_TRANSFER_ENCODING, H_UNKNOWN,
  H_UPGRADE, headerNameId, headerNameOf,
} from './header-names';
import { isValidHost } from './host';
import { internMethod, reduceAbsoluteForm } from './target';
import { BodyKind, DEFAULT_LIMITS } from './types';
import type { ParseError, ParsedHead, ParserCallbacks, ParserLimits } from './types';

// Parser states.
const S_HEAD = 0;
const S_BODY_LENGTH = 1;
const S_CHUNK_LINE = 2; // chunk-size line, or the CRLF after chunk data (see chunkState)
const S_CHUNK_DATA = 3;
const S_TRAILERS = 4;
const S_DEAD = 5;

// Sub-states of S_CHUNK_LINE (RFC 9112 §7.1: chunk-size [chunk-ext] CRLF, chunk-data CRLF).
const CS_SIZE_START = 0;
const CS_SIZE = 1;
// BWS after the size, a name or a value: the grammar allows it only before a ';' — CRLF after
// it is refused, as llhttp does, so no hop reads `5 \r\n` differently from us.
const CS_BWS = 2;
const CS_EXT_NAME_START = 3;
const CS_EXT_NAME = 4;
const CS_EXT_AFTER_NAME = 5; // BWS after a name: '=' or ';'
const CS_EXT_VALUE_START = 6;
const CS_EXT_VALUE_TOKEN = 7;
const CS_EXT_QUOTED = 8;
const CS_EXT_QUOTED_ESCAPE = 9;
const CS_LF = 10;
const CS_DATA_CR = 11;
const CS_DATA_LF = 12;
const CS_EXT_AFTER_QUOTED = 13; // right after a quoted value's closing quote: ';', CR or BWS

/** longer than any registered method (the longest, UPDATEREDIRECTREF, has 17 octets). */
const MAX_METHOD_BYTES = 32;
/** retained capacity of the partial-line buffer between heads; larger ones are dropped. */
const PENDING_KEEP_BYTES = 4096;
/** largest chunk size that can take another hex digit without passing 2^53. */
const CHUNK_SIZE_GUARD = Math.floor(Number.MAX_SAFE_INTEGER / 16);
/** the end of a head: the CRLF of the last field line and the empty line's CRLF. */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

export class RequestParser {
  private readonly cb: ParserCallbacks;
  private readonly limits: ParserLimits;
  private state: number = S_HEAD;
  private isPaused = false;

  // ---- current head (reset by startMessage) ----
  private headSeen = 0; // octets of the head received so far
  private sawRequestLine = false;
  private method = '';
  private target = '';
  private path = '';
  private query = '';
  private versionMinor: 0 | 1 = 1;
  private authority: string | null = null; // from an absolute-form target
  private headers: string[] = [];
  private headerBytes = 0;
  private headerCount = 0;
  private hostCount = 0;
  private hostValue = '';
  private contentLength = CL_INVALID; // CL_INVALID: none seen yet
  private teFlags = 0;
  private connFlags = 0;
  private hasUpgrade = false;
  private expectContinue = false;
  private expectFailed = false;

  // ---- body ----
  private bodyLimit: number;
  private bodyReceived = 0;
  private remaining = 0; // Content-Length octets, or octets of the current chunk, still to come
  /** the message has a Content-Length body: `remaining` is what of it has not arrived (kept past a 413). */
  private lengthBody = false;
  private chunkState: number = CS_SIZE_START;
  private chunkSize = 0;
  private chunkLineBytes = 0;
  private trailers: string[] | null = null;
  private trailerBytes = 0;
  private trailerCount = 0;

  // ---- one partial line carried across execute() calls ----
  private pending: Buffer | null = null;
  private pendingLen = 0;

  // ---- fast path: the whole head arrived in one chunk (see readHeadWhole) ----
  private headStr: string | null = null;
  private headBase = 0;
  /** a whole head up to this size cannot break the request-line or header-section limit. */
  private readonly wholeHeadMax: number;

  // ---- the field line last scanned by scanField ----
  private fNameEnd = 0;
  private fValueStart = 0;
  private fValueEnd = 0;

  constructor(callbacks: ParserCallbacks, limits?: Partial<ParserLimits>) {
    this.cb = callbacks;
    this.limits = { ...DEFAULT_LIMITS, ...limits };
    this.bodyLimit = this.limits.maxBodyBytes;
    this.wholeHeadMax = Math.min(this.limits.maxRequestLineBytes + 2, this.limits.maxHeaderBytes);
  }

  get paused(): boolean {
    return this.isPaused;
  }

  /** true between a complete message and the first byte of the next. */
  get idle(): boolean {
    return this.state === S_HEAD && this.headSeen === 0;
  }

  /** octets of the current head received so far (0 when idle). */
  get headBytes(): number {
    return this.headSeen;
  }

  /**
   * Octets of the current message's Content-Length body not yet received, or -1 when the message
   * has no such body (a head, a chunked body, between messages). Still known after the parse
   * ended in that body (a 413): the connection's lingering close uses it to tell when the client
   * has sent all it declared.
   */
  get lengthBodyRemaining(): number {
    return this.lengthBody ? this.remaining : -1;
  }

  pause(): void {
    this.isPaused = true;
  }

  resume(): void {
    this.isPaused = false;
  }

  /**
   * The body limit of the current message (call it inside onHead, before body bytes arrive).
   * A declared Content-Length, or a chunk size, above it ends the parse with 413 — at once,
   * from inside this call, when the declared length is already known to be too large.
   */
  setBodyLimit(bytes: number): void {
    // Between messages there is no current body; a late call must not leak into the next one.
    if (this.state === S_HEAD || this.state === S_DEAD) return;
    this.bodyLimit = bytes;
    if (this.state === S_BODY_LENGTH || this.state === S_CHUNK_DATA) {
      if (this.bodyReceived + this.remaining > bytes) this.fail(E.bodyTooLarge);
    } else if (this.state === S_CHUNK_LINE && this.bodyReceived > bytes) {
      this.fail(E.bodyTooLarge);
    }
  }

  /** The peer closed its side: an error (400) if a request was only partly received. */
  finish(): ParseError | null {
    if (this.state === S_DEAD) return null;
    if (this.state === S_HEAD && !this.sawRequestLine && this.pendingLen === 0) return null;
    this.state = S_DEAD;
    return E.incompleteMessage;
  }

  execute(chunk: Buffer): number {
    if (this.state === S_DEAD || this.isPaused) return 0;
    const len = chunk.length;
    let pos = 0;
    while (pos < len) {
      switch (this.state) {
        case S_HEAD:
        case S_TRAILERS:
          pos = this.readLines(chunk, pos, len);
          break;
        case S_BODY_LENGTH:
          pos = this.readLengthBody(chunk, pos, len);
          break;
        case S_CHUNK_DATA:
          pos = this.readChunkData(chunk, pos, len);
          break;
        case S_CHUNK_LINE:
          pos = this.readChunkLine(chunk, pos, len);
          break;
        default:
          return pos;
      }
      // a callback may have paused us, or the bytes ended the parse: stop here.
      if (this.isPaused || this.isDead()) return pos;
    }
    return pos;
  }

  private isDead(): boolean {
    return this.state === S_DEAD;
  }

  // ------------------------------------------------------------------ lines (head, trailers)

  /**
   * Consumes whole lines from chunk[pos, len) while in S_HEAD / S_TRAILERS.
   *
   * Fast path: when the chunk holds a whole head that fits every line limit, it is parsed in
   * place by readHeadWhole. Otherwise (a head split across chunks, a head near the limits,
   * trailers) the slow path takes one line at a time: indexOf(LF) tells whether the line is
   * complete; a partial line is checked against the limits and copied into `pending`, and
   * parsed once its LF arrives. Both paths run the same line parsers, so they agree.
   */
  private readLines(chunk: Buffer, pos: number, len: number): number {
    const inHead = this.state === S_HEAD;
    if (inHead && this.pendingLen === 0 && !this.sawRequestLine && chunk[pos] !== CR && chunk[pos] !== LF) {
      const end = chunk.indexOf(HEAD_END, pos);
      if (end >= 0 && end + 4 - pos <= this.wholeHeadMax) return this.readHeadWhole(chunk, pos, end + 4);
    }
    while (pos < len) {
      const lf = chunk.indexOf(LF, pos);
      const upTo = lf < 0 ? len : lf + 1;
      const limitError = this.lineLimitError(this.pendingLen + (upTo - pos), lf >= 0);
      if (limitError !== null) {
        this.fail(limitError);
        return pos;
      }
      if (inHead) this.headSeen += upTo - pos;
      if (lf < 0) {
        this.holdPartial(chunk, pos, len);
        return len;
      }
      let next: number;
      if (this.pendingLen > 0) {
        this.holdPartial(chunk, pos, upTo);
        const buf = this.pending as Buffer;
        this.pendingLen = 0;
        next = this.onLine(buf, 0);
        if (buf.length > PENDING_KEEP_BYTES && this.pending === buf) this.pending = null;
      } else {
        next = this.onLine(chunk, pos);
      }
      pos = upTo;
      // after an error, a head (→ body state), a completion or a pause: let execute() re-dispatch.
      if (next < 0 || this.state !== (inHead ? S_HEAD : S_TRAILERS) || this.isPaused) return pos;
      // after an empty line before a request line: re-enter, so the fast path gets its chance.
      if (inHead && !this.sawRequestLine) return pos;
    }
    return pos;
  }

  /**
   * The fast path: chunk[pos, headEnd) is a whole head (it ends at the first CRLFCRLF) and is
   * no longer than any single limit, so no limit but the field count can trip inside it.
   * Each line is scanned once, by the loop that validates it: the CRLFCRLF bounds every loop.
   * One latin1Slice copies the head into a string, and the method, target, names and values
   * are substrings of it: a V8 substring is a cheap JS-side slice, while each latin1Slice is a
   * call into C++ (~100 ns), and a dozen of those would cost more than the whole parse.
   * (A value kept by the application may keep this head string alive; bounded by the limits.)
   */
  private readHeadWhole(chunk: Buffer, pos: number, headEnd: number): number {
    this.headStr = latin1(chunk, pos, headEnd);
    this.headBase = pos;
    this.headSeen += headEnd - pos;
    let p = pos;
    while (p < headEnd) {
      p = this.onLine(chunk, p);
      // stop on error, or once the head is handed on (a body state, or the next message).
      if (p < 0 || this.state !== S_HEAD || !this.sawRequestLine) break;
    }
    this.headStr = null;
    return p < 0 ? headEnd : p;
  }

  /** buf[s, e) as a latin1 string: a substring of the whole head on the fast path. */
  private cut(buf: Buffer, s: number, e: number): string {
    const str = this.headStr;
    return str !== null ? str.substring(s - this.headBase, e - this.headBase) : latin1(buf, s, e);
  }

  /**
   * Limits on a line of `lineLen` octets (with its LF when `complete`), checked before the
   * line is copied or scanned: nothing is held beyond them.
   */
  private lineLimitError(lineLen: number, complete: boolean): ParseError | null {
    const L = this.limits;
    if (this.state === S_TRAILERS) {
      return this.trailerBytes + lineLen > L.maxTrailerBytes ? E.trailerTooLarge : null;
    }
    if (!this.sawRequestLine) {
      // the request line without its CRLF; 414 even if it is the target that is long.
      return lineLen - (complete ? 2 : 1) > L.maxRequestLineBytes ? E.uriTooLong : null;
    }
    return this.headerBytes + lineLen > L.maxHeaderBytes ? E.headerTooLarge : null;
  }

  /** Appends chunk[s, e) to the partial-line buffer (its size is bounded by lineLimitError). */
  private holdPartial(chunk: Buffer, s: number, e: number): void {
    const need = this.pendingLen + (e - s);
    let buf = this.pending;
    if (buf === null || buf.length < need) {
      let size = buf === null ? 256 : buf.length * 2;
      while (size < need) size *= 2;
      const grown = Buffer.allocUnsafe(size);
      if (buf !== null && this.pendingLen > 0) buf.copy(grown, 0, 0, this.pendingLen);
      this.pending = buf = grown;
    }
    chunk.copy(buf, this.pendingLen, s, e);
    this.pendingLen = need;
  }

  /**
   * Parses the line starting at buf[s]; it is known to end with an LF (the caller saw it).
   * Returns the index after that line's CRLF, or -1 after an error.
   *
   * Every line scanner stops at the first byte outside its grammar, and CR and LF are outside
   * all of them, so a scan never runs past the line's LF. The line must then end with CRLF
   * exactly (RFC 9112 §2.2): a bare LF or a bare CR is refused — a recipient MAY accept a bare
   * LF, but two parsers disagreeing on line ends is what request smuggling feeds on.
   */
  private onLine(buf: Buffer, s: number): number {
    const c0 = buf[s];
    if (c0 === CR && buf[s + 1] === LF) {
      // an empty line
      if (this.state === S_TRAILERS) {
        this.completeMessage(this.trailers);
        return s + 2;
      }
      if (this.sawRequestLine) return this.finishHead() ? s + 2 : -1;
      // RFC 9112 §2.2: SHOULD ignore at least one empty line before the request line
      // (e.g. a CRLF a client added after a body); bounded by the request-line budget.
      if (this.headSeen > this.limits.maxRequestLineBytes) return this.failLine(E.tooManyBlankLines);
      return s + 2;
    }
    if (c0 === LF) return this.failLine(E.bareLineEnd);
    if (this.state === S_TRAILERS) return this.onTrailerLine(buf, s);
    if (!this.sawRequestLine) return this.onRequestLine(buf, s);
    return this.onHeaderLine(buf, s);
  }

  /** the line end at buf[p] must be CRLF; returns the index after it, or -1 after an error. */
  private endOfLine(buf: Buffer, p: number, error: ParseError): number {
    if (buf[p] === CR && buf[p + 1] === LF) return p + 2;
    return this.failLine(buf[p] === LF || buf[p] === CR ? E.bareLineEnd : error);
  }

  private failLine(error: ParseError): number {
    this.fail(error);
    return -1;
  }

  // ------------------------------------------------------------------ request line

  /** `method SP request-target SP HTTP-version CRLF` at buf[s] (RFC 9112 §3). */
  private onRequestLine(buf: Buffer, s: number): number {
    this.sawRequestLine = true;
    const tchar = TCHAR; // hot loops: tables in locals (see scanField)
    const targetChar = TARGET_CHAR;
    let p = s;
    while (tchar[buf[p]] === 1) p++;
    if (buf[p] !== SP) return this.failLine(p === s || (buf[p] !== CR && buf[p] !== LF) ? E.badMethod : E.badRequestLine);
    if (p === s) return this.failLine(E.badMethod);
    const methodEnd = p;
    if (methodEnd - s > MAX_METHOD_BYTES) return this.failLine(E.methodTooLong);

    const ts = ++p;
    let q = -1;
    for (;;) {
      const c = buf[p];
      if (targetChar[c] === 0) {
        // '\' is outside the URI grammar, but browsers send it raw in a query (the WHATWG
        // URL query percent-encode set leaves it alone), so only a path refuses it.
        if (c === BACKSLASH && q >= 0) {
          p++;
          continue;
        }
        break;
      }
      if (c === 0x3f /* ? */ && q < 0) q = p;
      p++;
    }
    const te = p;
    if (buf[p] !== SP) {
      // CR/LF right after the target: no version (HTTP/0.9 is not served).
      return this.failLine(te === ts || buf[p] === CR || buf[p] === LF ? E.badRequestLine : E.badTarget);
    }
    if (te === ts) return this.failLine(E.badRequestLine);

    // HTTP-version = "HTTP/" DIGIT "." DIGIT, then CRLF (RFC 9112 §2.3).
    p++;
    if (
      buf[p] !== 0x48 || buf[p + 1] !== 0x54 || buf[p + 2] !== 0x54 || buf[p + 3] !== 0x50 || buf[p + 4] !== SLASH ||
      !isDigitByte(buf[p + 5]) || buf[p + 6] !== 0x2e || !isDigitByte(buf[p + 7]) || buf[p + 8] !== CR
    ) {
      return this.failLine(E.badVersion);
    }
    const next = this.endOfLine(buf, p + 8, E.badVersion);
    if (next < 0) return next;
    // RFC 9110 §2.5: a higher minor of 1.x is served as 1.1; other majors are not ours.
    if (buf[p + 5] !== 0x31) return this.failLine(E.versionNotSupported);
    this.versionMinor = buf[p + 7] === 0x30 ? 0 : 1;

    const method = internMethod(buf, s, methodEnd);
    this.method = method;
    const first = buf[ts];
    if (first === SLASH) {
      // origin-form (RFC 9112 §3.2.1), the common case.
      if (methodEnd - s === 7 && method === 'CONNECT') return this.failLine(E.badTarget);
      const target = this.cut(buf, ts, te);
      this.target = target;
      if (q < 0) {
        this.path = target;
        this.query = '';
      } else {
        this.path = target.slice(0, q - ts);
        this.query = target.slice(q - ts + 1);
      }
      return next;
    }
    if (methodEnd - s === 7 && method === 'CONNECT') {
      // authority-form is CONNECT's (RFC 9112 §3.2.3); we do not tunnel.
      return this.failLine(E.connectNotSupported);
    }
    if (first === STAR && te - ts === 1) {
      // asterisk-form, OPTIONS only (RFC 9112 §3.2.4).
      if (method !== 'OPTIONS') return this.failLine(E.badTarget);
      this.target = this.path = '*';
      this.query = '';
      return next;
    }
    // absolute-form (RFC 9112 §3.2.2): accepted, reduced to origin-form.
    const reduced = reduceAbsoluteForm(buf, ts, te);
    if (reduced === null) return this.failLine(E.badTarget);
    this.authority = reduced.authority;
    // RFC 9112 §3.2.4: OPTIONS to an absolute URI with an empty path (the target ends with its
    // authority) asks about the server as a whole: it is the asterisk form, not "/".
    if (method === 'OPTIONS' && buf[te - 1] !== SLASH && reduced.target === '/') {
      this.target = this.path = '*';
      this.query = '';
      return next;
    }
    this.target = reduced.target;
    this.path = reduced.path;
    this.query = reduced.query;
    return next;
  }

  // ------------------------------------------------------------------ fields

  /**
   * `field-name ":" OWS field-value OWS CRLF` at buf[s] (RFC 9112 §5). Sets fNameEnd,
   * fValueStart, fValueEnd (the value with OWS trimmed) and returns the index after the CRLF,
   * or -1 after an error.
   */
  private scanField(buf: Buffer, s: number): number {
    // Hot loop: tables in locals and byte values as literals, because in the compiled
    // CommonJS every imported name is a property load on the module object.
    const tchar = TCHAR;
    const fieldChar = FIELD_CHAR;
    const c0 = buf[s];
    // RFC 9112 §5.2: obs-fold is refused; whitespace before the first field is the same
    // shape (RFC 9112 §2.2: reject it rather than treat the line as a header).
    if (c0 === 0x20 || c0 === 0x09) return this.failLine(E.obsFold);
    let p = s;
    while (tchar[buf[p]] === 1) p++;
    // RFC 9112 §5.1: no whitespace between name and colon — MUST be rejected with 400.
    if (p === s || buf[p] !== 0x3a) return this.failLine(E.badFieldName);
    this.fNameEnd = p;
    p++;
    let c = buf[p];
    while (c === 0x20 || c === 0x09) c = buf[++p];
    const vs = p;
    while (fieldChar[c] === 1) c = buf[++p];
    // the value ends at CRLF (SP, HTAB are field chars, CR and LF are not)
    if (c !== 0x0d || buf[p + 1] !== 0x0a) return this.endOfLine(buf, p, E.badFieldValue);
    let ve = p;
    while (ve > vs && ((c = buf[ve - 1]) === 0x20 || c === 0x09)) ve--;
    this.fValueStart = vs;
    this.fValueEnd = ve;
    return p + 2;
  }

  private onHeaderLine(buf: Buffer, s: number): number {
    if (++this.headerCount > this.limits.maxHeaderCount) return this.failLine(E.tooManyHeaders);
    const next = this.scanField(buf, s);
    if (next < 0) return next;
    this.headerBytes += next - s;
    const ne = this.fNameEnd;
    const vs = this.fValueStart;
    const ve = this.fValueEnd;
    const id = headerNameId(buf, s, ne);
    const name = id === H_UNKNOWN ? this.cut(buf, s, ne).toLowerCase() : headerNameOf(id);
    const value = this.cut(buf, vs, ve);
    this.headers.push(name, value);
    if (id >= H_FIRST_PLAIN || id === H_UNKNOWN) return next;
    switch (id) {
      case H_HOST:
        // RFC 9112 §3.2: one Host, with a valid value, else 400.
        if (++this.hostCount > 1 || !isValidHost(buf, vs, ve)) return this.failLine(E.badHost);
        this.hostValue = value;
        break;
      case H_CONTENT_LENGTH: {
        const n = parseContentLength(buf, vs, ve);
        // RFC 9112 §6.3: differing or invalid Content-Length is unrecoverable framing → 400.
        if (n === CL_INVALID || (this.contentLength !== CL_INVALID && n !== this.contentLength)) {
          return this.failLine(E.badContentLength);
        }
        this.contentLength = n;
        break;
      }
      case H_TRANSFER_ENCODING:
        this.teFlags = scanTransferCodings(buf, vs, ve, this.teFlags);
        break;
      case H_CONNECTION:
        this.connFlags |= scanConnectionOptions(buf, vs, ve);
        break;
      case H_EXPECT:
        // RFC 9110 §10.1.1: only 100-continue is defined; HTTP/1.0 Expect is ignored.
        if (this.versionMinor === 1 && ve > vs) {
          if (isContinueExpectation(buf, vs, ve)) this.expectContinue = true;
          else this.expectFailed = true;
        }
        break;
      case H_UPGRADE:
        this.hasUpgrade = true;
        break;
    }
    return next;
  }

  /** The empty line after the fields: decide framing (RFC 9112 §6.3) and hand the head on. */
  private finishHead(): boolean {
    const minor = this.versionMinor;
    if (this.hostCount > 1 || (minor === 1 && this.hostCount === 0)) return this.fail(E.badHost);

    let bodyKind: BodyKind = BodyKind.None;
    let contentLength = 0;
    const te = this.teFlags;
    if (te & TE_SEEN) {
      if (minor === 0) return this.fail(E.transferEncodingInHttp10);
      // RFC 9112 §6.3 allows processing TE and dropping CL; we refuse the pair outright:
      // it is the signature of CL.TE / TE.CL smuggling.
      if (this.contentLength !== CL_INVALID) return this.fail(E.contentLengthWithTransferEncoding);
      if (te & (TE_BAD | TE_CHUNKED_TWICE) || !(te & TE_LAST_CHUNKED)) return this.fail(E.badTransferEncoding);
      if (te & TE_UNKNOWN) return this.fail(E.unsupportedTransferCoding);
      bodyKind = BodyKind.Chunked;
    } else if (this.contentLength !== CL_INVALID) {
      // a declared length, 0 included (the request reports contentLength 0, not undefined).
      bodyKind = BodyKind.Length;
      contentLength = this.contentLength;
    }
    if (this.expectFailed) return this.fail(E.expectationFailed);

    const conn = this.connFlags;
    const keepAlive = minor === 1 ? (conn & CONN_CLOSE) === 0 : (conn & (CONN_CLOSE | CONN_KEEP_ALIVE)) === CONN_KEEP_ALIVE;
    const head: ParsedHead = {
      method: this.method,
      target: this.target,
      path: this.path,
      query: this.query,
      versionMinor: minor,
      headers: this.headers,
      keepAlive,
      expectContinue: this.expectContinue,
      upgrade: this.hasUpgrade && (conn & CONN_UPGRADE) !== 0,
      bodyKind,
      contentLength,
      host: this.authority !== null ? this.authority : this.hostValue,
    };

    // Enter the body state before onHead, so that setBodyLimit inside it sees the body.
    const bodyless = bodyKind === BodyKind.None || (bodyKind === BodyKind.Length && contentLength === 0);
    if (bodyless) {
      // stays S_HEAD; completed right after onHead
    } else if (bodyKind === BodyKind.Length) {
      this.state = S_BODY_LENGTH;
      this.remaining = contentLength;
      this.lengthBody = true;
    } else if (bodyKind === BodyKind.Chunked) {
      this.state = S_CHUNK_LINE;
      this.chunkState = CS_SIZE_START;
      this.chunkSize = 0;
      this.chunkLineBytes = 0;
    }
    this.cb.onHead(head);
    if (this.state === S_DEAD) return false;
    if (bodyless) {
      // zero-length body: complete at once, even if onHead paused us (nothing more to read).
      this.completeMessage(null);
    } else if (bodyKind === BodyKind.Length && contentLength > this.bodyLimit) {
      // 413 before reading the body (RFC 9110 §15.5.14).
      return this.fail(E.bodyTooLarge);
    }
    return true;
  }

  // ------------------------------------------------------------------ bodies

  private readLengthBody(chunk: Buffer, pos: number, len: number): number {
    const n = Math.min(this.remaining, len - pos);
    const end = pos + n;
    this.remaining -= n;
    this.bodyReceived += n;
    this.cb.onBody(chunk.subarray(pos, end));
    if (this.state !== S_DEAD && this.remaining === 0) this.completeMessage(null);
    return end;
  }

  private readChunkData(chunk: Buffer, pos: number, len: number): number {
    const n = Math.min(this.remaining, len - pos);
    const end = pos + n;
    this.remaining -= n;
    this.bodyReceived += n;
    if (this.remaining === 0) {
      this.state = S_CHUNK_LINE;
      this.chunkState = CS_DATA_CR;
    }
    this.cb.onBody(chunk.subarray(pos, end));
    return end;
  }

  /**
   * The chunk-size line and the CRLF after chunk data, one byte at a time (RFC 9112 §7.1):
   *   chunk-size [ chunk-ext ] CRLF;  chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] )
   * Extensions are checked and skipped, never stored; the whole line is bounded.
   */
  private readChunkLine(chunk: Buffer, pos: number, len: number): number {
    let cs = this.chunkState;
    while (pos < len) {
      const c = chunk[pos++];
      if (cs < CS_DATA_CR && ++this.chunkLineBytes > this.limits.maxChunkExtensionBytes) {
        this.fail(E.chunkExtensionTooLong);
        return pos;
      }
      switch (cs) {
        case CS_SIZE_START:
        case CS_SIZE: {
          const h = HEX_VALUE[c];
          if (h >= 0) {
            if (this.chunkSize > CHUNK_SIZE_GUARD) {
              this.fail(E.chunkSizeOverflow);
              return pos;
            }
            this.chunkSize = this.chunkSize * 16 + h;
            // a chunk that would pass the body limit is refused as soon as its size says so.
            if (this.bodyReceived + this.chunkSize > this.bodyLimit) {
              this.fail(E.bodyTooLarge);
              return pos;
            }
            cs = CS_SIZE;
            break;
          }
          if (cs === CS_SIZE_START) return this.failChunk(pos);
          if (c === CR) cs = CS_LF;
          else if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c === SP || c === HTAB) cs = CS_BWS;
          else return this.failChunk(pos);
          break;
        }
        case CS_BWS:
          if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c !== SP && c !== HTAB) return this.failChunk(pos);
          break;
        case CS_EXT_AFTER_QUOTED:
          if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c === CR) cs = CS_LF;
          else if (c === SP || c === HTAB) cs = CS_BWS;
          else return this.failChunk(pos);
          break;
        case CS_EXT_NAME_START:
          if (TCHAR[c] === 1) cs = CS_EXT_NAME;
          else if (c !== SP && c !== HTAB) return this.failChunk(pos);
          break;
        case CS_EXT_NAME:
          if (TCHAR[c] === 1) break;
          if (c === EQUALS) cs = CS_EXT_VALUE_START;
          else if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c === CR) cs = CS_LF;
          else if (c === SP || c === HTAB) cs = CS_EXT_AFTER_NAME;
          else return this.failChunk(pos);
          break;
        case CS_EXT_AFTER_NAME:
          if (c === EQUALS) cs = CS_EXT_VALUE_START;
          else if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c !== SP && c !== HTAB) return this.failChunk(pos);
          break;
        case CS_EXT_VALUE_START:
          if (TCHAR[c] === 1) cs = CS_EXT_VALUE_TOKEN;
          else if (c === DQUOTE) cs = CS_EXT_QUOTED;
          else if (c !== SP && c !== HTAB) return this.failChunk(pos);
          break;
        case CS_EXT_VALUE_TOKEN:
          if (TCHAR[c] === 1) break;
          if (c === SEMICOLON) cs = CS_EXT_NAME_START;
          else if (c === CR) cs = CS_LF;
          else if (c === SP || c === HTAB) cs = CS_BWS;
          else return this.failChunk(pos);
          break;
        case CS_EXT_QUOTED:
          // qdtext = HTAB / SP / VCHAR except '"' and '\' / obs-text (RFC 9110 §5.6.4)
          if (c === DQUOTE) cs = CS_EXT_AFTER_QUOTED;
          else if (c === BACKSLASH) cs = CS_EXT_QUOTED_ESCAPE;
          else if (FIELD_CHAR[c] === 0) return this.failChunk(pos);
          break;
        case CS_EXT_QUOTED_ESCAPE:
          if (FIELD_CHAR[c] === 0) return this.failChunk(pos);
          cs = CS_EXT_QUOTED;
          break;
        case CS_LF:
          if (c !== LF) return this.failChunk(pos);
          if (this.chunkSize === 0) {
            // last-chunk: the trailer section follows (RFC 9112 §7.1.2).
            this.state = S_TRAILERS;
            this.chunkState = CS_SIZE_START;
            return pos;
          }
          this.state = S_CHUNK_DATA;
          this.remaining = this.chunkSize;
          this.chunkState = CS_DATA_CR;
          return pos;
        case CS_DATA_CR:
          if (c !== CR) return this.failChunk(pos);
          cs = CS_DATA_LF;
          break;
        case CS_DATA_LF:
          if (c !== LF) return this.failChunk(pos);
          cs = CS_SIZE_START;
          this.chunkSize = 0;
          this.chunkLineBytes = 0;
          break;
      }
    }
    this.chunkState = cs;
    return pos;
  }

  private failChunk(pos: number): number {
    this.fail(E.badChunk);
    return pos;
  }

  /** A trailer field line (RFC 9112 §7.1.2), parsed like a header field; framing and
   *  routing fields are dropped — they must never change how this message was framed
   *  (RFC 9110 §6.5.1). The empty line that ends the section is handled by onLine. */
  private onTrailerLine(buf: Buffer, s: number): number {
    if (++this.trailerCount > this.limits.maxHeaderCount) return this.failLine(E.trailerTooLarge);
    const next = this.scanField(buf, s);
    if (next < 0) return next;
    this.trailerBytes += next - s;
    const ne = this.fNameEnd;
    const id = headerNameId(buf, s, ne);
    if (id !== H_UNKNOWN && id < H_FIRST_PLAIN) return next;
    const name = id === H_UNKNOWN ? latin1(buf, s, ne).toLowerCase() : headerNameOf(id);
    (this.trailers ??= []).push(name, latin1(buf, this.fValueStart, this.fValueEnd));
    return next;
  }

  // ------------------------------------------------------------------ message boundaries

  /** Resets for the next message, then reports this one complete. */
  private completeMessage(trailers: string[] | null): void {
    this.state = S_HEAD;
    this.headSeen = 0;
    this.sawRequestLine = false;
    this.method = this.target = this.path = this.query = '';
    this.versionMinor = 1;
    this.authority = null;
    this.headers = [];
    this.headerBytes = 0;
    this.headerCount = 0;
    this.hostCount = 0;
    this.hostValue = '';
    this.contentLength = CL_INVALID;
    this.teFlags = 0;
    this.connFlags = 0;
    this.hasUpgrade = false;
    this.expectContinue = false;
    this.expectFailed = false;
    this.bodyLimit = this.limits.maxBodyBytes;
    this.bodyReceived = 0;
    this.remaining = 0;
    this.lengthBody = false;
    this.chunkState = CS_SIZE_START;
    this.chunkSize = 0;
    this.chunkLineBytes = 0;
    this.trailers = null;
    this.trailerBytes = 0;
    this.trailerCount = 0;
    this.cb.onComplete(trailers);
  }

  /** Ends the parse with `error`; returns false so line handlers can `return this.fail(…)`. */
  private fail(error: ParseError): false {
    if (this.state === S_DEAD) return false;
    this.state = S_DEAD;
    this.pending = null;
    this.pendingLen = 0;
    this.cb.onError(error);
    return false;
  }
}
