import { expect } from 'chai';
import { ceilSeconds, compileHeaders, sfString, windowSeconds } from '../../src/rate-limit/headers';
import { compilePolicy } from '../../src/rate-limit/policy';

describe('rate-limit header strings', () => {
  it('builds one RateLimit-Policy list member per policy in the IETF draft syntax', () => {
    const h = compileHeaders([
      compilePolicy({ name: 'burst', limit: 10, windowMs: 1_000 }, 'A'),
      compilePolicy({ name: 'hourly', limit: 1_000, windowMs: 3_600_000 }, 'A'),
    ]);
    expect(h.policy).to.equal('"burst";q=10;w=1, "hourly";q=1000;w=3600');
    expect(h.itemPrefixes).to.deep.equal(['"burst";r=', '"hourly";r=']);
  });

  it('names an unnamed policy "default"', () => {
    expect(compileHeaders([compilePolicy({ limit: 5, windowMs: 60_000 }, 'A')]).policy).to.equal('"default";q=5;w=60');
  });

  it('escapes quotes and backslashes in names as sf-strings (RFC 9651 §3.3.3)', () => {
    expect(sfString('a"b\\c')).to.equal('"a\\"b\\\\c"');
    expect(() => sfString('naïve')).to.throw(TypeError);
  });

  it('rounds windows and waits up to whole seconds, never down', () => {
    expect(windowSeconds(1_000)).to.equal(1);
    expect(windowSeconds(1_500)).to.equal(2);
    expect(windowSeconds(100)).to.equal(1);
    expect(ceilSeconds(0)).to.equal(0);
    expect(ceilSeconds(1)).to.equal(1);
    expect(ceilSeconds(1_000)).to.equal(1);
    expect(ceilSeconds(1_001)).to.equal(2);
  });

  it('turns a reset a store could not give (NaN, undefined) into 0 s, never NaN', () => {
    // t=NaN or Retry-After: NaN would be an unparseable field (RFC 9651 §3.3.1, RFC 9110 §10.2.3)
    expect(ceilSeconds(NaN)).to.equal(0);
    expect(ceilSeconds(undefined as never)).to.equal(0);
  });

  it('caps an unbounded reset at the largest sf-integer (RFC 9651 §3.3.1)', () => {
    expect(ceilSeconds(Infinity)).to.equal(999_999_999_999_999);
    expect(ceilSeconds(1e300)).to.equal(999_999_999_999_999);
  });
});
