import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { RouteTable } from '../../../src/core/router';

function lenient(routes: Array<[string, string]>): RouteTable<string> {
  const t = new RouteTable<string>({ ignoreTrailingSlash: true });
  for (const [pattern, name] of routes) t.add('GET', pattern, name, `C.${name}`);
  t.compile();
  return t;
}

describe('RouteTable with ignoreTrailingSlash', () => {
  it('answers /a/ with the route declared as /a', () => {
    expect(lenient([['/a', 'a']]).match('GET', '/a/')!.route).to.equal('a');
  });

  it('answers /a with the route declared as /a/', () => {
    expect(lenient([['/a/', 'a']]).match('GET', '/a')!.route).to.equal('a');
  });

  it('answers a param route with a trailing slash and leaves the slash out of the param', () => {
    expect(lenient([['/users/:id', 'one']]).match('GET', '/users/42/')!.params).to.deep.include({ id: '42' });
  });

  it('drops only one trailing slash', () => {
    expect(lenient([['/a', 'a']]).match('GET', '/a//')).to.equal(null);
  });

  it('still serves the root path', () => {
    expect(lenient([['/', 'root']]).match('GET', '/')!.route).to.equal('root');
  });

  it('answers /files with /files/*path and an empty path', () => {
    expect(lenient([['/files/*path', 'files']]).match('GET', '/files')!.params).to.deep.include({ path: '' });
  });

  it('drops the trailing slash from a wildcard value', () => {
    expect(lenient([['/files/*path', 'files']]).match('GET', '/files/a/b/')!.params).to.deep.include({ path: 'a/b' });
  });

  it('answers the allow list for a path with a trailing slash', () => {
    expect(lenient([['/a', 'a']]).match('POST', '/a/')!.allow).to.equal('GET, HEAD, OPTIONS');
  });

  it('refuses /a and /a/ declared together as a conflict', () => {
    expect(() => lenient([['/a', 'bare'], ['/a/', 'slash']])).to.throw(BootstrapError, 'WW_ERR_ROUTE_CONFLICT');
  });
});
