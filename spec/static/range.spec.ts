import { expect } from 'chai';
import fc from 'fast-check';
import { parseRange, MAX_RANGES, contentRange, unsatisfiedRange } from '../../src/http/range';

describe('http: parseRange (RFC 9110 §14)', () => {
  const size = 100;

  it('reads the first bytes (bytes=0-9)', () => {
    expect(parseRange('bytes=0-9', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 0, end: 9 }] });
  });

  it('reads the last bytes from a suffix range (bytes=-5)', () => {
    expect(parseRange('bytes=-5', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 95, end: 99 }] });
  });

  it('reads to the end from an open-ended range (bytes=7-)', () => {
    expect(parseRange('bytes=7-', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 7, end: 99 }] });
  });

  it('clamps a last-pos past the end to the last byte', () => {
    expect(parseRange('bytes=5-1000', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 5, end: 99 }] });
  });

  it('takes the whole file for a suffix longer than the file', () => {
    expect(parseRange('bytes=-500', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 0, end: 99 }] });
  });

  it('accepts the unit in any case (BYTES=)', () => {
    expect(parseRange('BYTES=0-0', size)).to.deep.include({ kind: 'ranges' });
  });

  it('keeps several ranges in the order the client listed them', () => {
    expect(parseRange('bytes=50-59, 0-1', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 50, end: 59 }, { start: 0, end: 1 }] });
  });

  it('accepts empty list elements and whitespace around commas (RFC 9110 §5.6.1)', () => {
    expect(parseRange('bytes=0-1 , ,\t10-12,', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 0, end: 1 }, { start: 10, end: 12 }] });
  });

  it('is unsatisfiable when the first byte is at the size', () => {
    expect(parseRange(`bytes=${size}-`, size)).to.deep.equal({ kind: 'unsatisfiable' });
  });

  it('is unsatisfiable far past the end, even with numbers of 20 digits', () => {
    expect(parseRange('bytes=999999999-1000000000', size).kind).to.equal('unsatisfiable');
    expect(parseRange('bytes=99999999999999999999-', size).kind).to.equal('unsatisfiable');
  });

  it('is unsatisfiable for a zero-length suffix (bytes=-0)', () => {
    expect(parseRange('bytes=-0', size).kind).to.equal('unsatisfiable');
  });

  it('drops the unsatisfiable members of a set and keeps the rest', () => {
    expect(parseRange('bytes=500-600,0-0', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 0, end: 0 }] });
  });

  it('clamps a 20-digit last-pos to the last byte', () => {
    expect(parseRange('bytes=1-99999999999999999999', size)).to.deep.equal({ kind: 'ranges', ranges: [{ start: 1, end: 99 }] });
  });

  const ignored: Array<[string, string]> = [
    ['an unknown unit', 'items=0-5'],
    ['no unit', '0-5'],
    ['letters for numbers', 'bytes=x-y'],
    ['last-pos before first-pos', 'bytes=9-3'],
    ['a lone dash', 'bytes=-'],
    ['no range at all', 'bytes='],
    ['a negative number', 'bytes=--5'],
    ['a space before "="', 'bytes =0-5'],
    ['garbage after a range', 'bytes=0-5x'],
    ['a plus sign', 'bytes=+1-5'],
  ];
  for (const [name, value] of ignored) {
    it(`ignores ${name} (${JSON.stringify(value)}) and serves the whole file`, () => {
      expect(parseRange(value, size).kind).to.equal('ignore');
    });
  }

  it(`ignores a set of more than ${MAX_RANGES} ranges`, () => {
    const many = Array.from({ length: MAX_RANGES + 1 }, (_, i) => `${i * 2}-${i * 2}`).join(',');
    expect(parseRange(`bytes=${many}`, size)).to.deep.include({ kind: 'ignore' });
  });

  it('ignores overlapping ranges (RFC 9110 §14.2 lets a server do so)', () => {
    expect(parseRange('bytes=0-10,5-20', size).kind).to.equal('ignore');
    expect(parseRange('bytes=0-,-1', size).kind).to.equal('ignore');
  });

  it('ignores any range on an empty file (200 with the empty body)', () => {
    expect(parseRange('bytes=0-0', 0).kind).to.equal('ignore');
    expect(parseRange('bytes=-5', 0).kind).to.equal('ignore');
  });

  it('formats Content-Range for a part and for a 416', () => {
    expect(contentRange({ start: 0, end: 9 }, 100)).to.equal('bytes 0-9/100');
    expect(unsatisfiedRange(100)).to.equal('bytes */100');
  });

  it('agrees with a reference reading of any single int-range', () => {
    fc.assert(
      fc.property(fc.nat(1000), fc.nat(1200), fc.option(fc.nat(1200)), (sz, first, last) => {
        const spec = last === null ? `bytes=${first}-` : `bytes=${first}-${last}`;
        const got = parseRange(spec, sz);
        if (sz === 0) return got.kind === 'ignore';
        if (last !== null && last < first) return got.kind === 'ignore';
        if (first >= sz) return got.kind === 'unsatisfiable';
        const end = last === null ? sz - 1 : Math.min(last, sz - 1);
        return got.kind === 'ranges' && got.ranges.length === 1 && got.ranges[0].start === first && got.ranges[0].end === end;
      }),
      { numRuns: 2000 },
    );
  });

  it('never returns a range outside the file, whatever the header', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('b', 'y', 't', 'e', 's', '=', '-', ',', ' ', '0', '1', '5', '9') }), fc.nat(50), (s, sz) => {
        const got = parseRange('bytes=' + s, sz);
        return got.kind !== 'ranges' || got.ranges.every((r) => r.start >= 0 && r.start <= r.end && r.end < sz);
      }),
      { numRuns: 3000 },
    );
  });
});
