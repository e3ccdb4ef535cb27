import { expect } from 'chai';
import fc from 'fast-check';
import { bucketHighest, bucketIndex, Histogram, HISTOGRAM_MAX_VALUE } from '../../src/load/histogram';

/**
 * The textbook percentile: the smallest sample with at least p % of the samples at or below it.
 * The rank is worked out in integers (p in thousandths of a percent), so that the reference
 * does not share a floating-point slip with the code under test.
 */
function referencePercentile(sorted: number[], p: number): number {
  const thousandths = Math.round(p * 1000);
  const rank = Math.max(1, Math.ceil((thousandths * sorted.length) / 100_000));
  return sorted[rank - 1];
}

describe('Histogram', () => {
  const PERCENTILES = [0.1, 1, 25, 50, 75, 90, 99, 99.9, 100];

  it('reports percentiles never below and at most 1/128 above a sorted reference on random data', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 5_000_000 })), { minLength: 1, maxLength: 2000 }),
        (values) => {
          const h = new Histogram();
          for (const v of values) h.record(v);
          const sorted = [...values].sort((a, b) => a - b);
          for (const p of PERCENTILES) {
            const expected = referencePercentile(sorted, p);
            const got = h.percentile(p);
            expect(got, `p${p}`).to.be.at.least(expected);
            expect(got, `p${p}`).to.be.at.most(expected + expected / 128);
          }
        },
      ),
      { numRuns: 200 },
    );
  });

  it('reports p99.9 of the values 1 to 1000 as the 999th, not the maximum', () => {
    // (99.9 / 100) · 1000 is 999.0000000000001 in floating point; its ceiling is rank 1000.
    const h = new Histogram();
    for (let v = 1; v <= 1000; v++) h.record(v);
    expect(h.percentile(99.9)).to.equal(999);
  });

  it('picks the same rank as the integer reference for every percentile in tenths, on 1 to 256 samples', () => {
    // Exhaustive, not sampled: a floating-point slip hits only ~1 pair in 2 600 (25 samples at p28 is one).
    for (let n = 1; n <= 256; n++) {
      const h = new Histogram();
      const sorted = Array.from({ length: n }, (_, k) => k); // distinct and below 256: recorded exactly
      for (const v of sorted) h.record(v);
      for (let tenths = 1; tenths <= 1000; tenths++) {
        const p = tenths / 10;
        if (h.percentile(p) !== referencePercentile(sorted, p)) expect.fail(`p${p} of ${n} samples: ${h.percentile(p)}, not ${referencePercentile(sorted, p)}`);
      }
    }
  });

  it('is exact for values below 256', () => {
    const h = new Histogram();
    const values: number[] = [];
    for (let k = 0; k < 10_000; k++) values.push((k * 7919) % 256);
    for (const v of values) h.record(v);
    const sorted = [...values].sort((a, b) => a - b);
    for (const p of PERCENTILES) expect(h.percentile(p)).to.equal(referencePercentile(sorted, p));
  });

  it('keeps count, min, max and mean exactly', () => {
    const h = new Histogram();
    for (const v of [5, 1000, 123_456, 7]) h.record(v);
    expect(h.count).to.equal(4);
    expect(h.min).to.equal(5);
    expect(h.max).to.equal(123_456);
    expect(h.mean).to.equal((5 + 1000 + 123_456 + 7) / 4);
  });

  it('answers 0 for every statistic when nothing was recorded', () => {
    const h = new Histogram();
    expect([h.count, h.min, h.max, h.mean, h.percentile(50), h.percentile(100)]).to.deep.equal([0, 0, 0, 0, 0, 0]);
  });

  it('clamps negative values to 0 and huge ones to the maximum it tracks', () => {
    const h = new Histogram();
    h.record(-3);
    h.record(1e15);
    expect(h.min).to.equal(0);
    expect(h.max).to.equal(HISTOGRAM_MAX_VALUE);
    expect(h.percentile(100)).to.equal(HISTOGRAM_MAX_VALUE);
  });

  it('merges another histogram as if its samples were recorded here', () => {
    const a = new Histogram();
    const b = new Histogram();
    const both = new Histogram();
    for (let k = 0; k < 500; k++) {
      const v = (k * 104_729) % 1_000_003;
      (k % 2 === 0 ? a : b).record(v);
      both.record(v);
    }
    a.merge(b);
    for (const p of PERCENTILES) expect(a.percentile(p)).to.equal(both.percentile(p));
    expect([a.count, a.min, a.max, a.mean]).to.deep.equal([both.count, both.min, both.max, both.mean]);
  });

  it('forgets everything on reset', () => {
    const h = new Histogram();
    h.record(42);
    h.reset();
    expect([h.count, h.max, h.percentile(50)]).to.deep.equal([0, 0, 0]);
  });

  it('lays buckets out contiguously: each value falls in the bucket whose range holds it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: HISTOGRAM_MAX_VALUE }), (v) => {
        const i = bucketIndex(v);
        expect(bucketHighest(i)).to.be.at.least(v);
        if (i > 0) expect(bucketHighest(i - 1)).to.be.below(v);
      }),
      { numRuns: 2000 },
    );
  });
});
