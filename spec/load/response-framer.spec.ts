import { expect } from 'chai';
import fc from 'fast-check';
import { ResponseFramer, type FramerSink } from '../../src/load/response-framer';

class Recorder implements FramerSink {
  responses: Array<[number, boolean]> = [];
  errors: string[] = [];
  onResponse(status: number, willClose: boolean): void {
    this.responses.push([status, willClose]);
  }
  onFramingError(message: string): void {
    this.errors.push(message);
  }
}

/** Feed `bytes` cut at `cuts` (offsets), each piece through one reused buffer, as the load tester does. */
function feed(bytes: Buffer, cuts: number[], headRequests = false, end = false): Recorder {
  const rec = new Recorder();
  const framer = new ResponseFramer(rec, headRequests);
  const shared = Buffer.alloc(bytes.length + 16);
  const points = [...new Set(cuts.filter((c) => c > 0 && c < bytes.length))].sort((a, b) => a - b);
  let from = 0;
  for (const to of [...points, bytes.length]) {
    const n = bytes.copy(shared, 0, from, to);
    framer.push(shared, n);
    shared.fill(0x58); // scribble over the shared buffer: the framer must not keep views into it
    from = to;
  }
  if (end) framer.end();
  return rec;
}

const STREAM = Buffer.from(
  [
    'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Type: text/plain\r\n\r\nhello',
    'HTTP/1.1 100 Continue\r\n\r\n',
    'HTTP/1.1 201 Created\r\ntransfer-encoding: chunked\r\n\r\n4;ext=1\r\nwiki\r\n5\r\npedia\r\nA\r\n0123456789\r\n0\r\nX-Trailer: yes\r\n\r\n',
    'HTTP/1.1 204 No Content\r\nContent-Length: 99\r\n\r\n',
    'HTTP/1.1 304 Not Modified\r\nETag: "x"\r\n\r\n',
    'HTTP/1.1 404 Not Found\r\nCONTENT-LENGTH:   9  \r\n\r\nnot found',
    'HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n',
    'HTTP/1.0 200 OK\r\nConnection: keep-alive\r\nContent-Length: 2\r\n\r\nok',
    'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 3\r\n\r\nbye',
  ].join(''),
  'latin1',
);
const EXPECTED: Array<[number, boolean]> = [
  [200, false],
  [201, false],
  [204, false],
  [304, false],
  [404, false],
  [200, false],
  [200, false],
  [200, true],
];

describe('ResponseFramer', () => {
  it('frames a mixed stream of responses read in one piece', () => {
    const rec = feed(STREAM, []);
    expect(rec.errors).to.deep.equal([]);
    expect(rec.responses).to.deep.equal(EXPECTED);
  });

  it('frames the same stream split at every single offset', () => {
    for (let cut = 1; cut < STREAM.length; cut++) {
      const rec = feed(STREAM, [cut]);
      expect(rec.responses, `cut at ${cut}`).to.deep.equal(EXPECTED);
    }
  });

  it('frames the same stream split into random pieces', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 1, max: STREAM.length - 1 }), { maxLength: 40 }), (cuts) => {
        const rec = feed(STREAM, cuts);
        expect(rec.errors).to.deep.equal([]);
        expect(rec.responses).to.deep.equal(EXPECTED);
      }),
      { numRuns: 300 },
    );
  });

  it('frames byte by byte', () => {
    const cuts = Array.from({ length: STREAM.length }, (_, k) => k);
    expect(feed(STREAM, cuts).responses).to.deep.equal(EXPECTED);
  });

  it('counts no response for a head whose body has not fully arrived', () => {
    const partial = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\n12345');
    expect(feed(partial, []).responses).to.deep.equal([]);
  });

  it('ends a body without length at the close and reports that the connection closes', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\n\r\nuntil the end');
    expect(feed(bytes, [20, 50]).responses).to.deep.equal([]);
    expect(feed(bytes, [20, 50], false, true).responses).to.deep.equal([[200, true]]);
  });

  it('treats HTTP/1.0 without keep-alive as closing', () => {
    const bytes = Buffer.from('HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok');
    expect(feed(bytes, []).responses).to.deep.equal([[200, true]]);
  });

  it('reads no body after a HEAD request even when Content-Length is given', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n');
    expect(feed(bytes, [10], true).responses).to.deep.equal([[200, false], [200, false]]);
  });

  it('uses chunked framing only when chunked is the final transfer coding', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n');
    expect(feed(bytes, [7]).responses).to.deep.equal([[200, false]]);
  });

  it('reads the body to the close when Transfer-Encoding does not end in chunked, whatever Content-Length says', () => {
    // RFC 9112 §6.3 (items 3 and 4): Transfer-Encoding overrides Content-Length, and a
    // response whose final coding is not chunked is delimited by the close.
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip\r\nContent-Length: 2\r\n\r\nokand more');
    const open = feed(bytes, [40]);
    expect([open.responses, open.errors]).to.deep.equal([[], []]);
    expect(feed(bytes, [40], false, true).responses).to.deep.equal([[200, true]]);
  });

  it('reports a framing error for bytes that are not an HTTP/1.x response', () => {
    const rec = feed(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'), []);
    expect(rec.errors).to.have.length(1);
    expect(rec.responses).to.deep.equal([]);
  });

  it('reports a framing error for a Content-Length that is not a number', () => {
    expect(feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1x\r\n\r\n'), []).errors).to.have.length(1);
  });

  it('reports a framing error for differing repeated Content-Length values', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab');
    expect(feed(bytes, []).errors).to.have.length(1);
  });

  it('takes a Content-Length list of one repeated value as that value', () => {
    // RFC 9112 §6.3 ¶5 lets a recipient accept "2, 2"; proxies that merge fields send it.
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2 ,2,\t2\r\n\r\nokHTTP/1.1 204 No Content\r\n\r\n');
    const rec = feed(bytes, []);
    expect([rec.responses, rec.errors]).to.deep.equal([[[200, false], [204, false]], []]);
  });

  it('reports a framing error for a Content-Length list of different values', () => {
    expect(feed(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 2, 3\r\n\r\nok'), []).errors).to.have.length(1);
  });

  it('reads past a folded header line (obs-fold) instead of calling it a framing error', () => {
    // RFC 9112 §5.2: a user agent takes obs-fold as SP; no field we act on is long enough to fold.
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nX-Long: one\r\n two\r\n\tthree\r\nContent-Length: 2\r\n\r\nok');
    const rec = feed(bytes, []);
    expect([rec.responses, rec.errors]).to.deep.equal([[[200, false]], []]);
  });

  it('reports a framing error for a chunk size that is not hexadecimal', () => {
    const bytes = Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
    expect(feed(bytes, []).errors).to.have.length(1);
  });

  it('reads a new stream after reset, forgetting a partial response', () => {
    const rec = new Recorder();
    const framer = new ResponseFramer(rec);
    framer.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Len'));
    framer.reset();
    framer.push(Buffer.from('HTTP/1.1 202 Accepted\r\nContent-Length: 0\r\n\r\n'));
    expect(rec.responses).to.deep.equal([[202, false]]);
  });

  it('ignores the rest of a read after abandon', () => {
    const rec = new Recorder();
    const framer = new ResponseFramer({
      onResponse: (s, c) => {
        rec.onResponse(s, c);
        framer.abandon();
      },
      onFramingError: (m) => rec.onFramingError(m),
    });
    framer.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n'));
    expect(rec.responses).to.deep.equal([[200, false]]);
  });
});
