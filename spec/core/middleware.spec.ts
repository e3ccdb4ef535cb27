import { expect } from 'chai';
import { middlewareApplies, mountMiddleware } from '../../src/core/middleware';

const noop = () => undefined;

describe('mountMiddleware', () => {
  it('normalises the prefix: leading slash added, trailing slashes dropped', () => {
    expect(mountMiddleware('api/', noop).prefix).to.equal('/api');
    expect(mountMiddleware('/', noop).prefix).to.equal('');
    expect(mountMiddleware(noop).prefix).to.equal('');
  });

  it('refuses a prefix without a function', () => {
    expect(() => mountMiddleware('/x')).to.throw(TypeError);
  });

  it('covers the prefix and paths below it, not siblings sharing its letters', () => {
    const m = mountMiddleware('/api', noop);
    expect(middlewareApplies(m, '/api')).to.equal(true);
    expect(middlewareApplies(m, '/api/users')).to.equal(true);
    expect(middlewareApplies(m, '/apix')).to.equal(false);
    expect(middlewareApplies(m, '/')).to.equal(false);
  });
});
