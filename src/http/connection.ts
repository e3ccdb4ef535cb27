/**
 * One client connection: bytes in through the parser, requests out to the handler, responses
 * back in request order, and the connection's life — keep-alive, timeouts, backpressure,
 * closing so that the client can read our last answer.
 *
 * Speed: the connection is the parser's callback object (no closures per request), a request
 * costs a Request and a Response, and the answers produced while one socket read is processed
 * (or in one turn of microtasks, for async handlers) leave in one socket write: heads and text
 * bodies are joined into one latin1 string, Buffers join them in one corked writev.
 */
import type { Duplex } from 'node:stream';
import { RequestParser } from './parser';
import { HttpError } from './errors';
import { BodyKind, type ParsedHead, type ParseError, type ParserCallbacks } from './types';
import { Request } from './request';
import { Response } from './response';
import { CONTINUE_LINE, reasonPhrase, statusLine } from './status-line';
import { dateHeaderLine } from './date-cache';
import type { ConnectionHost } from './connection-host';

/** Why the parser (and the socket) are paused; reading resumes when no reason is left. */
const Flow = {
  /** too many requests parsed ahead of their responses */
  Pipeline: 1,
  /** socket.write() returned false: the client is not reading */
  Write: 2,
  /** the handler has not consumed the body it is being sent */
  Body: 4,
  /** no further request will be read on this connection */
  Stopped: 8,
} as const;

const Phase = { Open: 0, Closing: 1, Dead: 2 } as const;
type Phase = (typeof Phase)[keyof typeof Phase];

/**
 * RFC 9112 §9.6 lingering close: after our FIN we keep reading and dropping what the client still
 * sends, because closing with its bytes unread makes our kernel answer them with a reset, and a
 * reset can destroy the answer the client has not read yet (a client still uploading sees its
 * write fail and never reads our 401 or 413). The linger is bounded by time, not bytes: a dropped
 * byte costs only CPU (nothing is buffered), and a byte cap cut exactly the clients this is for —
 * an upload of a few hundred KiB outran the old 64 KiB cap and got a reset.
 *
 * LINGER_TOTAL_MS, from our last byte written: long enough for a client uploading at any normal
 * rate to finish, or to see our answer and stop (curl and browsers read while they send). nginx's
 * lingering_time is 30 s; ours matches what a slow client may already hold a connection for
 * (headersTimeoutMs, bodyTimeoutMs: 10 s), so lingering gives a slowloris nothing new. It also
 * bounds a client that trickles a byte now and then forever.
 *
 * LINGER_IDLE_MS, since the client's last byte: an uploading client's bytes arrive back to back;
 * silence this long means it has stopped sending (it is reading our answer, or it is gone), and
 * then nothing unread remains to cause a reset. nginx's lingering_timeout is 5 s; 2 s keeps a
 * connection that will send nothing more from holding a socket (and a maxConnections slot).
 */
export const LINGER_TOTAL_MS = 10_000;
export const LINGER_IDLE_MS = 2_000;
/** declaredBodyEnd() not computed yet. */
const BODY_END_UNKNOWN_YET = -2;
/** batched answer text beyond this is written at once (bounds the string we build). */
const BATCH_MAX = 16 * 1024;
/** a closing connection whose peer never takes our last bytes is cut after this. */
const CLOSING_MAX_MS = 10_000;

export interface ConnectionInfo {
  remoteAddress?: string;
  remotePort?: number;
  secure?: boolean;
}

export class Connection implements ParserCallbacks {
  readonly secure: boolean;
  /** the peer, once read (see remoteAddress). */
  private peerAddress: string | undefined;
  private peerPort: number | undefined;

  private readonly parser: RequestParser;
  private phase: Phase = Phase.Open;
  private flow = 0;
  /** bytes read from the socket and not yet parsed (the parser was paused). */
  private pending: Buffer | null = null;
  private inExecute = false;
  /**
   * A handler runs after the parser stopped on the current read (drive()): a body incomplete
   * now is not completed by this read, and an answer ending before it closes (discardCheck).
   */
  private readParsed = false;
  private inData = false;
  private corked = false;
  /** latin1 text of answers made in this turn and not yet written (see write()). */
  private batch = '';
  /** a flush is due: at the end of the current read, or on the next tick. */
  private batching = false;

  /** oldest unanswered response (the one that may write) and newest. */
  private first: Response | null = null;
  private last: Response | null = null;
  private outstanding = 0;

