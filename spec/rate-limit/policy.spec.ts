import { expect } from 'chai';
import { compilePolicy } from '../../src/rate-limit/policy';
import { RateLimitConfigError } from '../../src/rate-limit/errors';

describe('compilePolicy', () => {
  it('derives a stable id from where the policy was declared and what it says', () => {
    const p = compilePolicy({ name: 'burst', limit: 10, windowMs: 1_000 }, 'UsersController.list');
    expect(p).to.deep.equal({ id: 'UsersController.list:burst:10/1000:sliding-log', name: 'burst', limit: 10, windowMs: 1_000, algorithm: 'sliding-log' });
    expect(Object.isFrozen(p)).to.equal(true);
  });

  it('refuses a limit or window that is not a positive integer, naming the declaration', () => {
    expect(() => compilePolicy({ limit: 0, windowMs: 1_000 }, 'A.b')).to.throw(RateLimitConfigError, /@RateLimit on A\.b: limit must be an integer >= 1/);
    expect(() => compilePolicy({ limit: 1.5, windowMs: 1_000 }, 'A')).to.throw(RateLimitConfigError, /limit/);
    expect(() => compilePolicy({ limit: 1, windowMs: 0 }, 'A')).to.throw(RateLimitConfigError, /windowMs/);
    expect(() => compilePolicy({ limit: 1, windowMs: Infinity }, 'A')).to.throw(RateLimitConfigError, /windowMs/);
  });

  it('refuses NaN, negative and non-number limits and windows', () => {
    for (const bad of [NaN, -5, '10', null, undefined, -Infinity]) {
      expect(() => compilePolicy({ limit: bad as never, windowMs: 1_000 }, 'A.b'), String(bad)).to.throw(RateLimitConfigError, /A\.b: limit/);
      expect(() => compilePolicy({ limit: 1, windowMs: bad as never }, 'A.b'), String(bad)).to.throw(RateLimitConfigError, /A\.b: windowMs/);
    }
  });

  it('refuses a limit that RateLimit-Policy cannot carry as an sf-integer (RFC 9651 §3.3.1)', () => {
    expect(() => compilePolicy({ limit: Number.MAX_VALUE, windowMs: 1_000, algorithm: 'sliding-window' }, 'A')).to.throw(RateLimitConfigError, /limit/);
    expect(() => compilePolicy({ limit: 1_000_000_000_000_000, windowMs: 1_000, algorithm: 'sliding-window' }, 'A')).to.throw(RateLimitConfigError, /limit/);
    expect(compilePolicy({ limit: 999_999_999_999_999, windowMs: 1_000, algorithm: 'sliding-window' }, 'A').limit).to.equal(999_999_999_999_999);
  });

  it('refuses a window beyond the safe integers, which the clock arithmetic cannot hold exactly', () => {
    expect(() => compilePolicy({ limit: 1, windowMs: 1e300 }, 'A')).to.throw(RateLimitConfigError, /windowMs/);
    expect(() => compilePolicy({ limit: 1, windowMs: Number.MAX_SAFE_INTEGER + 1 }, 'A')).to.throw(RateLimitConfigError, /windowMs/);
    expect(compilePolicy({ limit: 1, windowMs: Number.MAX_SAFE_INTEGER }, 'A').windowMs).to.equal(Number.MAX_SAFE_INTEGER);
  });

  it('names the app-wide option, not a decorator, when the app-wide policy is wrong', () => {
    expect(() => compilePolicy({ limit: 0, windowMs: 1_000 }, 'app')).to.throw(RateLimitConfigError, /^WW_ERR_RATE_LIMIT_CONFIG: the app-wide rateLimit option: limit/);
  });

  it('refuses an unknown algorithm and a name that cannot go into a header', () => {
    expect(() => compilePolicy({ limit: 1, windowMs: 1, algorithm: 'fixed' as never }, 'A')).to.throw(RateLimitConfigError, /algorithm/);
    expect(() => compilePolicy({ limit: 1, windowMs: 1, name: 'a\nb' }, 'A')).to.throw(RateLimitConfigError, /name/);
  });

  it('points a huge sliding log to the sliding window', () => {
    expect(() => compilePolicy({ limit: 2_000_000, windowMs: 1 }, 'A')).to.throw(RateLimitConfigError, /sliding-window/);
    expect(compilePolicy({ limit: 2_000_000, windowMs: 1, algorithm: 'sliding-window' }, 'A').limit).to.equal(2_000_000);
  });

  it('carries the stable WW_ERR_RATE_LIMIT_CONFIG code', () => {
    try {
      compilePolicy({ limit: -1, windowMs: 1 }, 'A');
      expect.fail('no error');
    } catch (e) {
      expect((e as RateLimitConfigError).code).to.equal('WW_ERR_RATE_LIMIT_CONFIG');
    }
  });
});
