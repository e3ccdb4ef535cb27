import { expect } from 'chai';
import { anyMiddlewareApplies, middlewareApplies, mountMiddleware, OWN_PREFIX, type Middleware } from '../../src/core/middleware';
import { serveStatic } from '../../src/static/serve-static';
import { makeFixture } from '../static/fixture';

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

  it('mounts a middleware that declares its own prefix under that prefix, even app-wide', () => {
    const own: Middleware = Object.assign(() => undefined, { [OWN_PREFIX]: '/files' });
    const m = mountMiddleware(own);
    expect(m.prefix).to.equal('/files');
    expect(middlewareApplies(m, '/files/a.txt')).to.equal(true);
    expect(middlewareApplies(m, '/users/1')).to.equal(false);
  });

  it('mounts serveStatic app-wide under its own prefix', () => {
    const fx = makeFixture();
    try {
      expect(mountMiddleware(serveStatic('/static/', fx.root)).prefix).to.equal('/static');
      expect(mountMiddleware(serveStatic('/', fx.root)).prefix).to.equal('');
    } finally {
      fx.remove();
    }
  });

  it('tells whether any middleware of a list applies to a path', () => {
    const list = [mountMiddleware('/a', noop), mountMiddleware('/b', noop)];
    expect(anyMiddlewareApplies(list, '/b/x')).to.equal(true);
    expect(anyMiddlewareApplies(list, '/c')).to.equal(false);
    expect(anyMiddlewareApplies([], '/a')).to.equal(false);
  });
});
