import { expect } from 'chai';
import fc from 'fast-check';
import { parse, type ParseOutcome } from './helpers/parse';
import { pipelineArb, splitAt, type GeneratedRequest } from './helpers/requests';

/** what a parse reported, in a shape deep-equal can compare. */
function summary(out: ParseOutcome) {
  return {
    error: out.error,
    messages: out.messages.map((m) => ({
      method: m.head.method,
      target: m.head.target,
      path: m.head.path,
      query: m.head.query,
      headers: m.head.headers,
      body: m.body.toString('latin1'),
      trailers: m.trailers,
      complete: m.complete,
    })),
  };
}

function expectedSummary(requests: GeneratedRequest[]) {
  return {
    error: null,
    messages: requests.map(({ expected: e }) => ({
      method: e.method,
      target: e.target,
      path: e.path,
      query: e.query,
      headers: e.headers,
      body: e.body.toString('latin1'),
      trailers: e.trailers,
      complete: true,
    })),
  };
}

describe('RequestParser: split invariance (property)', () => {
  it('reports exactly the generated requests when a valid pipelined stream is fed whole', () => {
    fc.assert(
      fc.property(pipelineArb, (requests) => {
        const whole = Buffer.concat(requests.map((r) => r.bytes));
        expect(summary(parse(whole))).to.deep.equal(expectedSummary(requests));
      }),
      { numRuns: 200 },
    );
  });

  it('reports the same heads, bodies and trailers for any split of the stream into fragments', () => {
    fc.assert(
      fc.property(pipelineArb, fc.array(fc.nat(), { maxLength: 30 }), (requests, cuts) => {
        const whole = Buffer.concat(requests.map((r) => r.bytes));
        const fragments = splitAt(whole, cuts);
        expect(summary(parse(fragments))).to.deep.equal(summary(parse(whole)));
      }),
      { numRuns: 300 },
    );
  });

  it('reports the same when the stream arrives one byte at a time', () => {
    fc.assert(
      fc.property(pipelineArb, (requests) => {
        const whole = Buffer.concat(requests.map((r) => r.bytes));
        const bytes = Array.from({ length: whole.length }, (_, i) => whole.subarray(i, i + 1));
        expect(summary(parse(bytes))).to.deep.equal(summary(parse(whole)));
      }),
      { numRuns: 60 },
    );
  });
});
