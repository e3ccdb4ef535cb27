import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { parsePattern, SegmentKind } from '../../../src/core/router/route-pattern';

const WHERE = 'GET /x (C.m)';

function refused(pattern: string): BootstrapError {
  try {
    parsePattern(pattern, WHERE);
  } catch (e) {
    expect(e).to.be.instanceOf(BootstrapError);
    return e as BootstrapError;
  }
  throw new Error(`expected ${pattern} to be refused`);
}

describe('route patterns', () => {
  it('parses static, param, constrained and wildcard segments with their ranks', () => {
    const p = parsePattern('/a/:id/{n:\\d+}/*rest', WHERE);
    expect(p.segments.map((s) => [s.kind, s.text])).to.deep.equal([
      [SegmentKind.Static, 'a'],
      [SegmentKind.Param, 'id'],
      [SegmentKind.Constrained, 'n'],
      [SegmentKind.Wildcard, 'rest'],
    ]);
  });

  it('gives :id and {id} the same conflict key', () => {
    expect(parsePattern('/a/:id', WHERE).conflictKey).to.equal(parsePattern('/a/{other}', WHERE).conflictKey);
  });

  it('keys a static pattern by its raw path', () => {
    expect(parsePattern('/a b/ü', WHERE).rawPath).to.equal('/a%20b/%C3%BC');
  });

  it('keeps existing percent escapes of reserved characters in a static pattern, hex upper-cased', () => {
    expect(parsePattern('/a%20b/%2f', WHERE).rawPath).to.equal('/a%20b/%2F');
  });

  it('decodes escapes of unreserved characters in a static pattern, as in request paths', () => {
    expect(parsePattern('/%61dmin/:id', WHERE).segments[0].text).to.equal('admin');
  });

  it("encodes a '%' that starts no escape as %25 (regression: @Get('100%') could never match)", () => {
    expect(parsePattern('/100%', WHERE).rawPath).to.equal('/100%25');
    expect(parsePattern('/a%zz/%2/ü%', WHERE).rawPath).to.equal('/a%25zz/%252/%C3%BC%25');
  });

  it("refuses a pattern that does not start with '/'", () => {
    expect(refused('users').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
  });

  it('refuses a param that is only part of a segment', () => {
    expect(refused('/files/:name.json').message).to.include('whole segment');
  });

  it('refuses a brace param inside a static segment', () => {
    expect(refused('/v{n}').message).to.include('whole segment');
  });

  it('refuses a wildcard that is not the last segment', () => {
    expect(refused('/a/*rest/b').message).to.include('last segment');
  });

  it('refuses a param without a name', () => {
    expect(refused('/a/:/b').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
  });

  it('refuses the same param name twice', () => {
    expect(refused('/a/:id/b/{id}').message).to.include("'id' appears twice");
  });

  it('refuses an unclosed constraint', () => {
    expect(refused('/a/:id(\\d+').message).to.include("missing ')'");
  });

  it('refuses an unclosed brace param', () => {
    expect(refused('/a/{id').message).to.include("missing '}'");
  });

  it('names the route in every refusal', () => {
    expect(refused('/a/:/b').message).to.include(WHERE);
  });
});
