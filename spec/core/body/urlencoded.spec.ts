import { expect } from 'chai';
import { parseUrlEncoded } from '../../../src/core/body/urlencoded';
import { HttpException } from '../../../src/core/exceptions/http-exception';

function thrownBy(fn: () => unknown): HttpException {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(HttpException);
    return error as HttpException;
  }
  return expect.fail('expected an HttpException');
}

describe('parseUrlEncoded', () => {
  it('decodes + as space and percent escapes as UTF-8', () => {
    expect({ ...parseUrlEncoded('name=J%C3%BCrgen+M&x=%26') }).to.deep.equal({ name: 'Jürgen M', x: '&' });
  });
  it('collects a repeated key into an array', () => {
    expect({ ...parseUrlEncoded('a=1&a=2&b=3&a=4') }).to.deep.equal({ a: ['1', '2', '4'], b: '3' });
  });
  it('returns an object without a prototype, so constructor and toString are plain fields', () => {
    const out = parseUrlEncoded('constructor=y&toString=z');
    expect(Object.getPrototypeOf(out)).to.equal(null);
    expect({ ...out }).to.deep.equal({ constructor: 'y', toString: 'z' });
  });
  it('drops __proto__ fields, so Object.assign onto an entity cannot replace its prototype (regression: __proto__=a&__proto__=b made it an array)', () => {
    class Entity { isAdmin() { return false; } }
    const out = parseUrlEncoded('name=n&__proto__=a&__proto__=b&%5F_proto__=c');
    const entity = Object.assign(new Entity(), out);
    expect(Object.getPrototypeOf(entity)).to.equal(Entity.prototype);
    expect(Object.keys(out)).to.deep.equal(['name']);
  });
  it('keeps a key without = as an empty value and skips empty pairs', () => {
    expect({ ...parseUrlEncoded('flag&&k=v&') }).to.deep.equal({ flag: '', k: 'v' });
  });
  it('keeps malformed escapes as sent', () => {
    expect({ ...parseUrlEncoded('a=%E0%A4%A') }).to.deep.equal({ a: '%E0%A4%A' });
  });
  it('reads bracket syntax as part of the key, with no nesting or arrays built from it', () => {
    expect({ ...parseUrlEncoded('a[b]=1&a[]=2&a[]=3') }).to.deep.equal({ 'a[b]': '1', 'a[]': ['2', '3'] });
  });
  it('accepts a form of exactly 1000 fields, not counting empty pairs', () => {
    const out = parseUrlEncoded('&&' + 'f=1&'.repeat(1000) + '&&');
    expect((out.f as string[]).length).to.equal(1000);
  });
  it('answers 413 for a form of more than 1000 fields (regression: no limit, so one body could build 500,000 values)', () => {
    const error = thrownBy(() => parseUrlEncoded('f=1&'.repeat(1001)));
    expect(error.status).to.equal(413);
    expect(error.message).to.equal('The form body has more than 1000 fields; send fewer fields, or send the data as application/json');
  });
});
