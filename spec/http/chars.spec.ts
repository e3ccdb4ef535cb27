import { expect } from 'chai';
import { isToken } from '../../src/http/chars';

describe('isToken (RFC 9110 §5.6.2)', () => {
  it('accepts methods and field names made of tchar', () => {
    for (const text of ['GET', 'M-SEARCH', 'x-request-id', "!#$%&'*+-.^_`|~09AZaz"]) expect(isToken(text), text).to.equal(true);
  });

  it('refuses the empty string, separators, controls and characters beyond latin1', () => {
    for (const text of ['', 'GET /', 'a:b', 'a\r\nb', 'a"b', 'a(b)', 'caf\u00e9', 'a\u0147']) expect(isToken(text), JSON.stringify(text)).to.equal(false);
  });
});
