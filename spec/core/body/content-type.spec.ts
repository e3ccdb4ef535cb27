import { expect } from 'chai';
import { charsetsOf, isJsonType, isSingleMediaType, mediaTypeOf } from '../../../src/core/body/content-type';

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

describe('charsetsOf', () => {
  it('finds no charset in a type without parameters', () => {
    expect(charsetsOf('application/json')).to.deep.equal([]);
  });

  it('lower-cases the parameter name and the charset, and unquotes a quoted value', () => {
    expect(charsetsOf('text/plain; CharSet="ISO-8859-1"')).to.deep.equal(['iso-8859-1']);
  });

  it('reads a quoted value with an escaped quote and a ; inside it as one value', () => {
    expect(charsetsOf('text/plain; charset="a\\"b;c"; x=1')).to.deep.equal(['a"b;c']);
  });

  it('returns every charset of a value that names two, so neither can hide behind the other', () => {
    expect(charsetsOf('application/json; charset=utf-8; charset=latin1')).to.deep.equal(['utf-8', 'latin1']);
  });

  it('skips empty parameters and names without a value, and tolerates whitespace around =', () => {
    expect(charsetsOf('text/plain;; format ; charset = utf-8 ;')).to.deep.equal(['utf-8']);
  });
});

describe('isSingleMediaType', () => {
  const single = (contentType: string) => isSingleMediaType(contentType, mediaTypeOf(contentType));

  it('accepts type/subtype tokens, with or without parameters', () => {
    expect(single('application/vnd.api+json; charset=utf-8')).to.equal(true);
    expect(single('text/plain')).to.equal(true);
  });

  it('accepts a comma inside a quoted parameter value', () => {
    expect(single('multipart/mixed; boundary="a,b"')).to.equal(true);
  });

  it('refuses two media types joined by a repeated header', () => {
    expect(single('text/plain, application/x+json')).to.equal(false);
    expect(single('application/json; a=1, text/plain')).to.equal(false);
  });

  it('refuses a value that is not type/subtype', () => {
    for (const value of ['', 'json', '/json', 'application/', 'application/json x', 'a/b/c', 'application/jsön']) {
      expect(single(value), value).to.equal(false);
    }
  });
});