  /** the request whose message the parser is in (head done, body not yet complete). */
  private parsing: Request | null = null;
  /**
   * A request whose handler waits for the rest of this read: its body may be in it. Called
   * once the body is complete, or when the read is parsed, whichever comes first.
   */
  private awaitingBody: Request | null = null;
  /** a request answered while its body was still arriving in the same read: decided after it. */
  private discardCheck: Request | null = null;
  /** no request after the one being parsed (Connection: close, HTTP/1.0, draining). */
  private lastRequest = false;
  private parserDead = false;
  /** a parse error no request owns, answered once the earlier responses are out. */
  private pendingError: ParseError | null = null;
  private clientEnded = false;
  private eofHandled = false;
  private draining = false;

  // Timestamps on the host's coarse clock (ms); 0 = not running.
  private headStart = 0;
  private bodyProgress = 0;
  private idleSince: number;
  private closingSince = 0;
  private writeBlockedSince = 0;
  private recentUntil = 0;
  /** bytes received on this socket, and how far into them the parser has read (see declaredBodyEnd). */
  private received = 0;
  private parsedUpTo = 0;
  /** where, in bytes received, the Content-Length body we stopped reading ends; -1 when not known. */
  private bodyEnd = BODY_END_UNKNOWN_YET;
  /** the linger ends by this time at the latest (LINGER_TOTAL_MS after our FIN; close() may shorten it). */
  private lingerEndsBy = Infinity;
  private lastLingerByte = 0;
  private continueSent: Request | null = null;
  private continueCheck: Request | null = null;
  private drainWaiters: (() => void)[] | null = null;
  /** the lingering close's deadline; cleared when the socket closes, so it holds nothing after. */
  private lingerTimer: NodeJS.Timeout | null = null;

  constructor(
    private readonly host: ConnectionHost,
    readonly socket: Duplex,
    info: ConnectionInfo,
  ) {
    if (info.remoteAddress !== undefined) this.peerAddress = normaliseAddress(info.remoteAddress);
    this.peerPort = info.remotePort;
    this.secure = info.secure ?? (socket as Duplex & { encrypted?: boolean }).encrypted === true;
    this.parser = new RequestParser(this, host.limits);
    this.idleSince = host.touch();
    // A fresh connection's first request may still be on the wire when close() begins: it
    // gets the same grace as a connection that was just answered.
    this.recentUntil = this.idleSince + host.drainGraceMs;
    // Bound once per connection: the socket's events are the only closures we make.
    socket.on('data', this.onData.bind(this));
    socket.on('end', this.onEnd.bind(this));
    socket.on('drain', this.onDrain.bind(this));
    socket.on('finish', this.onFinish.bind(this));
    socket.on('error', this.onSocketError.bind(this));
    socket.on('close', this.onClose.bind(this));
  }

  /**
   * The peer's address, read from the socket when first asked: it costs a getpeername syscall
   * and an object per connection, and most requests never ask (node:http does not read it
   * either). A socket that has closed no longer knows its peer, so a request still running
   * after its handler returned has it read at once (`pinPeer`, from the server's dispatch).
   */
  get remoteAddress(): string {
    if (this.peerAddress === undefined) this.pinPeer();
    return this.peerAddress!;
  }

  get remotePort(): number {
    if (this.peerPort === undefined) this.pinPeer();
    return this.peerPort!;
  }

  /** @internal reads the peer from the socket while it is open; once per connection. */
  pinPeer(): void {
    const s = this.socket as Duplex & { remoteAddress?: string; remotePort?: number };
    if (this.peerAddress === undefined) this.peerAddress = normaliseAddress(s.remoteAddress ?? '');
    if (this.peerPort === undefined) this.peerPort = s.remotePort ?? 0;
  }

  /** @internal a flush is scheduled and not yet done. */
  get batchDue(): boolean {
    return this.batching;
  }

  get dead(): boolean {
    return this.phase === Phase.Dead;
  }

  /** nothing in flight: no unanswered request, no unparsed byte, no partial head. */
  get quiet(): boolean {
    return this.first === null && this.pending === null && this.parsing === null && this.parser.idle && this.parser.headBytes === 0;
  }

  /** every request is answered and every byte parsed: only the client can move things on. */
  get waitingForClient(): boolean {
    return this.first === null && this.pending === null && this.flow === 0;
  }

  // ---- socket events ------------------------------------------------------------------

