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
