import { expect } from 'chai';
import { charsetsOf, isJsonType, mediaTypeOf } from '../../../src/core/body/content-type';

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
