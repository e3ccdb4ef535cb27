import { expect } from 'chai';
import fc from 'fast-check';
import { RequestParser } from '../../src/http/parser';
import type { ParseError } from '../../src/http/types';
import { requestArb, splitAt } from './helpers/requests';

const STATUSES = [400, 408, 413, 414, 417, 431, 501, 505];

/**
 * Feeds `fragments` to a fresh parser, then finish(), and checks the contract on the way:
 * no throw, callbacks in the order head → body* → complete per message, at most one error and
 * nothing after it, execute() never claims more bytes than it was given and always makes
 * progress unless dead (so the loop below is bounded by the input size).
 */
function runChecked(fragments: Buffer[], limits?: ConstructorParameters<typeof RequestParser>[1]): string {
  let inMessage = false;
  let errors = 0;
  let afterError = 0;
  let error: ParseError | null = null;
  const parser = new RequestParser(
    {
      onHead() {
        if (errors) afterError++;
        expect(inMessage, 'onHead inside a message').to.equal(false);
        inMessage = true;
      },
      onBody(chunk) {
        if (errors) afterError++;
        expect(inMessage, 'onBody outside a message').to.equal(true);
        expect(chunk.length).to.be.greaterThan(0);
      },
      onComplete() {
        if (errors) afterError++;
        expect(inMessage, 'onComplete outside a message').to.equal(true);
        inMessage = false;
      },
      onError(err) {
        errors++;
        error = err;
      },
    },
    limits,
  );
  for (const fragment of fragments) {
    let off = 0;
    while (off < fragment.length) {
      const n = parser.execute(fragment.subarray(off));
      expect(n).to.be.within(0, fragment.length - off);
      if (n === 0) break; // dead (this parser is never paused)
      off += n;
    }
  }
  const atEof = parser.finish();
  expect(errors).to.be.at.most(1);
  expect(afterError, 'callbacks after onError').to.equal(0);
  if (error !== null) {
    expect(STATUSES).to.include((error as ParseError).status);
    expect(atEof).to.equal(null);
    return `error ${(error as ParseError).status}`;
  }
  if (atEof !== null) {
    expect(atEof.status).to.equal(400);
    return 'cut short';
  }
  return inMessage ? 'pending' : 'complete';
}

const crlfGames = fc.constantFrom('\r', '\n', '\r\n', '\r\r\n', '\n\r', '\0', ' ', '\t', ':', ';', '\r\n\r\n', '0\r\n\r\n');

/** byte-level mutations of a valid request: flip, insert, delete, duplicate a line, CR/LF games. */
const mutated = fc
  .tuple(
    requestArb,
    fc.array(
      fc.record({
        op: fc.constantFrom('flip', 'insert', 'delete', 'dupLine', 'game'),
        at: fc.nat(),
        byte: fc.integer({ min: 0, max: 255 }),
        game: crlfGames,
      }),
      { minLength: 1, maxLength: 4 },
    ),
  )
  .map(([req, ops]) => {
    let buf = req.bytes;
    for (const m of ops) {
      const at = buf.length === 0 ? 0 : m.at % buf.length;
      if (m.op === 'flip') {
        buf = Buffer.from(buf);
        if (buf.length) buf[at] = m.byte;
      } else if (m.op === 'insert') {
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from([m.byte]), buf.subarray(at)]);
      } else if (m.op === 'delete') {
        buf = Buffer.concat([buf.subarray(0, at), buf.subarray(at + 1)]);
      } else if (m.op === 'game') {
        buf = Buffer.concat([buf.subarray(0, at), Buffer.from(m.game, 'latin1'), buf.subarray(at)]);
      } else {
        const start = buf.lastIndexOf('\n', at) + 1;
        let end = buf.indexOf('\n', at);
        end = end < 0 ? buf.length : end + 1;
        buf = Buffer.concat([buf.subarray(0, end), buf.subarray(start, end), buf.subarray(end)]);
      }
    }
    return buf;
  });

describe('RequestParser: fuzz', () => {
  it('never throws on random bytes and ends complete, pending or in one allowed error', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), fc.array(fc.nat(), { maxLength: 8 }), (bytes, cuts) => {
        runChecked(splitAt(Buffer.from(bytes), cuts));
      }),
      { numRuns: 800 },
    );
  });

  it('never throws on random bytes that start like a request', () => {
    const prefix = fc.constantFrom('GET / HTTP/1.1\r\n', 'POST / HTTP/1.1\r\nHost: a\r\n', 'POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n');
    fc.assert(
      fc.property(prefix, fc.uint8Array({ maxLength: 300 }), fc.array(fc.nat(), { maxLength: 8 }), (p, bytes, cuts) => {
        runChecked(splitAt(Buffer.concat([Buffer.from(p), Buffer.from(bytes)]), cuts));
      }),
      { numRuns: 800 },
    );
  });

  it('handles mutated valid requests within the contract, whole or split', () => {
    fc.assert(
      fc.property(mutated, fc.array(fc.nat(), { maxLength: 8 }), (buf, cuts) => {
        const whole = runChecked([buf]);
        const split = runChecked(splitAt(buf, cuts));
        // splitting may only change when a verdict is reached, never what it is.
        expect(split).to.equal(whole);
      }),
      { numRuns: 800 },
    );
  });

  it('handles mutated requests under tiny limits', () => {
    const limits = { maxRequestLineBytes: 24, maxHeaderBytes: 64, maxHeaderCount: 3, maxBodyBytes: 40, maxChunkExtensionBytes: 8, maxTrailerBytes: 16 };
    fc.assert(
      fc.property(mutated, fc.array(fc.nat(), { maxLength: 8 }), (buf, cuts) => {
        expect(runChecked(splitAt(buf, cuts), limits)).to.equal(runChecked([buf], limits));
      }),
      { numRuns: 500 },
    );
  });
});