  private onData(chunk: Buffer): void {
    this.received += chunk.length;
    if (this.phase !== Phase.Open) {
      // Lingering close: read and drop (never parse, never keep), so our last answer is not lost
      // to a reset. Once the client has sent all the body it declared, nothing more is coming.
      this.lastLingerByte = this.host.touch();
      if (this.socket.writableFinished && this.received === this.declaredBodyEnd()) this.destroy();
      return;
    }
    this.pending = this.pending === null ? chunk : Buffer.concat([this.pending, chunk]);
    this.host.touch();
    this.inData = true;
    this.drive();
    this.inData = false;
    // Everything the handlers wrote while this read was parsed leaves in one write.
    if (this.batching) this.flush();
  }

  private onEnd(): void {
    this.clientEnded = true;
    if (this.phase === Phase.Closing) {
      if (this.socket.writableFinished) this.destroy();
      return;
    }
    if (this.phase === Phase.Open && this.pending === null) this.onEof();
  }

  private onDrain(): void {
    this.writeBlockedSince = this.host.now;
    this.clearFlow(Flow.Write);
    if (this.first !== null) this.first._onDrain();
    const waiters = this.drainWaiters;
    if (waiters !== null) {
      this.drainWaiters = null;
      for (const w of waiters) w();
    }
  }

  /**
   * Our side is fully written after end(): linger (LINGER_TOTAL_MS, LINGER_IDLE_MS) until the
   * client's FIN, or until it has sent the whole body it declared, then close. Closing with
   * nothing unread is a normal close: the kernel still delivers our last bytes and our FIN.
   */
  private onFinish(): void {
    if (this.phase !== Phase.Closing) return;
    if (this.clientEnded || this.received === this.declaredBodyEnd()) {
      this.destroy();
      return;
    }
    const now = this.host.touch();
    this.lastLingerByte = now;
    this.lingerEndsBy = Math.min(this.lingerEndsBy, now + this.host.lingerTotalMs);
    this.armLinger(now);
  }

  /** One timer per lingering connection, re-armed when it fires rather than at every read. */
  private armLinger(now: number): void {
    const at = Math.min(this.lastLingerByte + this.host.lingerIdleMs, this.lingerEndsBy);
    this.lingerTimer = setTimeout(lingerCheck, Math.max(0, at - now), this);
    this.lingerTimer.unref();
  }

  /** @internal the linger timer: cut when the client has been silent, or the linger is over. */
  lingerDue(): void {
    this.lingerTimer = null;
    if (this.phase !== Phase.Closing) return;
    const now = this.host.touch();
    if (now >= this.lingerEndsBy || now - this.lastLingerByte >= this.host.lingerIdleMs) this.destroy();
    else this.armLinger(now);
  }

  /**
   * Where the Content-Length body the parser was in ends, counted in bytes received; -1 when
   * there is none (chunked, a head, between messages). Read only from socket events, after
   * drive() has recorded how far the parser read. Once exactly that much has arrived the client
   * has sent all it means to; a byte beyond it (a pipelined request) leaves only the time bounds.
   */
  private declaredBodyEnd(): number {
    if (this.bodyEnd === BODY_END_UNKNOWN_YET) {
      const remaining = this.parser.lengthBodyRemaining;
      this.bodyEnd = remaining < 0 ? -1 : this.parsedUpTo + remaining;
    }
    return this.bodyEnd;
  }

  private onSocketError(): void {
    // ECONNRESET, EPIPE, TLS errors: the 'close' that follows cleans up.
  }

  private onClose(): void {
    // A pending timer would keep this connection, its socket and parser alive for the rest of
    // the linger: under a new connection per request that is thousands of dead connections.
    if (this.lingerTimer !== null) {
      clearTimeout(this.lingerTimer);
      this.lingerTimer = null;
    }
    this.phase = Phase.Dead;
    this.flow |= Flow.Stopped;
    this.pending = null;
    let res = this.first;
    this.first = this.last = null;
    const gone = res !== null ? new Error('the connection closed before the response was complete') : undefined;
    while (res !== null) {
      res.request._abort();
      res._settle(gone);
      res = res._next;
    }
    // A request still arriving whose answer is not complete: its client is gone.
    if (this.parsing !== null && !this.parsing._res._done) this.parsing._abort();
    const waiters = this.drainWaiters;
    this.drainWaiters = null;
    if (waiters !== null) for (const w of waiters) w();
    this.host.connectionClosed(this);
  }

  // ---- parsing ------------------------------------------------------------------------

