import { expect } from 'chai';
import { HttpError } from '../../../src/http/errors';
import { RouteTable } from '../../../src/core/router';

function usersTable(options?: { maxParamLength?: number }): RouteTable<string> {
  const t = new RouteTable<string>(options);
  t.add('GET', '/users/:id', 'one', 'UsersController.findOne');
  t.add('GET', '/users/:id/files/*path', 'files', 'UsersController.files');
  t.compile();
  return t;
}

function thrown(fn: () => unknown): HttpError {
  try {
    fn();
  } catch (e) {
    expect(e).to.be.instanceOf(HttpError);
    return e as HttpError;
  }
  throw new Error('expected an HttpError');
}

describe('RouteTable params decoding', () => {
  it('percent-decodes a param', () => {
    expect(usersTable().match('GET', '/users/J%C3%BCrgen%20M')!.params).to.deep.include({ id: 'Jürgen M' });
  });

  it('decodes only once, so %2541 stays %41', () => {
    expect(usersTable().match('GET', '/users/%2541')!.params).to.deep.include({ id: '%41' });
  });

  it('does not split a segment at %2F', () => {
    expect(usersTable().match('GET', '/users/a%2Fb')!.params).to.deep.include({ id: 'a/b' });
  });

  it('does not split a segment at a lower-case %2f either', () => {
    expect(usersTable().match('GET', '/users/a%2fb')!.route).to.equal('one');
  });

  it("leaves '+' as is: it means space only in a query", () => {
    expect(usersTable().match('GET', '/users/a+b')!.params).to.deep.include({ id: 'a+b' });
  });

  it('answers 400 WW_ERR_BAD_PATH_ENCODING for a malformed escape', () => {
    const e = thrown(() => usersTable().match('GET', '/users/%zz'));
    expect([e.status, e.code]).to.deep.equal([400, 'WW_ERR_BAD_PATH_ENCODING']);
  });

  it('answers 400 for an escape that is not valid UTF-8', () => {
    const e = thrown(() => usersTable().match('GET', '/users/%C3'));
    expect([e.status, e.code]).to.deep.equal([400, 'WW_ERR_BAD_PATH_ENCODING']);
  });

  it('answers 400 for a malformed escape in a wildcard', () => {
    const e = thrown(() => usersTable().match('GET', '/users/1/files/a/%E0%A4%A'));
    expect(e.status).to.equal(400);
  });

  it('accepts a param of exactly 100 characters', () => {
    const id = 'x'.repeat(100);
    expect(usersTable().match('GET', `/users/${id}`)!.params).to.deep.include({ id });
  });

  it('answers 414 WW_ERR_PARAM_TOO_LONG when a param passes 100 characters', () => {
    const e = thrown(() => usersTable().match('GET', `/users/${'x'.repeat(101)}`));
    expect([e.status, e.code]).to.deep.equal([414, 'WW_ERR_PARAM_TOO_LONG']);
  });

  it('counts decoded characters: 100 escaped characters are within the limit', () => {
    const id = '%41'.repeat(100);
    expect(usersTable().match('GET', `/users/${id}`)!.params).to.deep.include({ id: 'A'.repeat(100) });
  });

  it('honours a custom maxParamLength', () => {
    const e = thrown(() => usersTable({ maxParamLength: 5 }).match('GET', '/users/abcdef'));
    expect(e.status).to.equal(414);
  });

  it('does not turn a bad escape on a path without routes into an error', () => {
    expect(usersTable().match('GET', '/nope/%zz')).to.equal(null);
  });
});
