import { expect } from 'chai';
import { encodePath, normalizePath } from '../../../src/core/router/normalize-path';

describe('normalizePath', () => {
  it('returns the very same string for a path without escapes', () => {
    const path = '/users/' + 'me'.repeat(2);
    expect(normalizePath(path)).to.equal(path);
  });

  it('decodes escapes of unreserved characters (RFC 3986 §6.2.2.2)', () => {
    expect(normalizePath('/users/%6De/%41%7A%30%2D%2E%5F%7E')).to.equal('/users/me/Az0-._~');
  });

  it('upper-cases the hex of every other escape (RFC 3986 §6.2.2.1)', () => {
    expect(normalizePath('/caf%c3%a9/%e2%82%aC')).to.equal('/caf%C3%A9/%E2%82%AC');
  });

  it('keeps reserved escapes encoded, so %2F never becomes a separator', () => {
    expect(normalizePath('/a%2fb/%3f%23%25%2B')).to.equal('/a%2Fb/%3F%23%25%2B');
  });

  it('decodes once: %2541 stays %2541', () => {
    expect(normalizePath('/%2541')).to.equal('/%2541');
  });

  it('leaves a path with a malformed escape exactly as it arrived', () => {
    for (const path of ['/users/%zz', '/%6De/%4', '/%6De/%', '/%6De%g1']) expect(normalizePath(path)).to.equal(path);
  });

  it('does not build an escape out of a malformed one (%%34%31 is not %41)', () => {
    expect(normalizePath('/%%34%31')).to.equal('/%%34%31');
  });
});

describe('encodePath', () => {
  it('spells a declared path the way normalizePath spells the request', () => {
    expect(encodePath('/café/%61dmin/a b/%2f')).to.equal('/caf%C3%A9/admin/a%20b/%2F');
  });

  it("encodes a '%' that starts no escape as %25", () => {
    expect(encodePath('/100%/%zz')).to.equal('/100%25/%25zz');
  });
});