  /** Feeds unparsed bytes to the parser for as long as nothing asks us to pause. */
  private drive(): void {
    if (this.inExecute) return;
    while (this.pending !== null && this.flow === 0 && this.phase === Phase.Open) {
      const buf = this.pending;
      this.pending = null;
      this.inExecute = true;
      // `pending` is always the tail of what was received: buf starts at received - buf.length.
      const bufStart = this.received - buf.length;
      let used = 0;
      try {
        used = this.parser.execute(buf);
        this.parsedUpTo = bufStart + used;
      } finally {
        // The body did not complete in this read (or the parser paused): the handler starts
        // now, still inside the read, as it would have at the head (100-continue and
        // answered-without-reading are decided after the read, as for any handler).
        if (this.awaitingBody !== null) {
          this.readParsed = true;
          this.dispatchAwaiting();
          this.readParsed = false;
        }
        this.inExecute = false;
      }
      if (used < buf.length && this.phase === Phase.Open && !this.parserDead) {
        this.pending = buf.subarray(used);
        if (!this.parser.paused && this.flow === 0) break; // defensive: a parser that stops unpaused
      }
      const wants = this.continueCheck;
      if (wants !== null) {
        this.continueCheck = null;
        this.sendContinue(wants);
      }
      const check = this.discardCheck;
      if (check !== null) {
        this.discardCheck = null;
        // Answered without reading, and the body did not follow in the same read: close.
        if (!check._complete) this.stopAndCloseWhenQuiet();
      }
    }
    if (this.phase !== Phase.Open) return;
    // The header timeout runs from the first byte of a head (slowloris).
    if (this.parsing === null && this.headStart === 0 && this.flow === 0 && !this.parser.idle) {
      this.headStart = this.host.now;
    }
    if (this.clientEnded && this.pending === null && this.flow === 0) this.onEof();
  }

  onHead(head: ParsedHead): void {
    this.headStart = 0;
    if (this.phase !== Phase.Open) return;
    const req = new Request(this, head, this.host.limits.maxBodyBytes);
    const res = new Response(this, req);
    req._res = res;
    this.parsing = req;
    if (head.bodyKind !== BodyKind.None) this.bodyProgress = this.host.now;
    if (!head.keepAlive || this.draining || this.host.draining) this.lastRequest = true;
    if (this.last === null) {
      this.first = this.last = res;
      res._active = true;
    } else {
      this.last._next = res;
      this.last = res;
    }
    // The pipelining bound (maxPipelined) is checked at onComplete: pausing here would also stop
    // this request's own body, which its handler may be waiting for before it can answer.
    this.outstanding++;
    if (this.bodyMayFollowInThisRead(head)) this.awaitingBody = req;
    else this.host.dispatch(req, res);
  }

  /**
   * A small body usually arrives in the same read as its head. Calling the handler once it
   * has, rather than at the head, lets it take the body at once instead of waiting on a
   * promise for bytes that are already here. Only a length the parser will accept as it
   * stands: a route may raise the body limit, and it must see the head before that limit is
   * enforced. A chunked body's size is unknown until it ends, so it is not waited for.
   */
  private bodyMayFollowInThisRead(head: ParsedHead): boolean {
    return head.bodyKind === BodyKind.Length && head.contentLength > 0 && head.contentLength <= this.host.limits.maxBodyBytes;
  }

  private dispatchAwaiting(): void {
    const req = this.awaitingBody!;
    this.awaitingBody = null;
    this.host.dispatch(req, req._res);
  }

  /**
   * Will `req`'s answer end before its body, unread, has arrived? retire() then closes rather
   * than read a body nobody wants — unless the rest of the body is in the read being parsed,
   * which only an answer made inside that read (before the parser reached its end) may hope for.
   */
  private answeredBeforeBody(req: Request): boolean {
    if (req !== this.parsing || req._complete || req._failed || req._reading) return false;
    return !this.inExecute || this.readParsed;
  }

  onBody(chunk: Buffer): void {
    const req = this.parsing;
    if (req === null) return;
    this.bodyProgress = this.host.now;
    req._onBody(chunk);
  }

  onComplete(trailers: string[] | null): void {
    const req = this.parsing;
    this.parsing = null;
    if (req !== null) {
      req._trailers = trailers;
      req._onComplete();
      if (this.flow & Flow.Body) this.clearFlow(Flow.Body);
      // Before the next pipelined head, so handlers still start in request order.
      if (this.awaitingBody === req) this.dispatchAwaiting();
    }
    // Enough requests read ahead of their answers: the next head waits (maxPipelined).
    if (this.outstanding >= this.host.maxPipelined) this.setFlow(Flow.Pipeline);
    // Draining alone does not stop reading here: closesAfter() stops us when it marks the last
    // answer, and an answer whose head left unmarked keeps the grace for the client's next request.
    if (this.lastRequest) this.setFlow(Flow.Stopped);
  }

