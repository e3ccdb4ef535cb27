import type { BadRequestException } from '../exceptions/http-exception';
import { malformed, parsePartHeaders, type PartHeaders } from './multipart-headers';

/** What the parser hands on: a part's headers, its bytes in pieces, its end. */
export interface PartSink {
  partStart(headers: PartHeaders): void;
  /** `bytes` is a view into a chunk the parser owns; copy or keep it, never write to it. */
  partData(bytes: Buffer): void;
  partEnd(): void;
}

/**
 * Largest header section of one part. A Content-Disposition with a long filename and a
 * Content-Type take a few hundred bytes; this bounds what a part can make us buffer before
 * its body starts.
 */
export const MAX_PART_HEADER_BYTES = 16 * 1024;

const State = { Preamble: 0, AfterDelimiter: 1, Headers: 2, Body: 3, Epilogue: 4 } as const;
type State = (typeof State)[keyof typeof State];

const CRLF = Buffer.from('\r\n', 'latin1');
const CRLFCRLF = Buffer.from('\r\n\r\n', 'latin1');
const EMPTY = Buffer.alloc(0);

/**
 * An incremental multipart/form-data parser (RFC 7578 over RFC 2046 §5.1.1): `write` chunks
 * as they arrive, split anywhere, then `end`. Throws BadRequestException (400) saying what is
 * wrong with a malformed body; the sink's own exceptions (limits) pass through.
 *
 * The body is read as `CRLF` + body, so the first delimiter needs no case of its own: every
 * delimiter is then `CRLF--boundary` (§5.1.1: the CRLF before a boundary belongs to it, not
 * to the part before). Each state searches with Buffer.indexOf (native, no byte loop in
 * JavaScript) and carries over only what could be the start of what it looks for: at most
 * the delimiter's length - 1 in a part's body, so a part's bytes are never held twice and
 * never reach the next part.
 */
export class MultipartParser {
  /** `\r\n--boundary` */
  private readonly delimiter: Buffer;
  private state: State = State.Preamble;
  /** bytes of the last write that could not be decided yet */
  private carry: Buffer = CRLF;
  /** Headers state: how much of `carry` was already searched for the blank line */
  private headerScanned = 0;
  /** bytes written, to tell an empty body from a malformed one */
  private written = 0;

  constructor(private readonly boundary: string, private readonly sink: PartSink) {
    this.delimiter = Buffer.from(`\r\n--${boundary}`, 'latin1');
  }

  /** Whether no byte was written: an empty body, which holds no form (undefined, as for JSON). */
  get empty(): boolean {
    return this.written === 0;
  }

  write(chunk: Buffer): void {
    if (chunk.length === 0 || this.state === State.Epilogue) return;
    this.written += chunk.length;
    const buf = this.carry.length === 0 ? chunk : Buffer.concat([this.carry, chunk]);
    this.carry = EMPTY;
    const at = this.consume(buf);
    this.carry = at < buf.length && (this.state as State) !== State.Epilogue ? buf.subarray(at) : EMPTY;
  }

  /** The body has ended: it must have ended with the close delimiter (RFC 2046 §5.1.1). */
  end(): void {
    if (this.state === State.Epilogue) return;
    if (this.state === State.Preamble) {
      throw malformed(`the boundary '${this.boundary}' from Content-Type never starts a line of the body; send the parts as --${this.boundary} lines`);
    }
    throw malformed(`the body ends before the close delimiter --${this.boundary}-- (was it cut short?)`);
  }

  /** Runs the states over `buf`; returns where the undecided rest begins. */
  private consume(buf: Buffer): number {
    let at = 0;
    const delimiter = this.delimiter;
    const n = buf.length;
    while (at < n) {
      switch (this.state) {
        case State.Preamble:
        case State.Body: {
          const found = buf.indexOf(delimiter, at);
          if (found < 0) {
            // The last delimiter.length - 1 bytes could begin a delimiter: keep them.
            const safe = Math.max(at, n - (delimiter.length - 1));
            if (this.state === State.Body && safe > at) this.sink.partData(buf.subarray(at, safe));
            return safe;
          }
          if (this.state === State.Body) {
            if (found > at) this.sink.partData(buf.subarray(at, found));
            this.sink.partEnd();
          }
          at = found + delimiter.length;
          this.state = State.AfterDelimiter;
          break;
        }
        case State.AfterDelimiter: {
          const c = buf[at];
          if (c === 0x2d /* - */) {
            if (at + 1 >= n) return at;
            if (buf[at + 1] !== 0x2d) throw afterBoundary(this.boundary);
            this.state = State.Epilogue; // RFC 2046 §5.1.1: the epilogue is to be ignored
            return n;
          }
          if (c === 0x20 || c === 0x09) {
            at++; // transport padding (LWSP) after a delimiter
          } else if (c === 0x0d) {
            if (at + 1 >= n) return at;
            if (buf[at + 1] !== 0x0a) throw afterBoundary(this.boundary);
            // The CRLF is left in place: the header section is then CRLF … CRLFCRLF, and an
            // empty one (no headers) is the CRLFCRLF at once.
            this.state = State.Headers;
            this.headerScanned = 0;
          } else {
            throw afterBoundary(this.boundary);
          }
          break;
        }
        case State.Headers: {
          // Resume the search where the last write's stopped, less what could be a split CRLFCRLF.
          const from = at + Math.max(0, this.headerScanned - 3);
          const found = buf.indexOf(CRLFCRLF, from);
          const size = (found < 0 ? n : found) - at;
          if (size > MAX_PART_HEADER_BYTES) {
            throw malformed(`a part's header section is larger than ${MAX_PART_HEADER_BYTES} bytes`);
          }
          if (found < 0) {
            this.headerScanned = n - at;
            return at;
          }
          const headers = parsePartHeaders(buf.subarray(at + 2, found));
          this.sink.partStart(headers);
          at = found + 4;
          this.state = State.Body;
          break;
        }
        case State.Epilogue:
          return n;
      }
    }
    return at;
  }
}

function afterBoundary(boundary: string): BadRequestException {
  return malformed(`a delimiter line --${boundary} is followed by something other than white space and CRLF, or '--' to close`);
}
