import { expect } from 'chai';
import { parseUrlEncoded } from '../../../src/core/body/urlencoded';
import { mediaTypeOf, isJsonType } from '../../../src/core/body/content-type';

describe('parseUrlEncoded', () => {
  it('decodes + as space and percent escapes as UTF-8', () => {
    expect({ ...parseUrlEncoded('name=J%C3%BCrgen+M&x=%26') }).to.deep.equal({ name: 'Jürgen M', x: '&' });
  });
  it('collects a repeated key into an array', () => {
    expect({ ...parseUrlEncoded('a=1&a=2&b=3&a=4') }).to.deep.equal({ a: ['1', '2', '4'], b: '3' });
  });
  it('returns an object without a prototype, so __proto__ is a plain field', () => {
    const out = parseUrlEncoded('__proto__=x&constructor=y');
    expect(Object.getPrototypeOf(out)).to.equal(null);
    expect(out['__proto__']).to.equal('x');
    expect(({} as Record<string, unknown>).x).to.equal(undefined);
  });
  it('keeps a key without = as an empty value and skips empty pairs', () => {
    expect({ ...parseUrlEncoded('flag&&k=v&') }).to.deep.equal({ flag: '', k: 'v' });
  });
  it('keeps malformed escapes as sent', () => {
    expect({ ...parseUrlEncoded('a=%E0%A4%A') }).to.deep.equal({ a: '%E0%A4%A' });
  });
});

describe('mediaTypeOf', () => {
  it('lower-cases the type and drops parameters and whitespace', () => {
    expect(mediaTypeOf(' Application/JSON ; charset=utf-8')).to.equal('application/json');
    expect(mediaTypeOf(undefined)).to.equal('');
  });
  it('recognises +json structured syntax suffixes as JSON', () => {
    expect(isJsonType('application/problem+json')).to.equal(true);
    expect(isJsonType('application/jsonx')).to.equal(false);
  });
});
