import { expect } from 'chai';
import { parseCookies, parseQuery } from '../../src/http/query';

/**
 * Characters `fn` makes String#indexOf and String#charCodeAt look at: a count, not a clock,
 * for the specs that pin a linear-time scan (a quadratic one looks at each character again
 * for every pair before it).
 */
function charactersRead(fn: () => void): number {
  const proto = String.prototype;
  const { indexOf, charCodeAt } = proto;
  let read = 0;
  proto.indexOf = function (this: string, search: string, from = 0): number {
    const at = indexOf.call(this, search, from);
    read += (at === -1 ? this.length : at) - from + 1;
    return at;
  };
  proto.charCodeAt = function (this: string, index: number): number {
    read++;
    return charCodeAt.call(this, index);
  };
  try {
    fn();
  } finally {
    proto.indexOf = indexOf;
    proto.charCodeAt = charCodeAt;
  }
  return read;
}

describe('parseQuery', () => {
  it('keeps every = after the first as part of the value', () => {
    expect({ ...parseQuery('a=b=c&d==') }).to.deep.equal({ a: 'b=c', d: '=' });
  });

  it('takes a pair without = as a key with an empty value, even when a later pair has one', () => {
    expect({ ...parseQuery('flag&k=v') }).to.deep.equal({ flag: '', k: 'v' });
  });

  it('decodes + as a space before percent-escapes, so %2B stays a plus', () => {
    expect({ ...parseQuery('q=a+b%2Bc') }).to.deep.equal({ q: 'a b+c' });
  });

  it('decodes the good escapes next to a malformed one (regression: one bad escape left them all encoded)', () => {
    expect({ ...parseQuery('q=caf%C3%A9%zz%20x') }).to.deep.equal({ q: 'café%zz x' });
  });

  it('keeps as sent a run of escapes that is not UTF-8, and decodes the rest', () => {
    expect({ ...parseQuery('q=%FF%FE+%41&r=%E0%A4%A') }).to.deep.equal({ q: '%FF%FE A', r: '%E0%A4%A' });
  });

  it('drops __proto__, however it is escaped, so Object.assign onto a class cannot take it as a prototype (regression)', () => {
    class Dto { describe() { return 'dto'; } }
    const query = parseQuery('__proto__=a&%5F_proto__=b&__proto%5F_=c&x=1');
    expect(Object.keys(query)).to.deep.equal(['x']);
    const dto = Object.assign(new Dto(), query);
    expect(dto).to.be.instanceOf(Dto);
    expect(dto.describe()).to.equal('dto');
  });

  it('reads each character of 20,000 pairs without = a bounded number of times (regression: each pair searched the rest of the query for =)', () => {
    const raw = 'a&'.repeat(20_000);
    let out: Record<string, string | string[]> = {};
    const read = charactersRead(() => { out = parseQuery(raw); });
    expect((out.a as string[]).length).to.equal(20_000);
    // Linear: a few reads per character. The quadratic scan read ~20,000 per character.
    expect(read).to.be.below(10 * raw.length);
  });
});

describe('parseCookies', () => {
  it('lets the first of two cookies with one name win (RFC 6265 §5.4 sends the most specific first)', () => {
    expect({ ...parseCookies('id=first; id=second') }).to.deep.equal({ id: 'first' });
  });

  it('keeps = inside a value and unquotes a quoted value', () => {
    expect({ ...parseCookies('t=a=b; q="x y"') }).to.deep.equal({ t: 'a=b', q: 'x y' });
  });

  it('skips pieces without = and trims whitespace around names and values', () => {
    expect({ ...parseCookies(' junk ;  a = 1 ;b=2') }).to.deep.equal({ a: '1', b: '2' });
  });

  it('decodes the good escapes in a cookie next to a malformed one', () => {
    expect({ ...parseCookies('a=%41%zz') }).to.deep.equal({ a: 'A%zz' });
  });

  it('does not read + as a space in a cookie', () => {
    expect({ ...parseCookies('a=x+y%20z') }).to.deep.equal({ a: 'x+y z' });
  });

  it('returns a null-prototype object, so a cookie named __proto__ is just a cookie', () => {
    const out = parseCookies('__proto__=p; toString=t');
    expect(Object.getPrototypeOf(out)).to.equal(null);
    expect({ ...out }).to.deep.equal({ ['__proto__']: 'p', toString: 't' });
  });

  it('reads each character of 20,000 pieces without = a bounded number of times (regression: each piece searched the rest of the header for =)', () => {
    const header = 'a;'.repeat(20_000) + 'last=1';
    let out: Record<string, string> = {};
    const read = charactersRead(() => { out = parseCookies(header); });
    expect({ ...out }).to.deep.equal({ last: '1' });
    expect(read).to.be.below(10 * header.length);
  });
});
