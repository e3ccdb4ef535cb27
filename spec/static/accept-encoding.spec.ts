import { expect } from 'chai';
import { codingsToTry } from '../../src/static/accept-encoding';

describe('static: which stored codings an Accept-Encoding takes (RFC 9110 §12.5.3)', () => {
  const cases: Array<[string, string | undefined, string[]]> = [
    ['no header: the plain file only (no preference is no promise to decode)', undefined, ['identity']],
    ['an empty header: the plain file only', '', ['identity']],
    ["a browser's list: br before gzip", 'gzip, deflate, br, zstd', ['br', 'gzip', 'identity']],
    ['q-values: gzip preferred over br when the client weighs it higher', 'br;q=0.5, gzip;q=0.9', ['gzip', 'br', 'identity']],
    ['q=0 refuses a coding', 'br;q=0, gzip', ['gzip', 'identity']],
    ['q=0 for every coding leaves the plain file', 'gzip;q=0, br;q=0', ['identity']],
    ['identity named with a higher q than the codings comes first', 'identity, gzip;q=0.5', ['identity', 'gzip']],
    ['identity at equal q comes after the codings', 'identity, gzip', ['gzip', 'identity']],
    ['`*` admits both, gzip first (as @fastify/static)', '*', ['gzip', 'br', 'identity']],
    ['a coding named outright beats one only `*` admits', 'br, *;q=1', ['br', 'gzip', 'identity']],
    ['`*;q=0` refuses the codings not named', 'gzip, *;q=0', ['gzip', 'identity']],
    ['x-gzip is gzip (§8.4.1.3)', 'x-gzip', ['gzip', 'identity']],
    ['names are case-insensitive, spaces around ; and = allowed', 'GZip ; Q=0.8 , BR;q=0.3', ['gzip', 'br', 'identity']],
    ['a malformed q ignores that element only', 'br;q=2, gzip;q=abc, gzip;q=0.1', ['gzip', 'identity']],
    ['a parameter other than q ignores the element', 'br;level=9', ['identity']],
    ['the first mention wins: a later `gzip` does not undo `gzip;q=0`', 'gzip;q=0, gzip', ['identity']],
    ['empty list elements are skipped', ' , br ,, ', ['br', 'identity']],
    ['identity refused still ends in the plain file (no 406)', 'identity;q=0', ['identity']],
  ];
  for (const [name, header, expected] of cases) {
    it(`orders ${name}`, () => {
      expect(codingsToTry(header)).to.deep.equal(expected);
    });
  }
});
