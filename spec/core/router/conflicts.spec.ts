import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { RouteTable } from '../../../src/core/router';

function compileError(routes: Array<[string, string, string]>): BootstrapError {
  const t = new RouteTable<string>();
  for (const [method, pattern, owner] of routes) t.add(method, pattern, owner, owner);
  try {
    t.compile();
  } catch (e) {
    expect(e).to.be.instanceOf(BootstrapError);
    return e as BootstrapError;
  }
  throw new Error('expected a BootstrapError');
}

function compiles(routes: Array<[string, string, string]>): void {
  const t = new RouteTable<string>();
  for (const [method, pattern, owner] of routes) t.add(method, pattern, owner, owner);
  t.compile();
}

describe('RouteTable conflicts', () => {
  it('refuses the same static path twice with WW_ERR_ROUTE_CONFLICT', () => {
    const e = compileError([['GET', '/users', 'UsersController.list'], ['GET', '/users', 'AdminController.list']]);
    expect(e.code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('names both owners and both patterns', () => {
    const e = compileError([['GET', '/a/:x', 'AController.x'], ['GET', '/a/{y}', 'BController.y']]);
    expect(e.message).to.include('GET /a/:x (AController.x)').and.include('GET /a/{y} (BController.y)');
  });

  it('refuses two params that differ only by name', () => {
    expect(compileError([['GET', '/a/:x/b', 'A.x'], ['GET', '/a/:y/b', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('refuses identical constraints', () => {
    expect(compileError([['GET', '/a/:x(\\d+)', 'A.x'], ['GET', '/a/{y:\\d+}', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('refuses two wildcards on the same prefix', () => {
    expect(compileError([['GET', '/f/*a', 'A.x'], ['GET', '/f/*', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('refuses two ALL routes on the same pattern', () => {
    expect(compileError([['ALL', '/x', 'A.x'], ['ALL', '/x', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('refuses a static pattern and its percent-encoded spelling', () => {
    expect(compileError([['GET', '/café', 'A.x'], ['GET', '/caf%C3%A9', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('refuses two spellings of one path that differ by escaped unreserved characters or hex case', () => {
    expect(compileError([['GET', '/admin', 'A.x'], ['GET', '/%61dmin', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
    expect(compileError([['GET', '/caf%c3%a9', 'A.x'], ['GET', '/café', 'B.y']]).code).to.equal('WW_ERR_ROUTE_CONFLICT');
  });

  it('accepts different constraints on the same position', () => {
    expect(() => compiles([['GET', '/a/:id(\\d+)', 'A.x'], ['GET', '/a/:slug([a-z]+)', 'B.y']])).to.not.throw();
  });

  it('accepts the same pattern under different methods', () => {
    expect(() => compiles([['GET', '/a/:id', 'A.x'], ['PUT', '/a/:id', 'B.y']])).to.not.throw();
  });

  it('accepts an ALL route beside a method route on the same pattern', () => {
    expect(() => compiles([['ALL', '/a/:id', 'A.x'], ['GET', '/a/:id', 'B.y']])).to.not.throw();
  });

  it('accepts a static segment beside a param', () => {
    expect(() => compiles([['GET', '/a/me', 'A.x'], ['GET', '/a/:id', 'B.y']])).to.not.throw();
  });

  it('lets the first declared route win when conflicts are allowed', () => {
    const t = new RouteTable<string>({ rejectConflicts: false });
    t.add('GET', '/a/:x', 'first', 'A.x');
    t.add('GET', '/a/:y', 'second', 'B.y');
    t.compile();
    expect(t.match('GET', '/a/1')!.route).to.equal('first');
  });
});
