/**
 * Drives a RequestParser over byte input and records what it reports, per message, so that
 * specs compare outcomes instead of callback sequences.
 */
import { RequestParser } from '../../../src/http/parser';
import type { ParseError, ParsedHead, ParserLimits } from '../../../src/http/types';

export interface ParsedMessage {
  head: ParsedHead;
  body: Buffer;
  /** null until onComplete; then the trailers list or null. */
  trailers: string[] | null;
  complete: boolean;
}

export interface ParseOutcome {
  messages: ParsedMessage[];
  error: ParseError | null;
  /** number of onError calls (must never exceed 1). */
  errorCount: number;
  /** the parser, for idle/headBytes/finish checks. */
  parser: RequestParser;
}

export type Input = string | Buffer;

/** latin1: each code point U+0000-U+00FF is one byte, like the probe vectors. */
export function bytesOf(input: Input): Buffer {
  return typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
}

export interface ParseOptions {
  limits?: Partial<ParserLimits>;
  /** called inside onHead (e.g. to call setBodyLimit). */
  onHead?: (parser: RequestParser, head: ParsedHead) => void;
}

/** Creates a parser whose reports are collected into the returned outcome. */
export function recordingParser(options: ParseOptions = {}): ParseOutcome {
  const outcome = { messages: [], error: null, errorCount: 0 } as unknown as ParseOutcome;
  let current: ParsedMessage | null = null;
  const bodyParts: Buffer[] = [];
  const parser = new RequestParser(
    {
      onHead(head) {
        current = { head, body: Buffer.alloc(0), trailers: null, complete: false };
        bodyParts.length = 0;
        outcome.messages.push(current);
        options.onHead?.(parser, head);
      },
      onBody(chunk) {
        // copy: the chunk may be a view into the caller's buffer.
        bodyParts.push(Buffer.from(chunk));
        if (current) current.body = Buffer.concat(bodyParts);
      },
      onComplete(trailers) {
        if (current) {
          current.trailers = trailers;
          current.complete = true;
        }
        current = null;
      },
      onError(error) {
        outcome.errorCount++;
        outcome.error = error;
      },
    },
    options.limits,
  );
  outcome.parser = parser;
  return outcome;
}

/** Feeds the pieces in order (each piece a separate execute call) and returns the outcome. */
export function parse(pieces: Input | Input[], options: ParseOptions = {}): ParseOutcome {
  const outcome = recordingParser(options);
  for (const piece of Array.isArray(pieces) ? pieces : [pieces]) {
    feed(outcome.parser, bytesOf(piece));
  }
  return outcome;
}

/** execute() until the buffer is consumed, resuming whenever a callback paused the parser. */
export function feed(parser: RequestParser, buf: Buffer): void {
  let off = 0;
  let guard = 0;
  while (off < buf.length) {
    const n = parser.execute(buf.subarray(off));
    off += n;
    if (parser.paused) parser.resume();
    else if (n === 0) break; // dead
    if (++guard > buf.length + 10) throw new Error('parser made no progress');
  }
}

/** The first head, asserting there is one. */
export function headOf(input: Input | Input[], options?: ParseOptions): ParsedHead {
  const out = parse(input, options);
  if (out.error) throw new Error(`unexpected parse error ${out.error.status} ${out.error.code}`);
  if (out.messages.length === 0) throw new Error('no head parsed');
  return out.messages[0].head;
}

/** the status of the error the input ends in, or null. */
export function statusOf(input: Input | Input[], options?: ParseOptions): number | null {
  return parse(input, options).error?.status ?? null;
}