  onError(error: ParseError): void {
    this.host.countParseError(error.status);
    this.parserDead = true;
    this.setFlow(Flow.Stopped);
    this.pending = null;
    const req = this.parsing;
    this.parsing = null;
    if (req !== null && !req._complete) {
      // The error is in this request's body: its reader learns it (and may answer it).
      req._fail(new HttpError(error.status, error.code, error.message));
      if (req._res._done) this.closeWhenQuiet();
      return;
    }
    this.pendingError = error;
    if (this.first === null) this.answerPendingError();
  }

  /** EOF from the client with every byte parsed. */
  private onEof(): void {
    if (this.phase !== Phase.Open || this.eofHandled) return;
    this.eofHandled = true;
    if (!this.parserDead) {
      const error = this.parser.finish();
      if (error !== null) {
        // EOF inside a request: it can never complete, so its signal fires too.
        const req = this.parsing;
        this.onError(error);
        if (req !== null) req._abort();
        return;
      }
    }
    this.setFlow(Flow.Stopped);
    // A half-closed client still gets the answers to its complete requests (allowHalfOpen).
    if (this.first === null) this.closeWhenQuiet();
  }

  // ---- flow ---------------------------------------------------------------------------

  private setFlow(bit: number): void {
    const was = this.flow;
    if (bit === Flow.Write && (was & Flow.Write) === 0) this.writeBlockedSince = this.host.now;
    this.flow = was | bit;
    if (was === 0) {
      this.parser.pause();
      if (this.phase === Phase.Open) this.socket.pause();
    }
  }

  private clearFlow(bit: number): void {
    if ((this.flow & bit) === 0) return;
    this.flow &= ~bit;
    if (this.flow !== 0 || this.phase !== Phase.Open) return;
    this.parser.resume();
    this.socket.resume();
    if (!this.inExecute && this.pending !== null) {
      const outer = this.inData;
      this.inData = true;
      this.drive();
      this.inData = outer;
      if (!outer && this.batching) this.flush();
    } else if (!this.inExecute && this.clientEnded) this.onEof();
  }

  /** @internal Request: pause reading while its unread body is at the high-water mark. */
  setBodyPaused(paused: boolean): void {
    if (paused) this.setFlow(Flow.Body);
    else this.clearFlow(Flow.Body);
  }

  /** @internal Request: the handler started reading its body. */
  bodyWanted(req: Request): void {
    // RFC 9110 §10.1.1: the client waits for our 100 before sending the body; an HTTP/1.0
    // client does not understand 1xx (RFC 9110 §15.2), so it never gets one. Asked while the
    // head's own read is being parsed, we decide after it: the body may be in the same read.
    if (req._head.expectContinue && req.httpVersion === '1.1') {
      if (this.inExecute && req === this.parsing) this.continueCheck = req;
      else this.sendContinue(req);
    }
    if (req === this.parsing) this.clearFlow(Flow.Body);
  }

  private sendContinue(req: Request): void {
    if (req._complete || req._failed || req._res.headersSent || this.continueSent === req || this.phase !== Phase.Open) return;
    this.continueSent = req;
    this.bodyProgress = this.host.now;
    req._res._emitInterim(CONTINUE_LINE);
  }

  /** @internal Request: a per-request body limit; the parser applies it to the message it is in. */
  applyBodyLimit(req: Request, bytes: number): void {
    if (req === this.parsing && !this.parserDead) this.parser.setBodyLimit(bytes);
  }

  /** @internal Request: the body broke a limit the parser did not know: stop reading. */
  bodyFailedLocally(req: Request): void {
    if (req === this.parsing) {
      this.parsing = null;
      this.parserDead = true;
      this.pending = null;
      this.setFlow(Flow.Stopped);
    }
  }

  /**
   * @internal a promise for the next 'drain' (res.drained(), async-iterable response sources).
   * At once when writes are not held back: a 'drain' comes only after a write that returned
   * false, so waiting for one then would wait forever.
   */
  drained(): Promise<void> {
    if (this.phase === Phase.Dead || (this.flow & Flow.Write) === 0) return Promise.resolve();
    return new Promise((resolve) => (this.drainWaiters ??= []).push(resolve));
  }

  // ---- responses ----------------------------------------------------------------------

  /**
   * @internal every write of every response comes here, in request order.
   *
   * Text (heads, ASCII bodies, chunk framing) is appended to one string and written when the
   * current read is done (onData) or, for answers from async handlers, on the next tick — after
   * this turn's microtasks. A pipelined batch thus costs one socket.write instead of one per
   * answer (each write is a trip through the Writable machinery). Buffers flush the text before
   * them and go out corked with it: one writev.
   */
  write(data: string | Buffer): boolean {
    // After our FIN (or the socket's end) nothing more may go out: a write would error.
    if (this.phase === Phase.Dead || this.socket.destroyed || this.socket.writableEnded) return false;
    if (!this.batching) {
      this.batching = true;
      if (!this.inData) process.nextTick(flushSoon, this);
    }
    if (typeof data === 'string') {
      this.batch = this.batch.length === 0 ? data : this.batch + data;
      if (this.batch.length < BATCH_MAX) return (this.flow & Flow.Write) === 0;
      return this.flush();
    }
    if (!this.corked) {
      this.corked = true;
      this.socket.cork();
    }
    if (this.batch.length > 0) {
      const text = this.batch;
      this.batch = '';
      this.socket.write(text, 'latin1');
    }
    const ok = this.socket.write(data);
    if (!ok) this.setFlow(Flow.Write);
    return ok;
  }

  /** @internal hands the batched text (and corked buffers) to the socket. */
  flush(): boolean {
    this.batching = false;
    if (this.phase === Phase.Dead || this.socket.destroyed) {
      this.batch = '';
      this.corked = false;
      return false;
    }
    let ok = true;
    if (this.batch.length > 0) {
      const text = this.batch;
      this.batch = '';
      ok = this.socket.write(text, 'latin1');
    }
    if (this.corked) {
      this.corked = false;
      this.socket.uncork();
      ok = ok && this.socket.writableLength < this.socket.writableHighWaterMark;
    }
    if (!ok) this.setFlow(Flow.Write);
    return ok;
  }

  /** @internal at head time: will the connection close after this response? */
  closesAfter(res: Response): boolean {
    if (!res.request._head.keepAlive) return true;
    // Only the last response can close: earlier ones have answers queued behind them, and a
    // pending parse error brings its own closing answer.
    if (res._next !== null || this.pendingError !== null) return false;
    if (this.parserDead || (this.flow & Flow.Stopped) !== 0) return true;
    // A final answer to an Expect: 100-continue request whose body we never asked for: the
    // client holds the body back, so retire() will close rather than wait for it. RFC 9110
    // §10.1.1: such an answer SHOULD say whether the connection stays — it does not.
    const req = res.request;
    if (req === this.parsing && req._head.expectContinue && !req._complete && this.continueSent !== req && !req._reading) {
      return true;
    }
    // An answer made before its unread body arrived: retire() will close rather than read a body
    // nobody wants, and RFC 9112 §9.6 says a sender SHOULD announce the close it intends.
    if (this.answeredBeforeBody(req)) return true;
    if (this.draining || this.host.draining) {
      this.setFlow(Flow.Stopped);
      return true;
    }
    return false;
  }

  /** @internal the application finished `res`; it retires now if it is the oldest. */
  responseEnded(res: Response): void {
    // After the connection died every exchange was settled already: nothing to do.
    if (res._active && this.phase !== Phase.Dead) this.retire(res);
  }

  private retire(res: Response | null): void {
    while (res !== null) {
      const req = res.request;
      res._settle();
      let close = res._closeAfter;
      if (!req._complete && !req._failed) {
        // Answered before the body arrived: drop what still comes. If it is already in this
        // read, the connection can go on; otherwise we close rather than read a body nobody wants.
        req._discard();
        if (req === this.parsing) this.clearFlow(Flow.Body);
        if (this.inExecute && req === this.parsing) this.discardCheck = req;
        else close = true;
      } else if (req._failed && req === this.parsing) close = true;
      const next = res._next;
      res._next = null;
      this.first = next;
      if (next === null) this.last = null;
      this.outstanding--;
      if (close) {
        if (res._resetAfter) this.reset();
        else this.stopAndCloseWhenQuiet();
        return;
      }
      if (this.outstanding < this.host.maxPipelined) this.clearFlow(Flow.Pipeline);
      if (next === null) {
        // The idle and drain graces are measured from here: inside a read the clock was just
        // refreshed; an answer from an async handler reads it afresh.
        this.idleSince = this.inData ? this.host.now : this.host.touch();
        this.recentUntil = this.idleSince + this.host.drainGraceMs;
        this.afterQueueEmpty();
        return;
      }
      next._active = true;
      next._flushOutbox();
      res = next.finished ? next : null;
    }
  }

  private afterQueueEmpty(): void {
    if (this.phase !== Phase.Open) return;
    if (this.pendingError !== null) return this.answerPendingError();
    if (this.parsing !== null) return;
    if (this.parserDead || (this.flow & Flow.Stopped) !== 0) return this.closeWhenQuiet();
    // Draining, and the answer that just left did not say close: the grace of drain() applies
    // (the sweep closes us when it is over, unless a request comes first).
  }

  /** @internal the handler threw or rejected. */
  handlerFailed(res: Response, err: unknown): void {
    const isHttp = err instanceof HttpError && err.status >= 400 && err.status <= 599;
    if (!isHttp) this.reportError(err, 'handler', res.request);
    if (this.phase === Phase.Dead) return;
    // Headers out: the client cannot be told in-band any more; an unfinished body followed by
    // the connection's end is the only honest signal (Response._abandon). Not yet: a 500
    // without internals (or the HttpError's own status).
    if (!res.headersSent) res._sendError(isHttp ? (err as HttpError).status : 500);
    else res._abandon(err);
  }

  /** @internal */
  reportError(err: unknown, phase: string, req?: Request): void {
    this.host.reportError(err, phase, req);
  }

  // ---- timeouts (called by the host's sweep) --------------------------------------------

  /** @internal one look per sweep; no timer per request or per connection. */
  sweep(now: number): void {
    if (this.phase === Phase.Closing) {
      // Not yet lingering (that has its own bounds): our last bytes are still not taken.
      if (this.lingerTimer === null && now - this.closingSince >= CLOSING_MAX_MS) this.destroy();
      return;
    }
    if (this.phase !== Phase.Open) return;
    // A client that stops reading our answers for as long as a body may stall is gone or
    // hostile: its socket and buffers are freed (no drain in bodyTimeoutMs).
    if ((this.flow & Flow.Write) !== 0 && now - this.writeBlockedSince >= this.host.bodyTimeoutMs) return this.destroy();
    if (this.flow !== 0 || this.pending !== null) return;
    const req = this.parsing;
    if (req !== null) {
      // Waiting on us (100-continue not sent yet) is not the client's delay — unless the final
      // answer has started: no 100 can come then (sendContinue), and the client sends its body
      // unasked or never (RFC 9110 §10.1.1), so the body timeout runs.
      if (req._head.expectContinue && this.continueSent !== req && req.httpVersion === '1.1' && !req._res.headersSent) return;
      if (now - this.bodyProgress >= this.host.bodyTimeoutMs) this.bodyTimedOut(req);
    } else if (this.headStart !== 0) {
      if (now - this.headStart >= this.host.headersTimeoutMs) {
        this.onError({ status: 408, code: 'WW_ERR_HEADERS_TIMEOUT', message: `the request head was not complete within ${this.host.headersTimeoutMs} ms` });
      }
    } else if (this.first === null && this.draining && now >= this.recentUntil) {
      this.closeWhenQuiet(); // server closing: the grace after our last answer is over
    } else if (this.first === null && now - this.idleSince >= this.host.keepAliveTimeoutMs) {
      this.closeWhenQuiet(); // idle keep-alive: close without a word (RFC 9112 §9.5)
    }
  }

  private bodyTimedOut(req: Request): void {
    this.parserDead = true;
    this.parsing = null;
    this.pending = null;
    this.setFlow(Flow.Stopped);
    req._fail(new HttpError(408, 'WW_ERR_BODY_TIMEOUT', `no body bytes arrived for ${this.host.bodyTimeoutMs} ms`));
    const res = req._res;
    if (!res.headersSent) res._sendError(408);
    else if (res._done) this.closeWhenQuiet();
  }

  // ---- shutdown ------------------------------------------------------------------------

  /**
   * @internal server.close(): finish what is in flight, and make the last answer on this
   * connection say Connection: close. An answer whose head already left without it cannot be
   * taken back: its client may send the next request at once, so after it the connection
   * stays open for a short grace (recentUntil), answers that request with Connection: close,
   * and only closes silently if nothing came.
   */
  drain(now: number): void {
    // Lingering: the client gets the same grace as one that was just answered, then the cut.
    if (this.phase === Phase.Closing) return this.shortenLinger(now, now + this.host.drainGraceMs);
    if (this.phase !== Phase.Open) return;
    this.draining = true;
    if (this.first !== null || this.parsing !== null) return; // closesAfter() marks the last answer
    if (!this.parser.idle || this.pending !== null) return; // a head is arriving: answer it, then close
    // Idle. A client that just got an answer may have its next request on the wire: give it
    // a moment (the sweep closes a draining connection once its grace is over); otherwise close now.
    if (now >= this.recentUntil) this.closeWhenQuiet();
  }

  private shortenLinger(now: number, endsBy: number): void {
    if (endsBy >= this.lingerEndsBy) return;
    this.lingerEndsBy = endsBy;
    if (this.lingerTimer === null) return; // not lingering yet: onFinish applies the bound
    clearTimeout(this.lingerTimer);
    this.armLinger(now);
  }

  /** @internal the end of the drain grace: close if still nothing to do. */
  closeIfIdle(now: number): void {
    if (this.phase === Phase.Open && now >= this.recentUntil && this.first === null && this.parsing === null && this.parser.idle && this.pending === null) {
      this.closeWhenQuiet();
    }
  }

  private stopAndCloseWhenQuiet(): void {
    this.setFlow(Flow.Stopped);
    this.pending = null;
    this.closeWhenQuiet();
  }

  private answerPendingError(): void {
    const error = this.pendingError!;
    this.pendingError = null;
    if (this.phase !== Phase.Open) return;
    // Minimal answer: status line, a text reason, and close (RFC 9112 §9.6 staged below).
    const reason = reasonPhrase(error.status) || 'Bad Request';
    this.write(
      statusLine(error.status) + dateHeaderLine() +
      'Content-Type: text/plain\r\nContent-Length: ' + reason.length + '\r\nConnection: close\r\n\r\n' + reason,
    );
    this.closeWhenQuiet();
  }

  /**
   * Staged close (RFC 9112 §9.6): send FIN after our last byte, keep reading and dropping
   * (onData in Closing) until the client is done or the linger's bounds end it (onFinish), then
   * close. Closing at once could make the kernel answer the client's unread bytes with a reset
   * that destroys our response before it is read.
   */
  private closeWhenQuiet(): void {
    if (this.phase !== Phase.Open) return;
    this.phase = Phase.Closing;
    this.closingSince = this.host.now;
    this.flow |= Flow.Stopped;
    this.parser.pause();
    this.pending = null;
    let res = this.first;
    this.first = this.last = null;
    while (res !== null) {
      // Parsed after a response that closes: never answered (the client retries them).
      res.request._abort();
      res._settle(new Error('the connection closed before this request was answered'));
      res = res._next;
    }
    this.flush();
    this.socket.end();
    this.socket.resume();
    if (this.clientEnded && this.socket.writableFinished) this.destroy();
  }

  /**
   * An abortive close: what was written goes to the socket, then a TCP RST (RFC 9293 §3.10.5, ABORT)
   * instead of a FIN. For a close-delimited body that broke (Response._abandon), a FIN would
   * say "complete" (RFC 9112 §6.3); the reset makes the client's read fail. Bytes the peer
   * has not taken yet are lost with it — the broken body's, and any earlier HTTP/1.0
   * keep-alive answer still queued, whose request the client then sees unanswered.
   */
  private reset(): void {
    this.setFlow(Flow.Stopped);
    this.pending = null;
    this.flush();
    const socket = this.socket as Duplex & { resetAndDestroy?: () => void };
    try {
      // Node ≥ 16.17 (Node 20 here). TCP only: over TLS the handle is not TCP and it throws.
      if (socket.resetAndDestroy !== undefined) return void socket.resetAndDestroy();
    } catch {
      // fall through
    }
    // TLS, or an in-memory duplex (inject): a plain cut is the strongest there is; over TLS,
    // a close without close_notify still reads as truncated (RFC 8446 §6.1).
    socket.destroy();
  }

  /** @internal cut the connection now. */
  destroy(): void {
    if (this.phase === Phase.Dead) return;
    this.socket.destroy();
  }
}

function flushSoon(conn: Connection): void {
  if (conn.batchDue) conn.flush();
}

function lingerCheck(conn: Connection): void {
  conn.lingerDue();
}

/** `::ffff:127.0.0.1` → `127.0.0.1`: an IPv4 client on a dual-stack socket is an IPv4 client. */
export function normaliseAddress(address: string): string {
  return address.startsWith('::ffff:') && address.indexOf('.') !== -1 ? address.slice(7) : address;
}
