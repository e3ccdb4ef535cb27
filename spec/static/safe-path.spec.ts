import { expect } from 'chai';
import fc from 'fast-check';
import * as path from 'node:path';
import { checkRequestPath, COLON_REFUSED, PathCheck } from '../../src/static/safe-path';

function refusedWith(check: PathCheck): number {
  return check.ok ? 200 : check.status;
}

describe('static: checkRequestPath (the syntactic gate)', () => {
  describe('accepts ordinary paths', () => {
    it('decodes a plain file path into its segments', () => {
      expect(checkRequestPath('/css/site.css', 'ignore')).to.deep.equal({ ok: true, segments: ['css', 'site.css'], folder: false });
    });

    it('returns no segments and folder=true for the mount root', () => {
      expect(checkRequestPath('/', 'ignore')).to.deep.include({ ok: true, segments: [], folder: true });
    });

    it('marks a trailing slash as a folder request', () => {
      expect(checkRequestPath('/docs/', 'ignore')).to.deep.equal({ ok: true, segments: ['docs'], folder: true });
    });

    it('decodes percent-escapes once, UTF-8 included', () => {
      expect(checkRequestPath('/caf%C3%A9%20menu.txt', 'ignore')).to.deep.include({ segments: ['café menu.txt'] });
    });

    it('keeps a double-encoded dot as the literal name %2e (decoded once, never twice)', () => {
      expect(checkRequestPath('/%252e%252e/x', 'ignore')).to.deep.include({ ok: true, segments: ['%2e%2e', 'x'] });
    });

    it('treats "..." and "..;" as ordinary names (they are not dot segments on POSIX)', () => {
      expect(checkRequestPath('/.../x', 'allow')).to.deep.include({ ok: true, segments: ['...', 'x'] });
      expect(checkRequestPath('/..;/x', 'allow')).to.deep.include({ ok: true, segments: ['..;', 'x'] });
    });

    it('lets full-width dots through as names (U+FF0E is not a dot to the file system)', () => {
      expect(checkRequestPath('/%ef%bc%8e%ef%bc%8e/x', 'ignore')).to.deep.include({ ok: true, segments: ['\uff0e\uff0e', 'x'] });
    });
  });

  describe('refuses with 400', () => {
    const cases: Array<[string, string]> = [
      ['a dot-dot segment', '/../etc/passwd'],
      ['a dot-dot segment in the middle', '/sub/../../secret'],
      ['a trailing dot-dot', '/sub/..'],
      ['a single-dot segment', '/./a.txt'],
      ['an encoded dot-dot', '/%2e%2e/secret'],
      ['a mixed-case encoded dot-dot', '/%2E%2e/secret'],
      ['a half-encoded dot-dot', '/.%2e/secret'],
      ['an encoded slash', '/..%2fsecret'],
      ['an encoded slash in a name', '/sub%2fb.txt'],
      ['an encoded backslash', '/..%5csecret'],
      ['a raw backslash', '/..\\secret'],
      ['mixed separators', '/sub\\..\\..\\secret'],
      ['an encoded NUL', '/a.txt%00.png'],
      ['a raw NUL', '/a.txt\u0000'],
      ['an encoded control character', '/a%0d%0a.txt'],
      ['overlong UTF-8 for a dot (%c0%ae)', '/%c0%ae%c0%ae/secret'],
      ['overlong UTF-8 for a slash (%c0%af)', '/..%c0%afsecret'],
      ['3-byte overlong UTF-8', '/%e0%80%ae%e0%80%ae/secret'],
      ['4-byte overlong UTF-8', '/%f0%80%80%ae/secret'],
      ['a %u escape', '/..%u2215secret'],
      ['a lone percent sign', '/%%32%65/secret'],
      ['a bad hex digit', '/%zz'],
      ['raw 8-bit bytes (latin1 code units)', '/\u00c0\u00ae\u00c0\u00ae/secret'],
      ['a raw space', '/a b.txt'],
      ['an empty segment (absolute path //etc/passwd)', '//etc/passwd'],
      ['an empty segment in the middle', '/sub//b.txt'],
      ['an encoded absolute path', '/%2fetc%2fpasswd'],
      ['a UNC path', '/%5c%5c127.0.0.1%5cc$'],
      ['a path not starting with /', 'a.txt'],
      ['an empty path', ''],
    ];
    for (const [name, p] of cases) {
      it(`refuses ${name}: ${JSON.stringify(p)}`, () => {
        expect(refusedWith(checkRequestPath(p, 'allow'))).to.equal(400);
      });
    }

    it(COLON_REFUSED ? 'refuses a drive letter on Windows' : 'lets a colon through on POSIX (a name there; the root check still applies)', () => {
      expect(refusedWith(checkRequestPath('/C:/Windows/win.ini', 'allow'))).to.equal(COLON_REFUSED ? 400 : 200);
    });
  });

  describe('dotfiles', () => {
    it('answers 404 for a dotfile under the ignore policy', () => {
      expect(checkRequestPath('/.env', 'ignore')).to.deep.include({ ok: false, status: 404 });
    });

    it('answers 403 for a dotfile under the deny policy', () => {
      expect(checkRequestPath('/.env', 'deny')).to.deep.include({ ok: false, status: 403 });
    });

    it('serves a dotfile under the allow policy', () => {
      expect(checkRequestPath('/.well-known/security.txt', 'allow')).to.deep.include({ ok: true, segments: ['.well-known', 'security.txt'] });
    });

    it('sees a dot folder anywhere in the path (.git/config)', () => {
      expect(checkRequestPath('/.git/config', 'deny')).to.deep.include({ status: 403 });
      expect(checkRequestPath('/a/.git/', 'ignore')).to.deep.include({ status: 404 });
    });

    it('sees an encoded dotfile after decoding (%2esecret, .%73ecret)', () => {
      expect(checkRequestPath('/%2esecret', 'deny')).to.deep.include({ status: 403 });
      expect(checkRequestPath('/.%73ecret', 'ignore')).to.deep.include({ status: 404 });
    });

    it('answers a dot segment that leads to a dotfile as the dotfile (/sub/../.secret is /.secret)', () => {
      expect(checkRequestPath('/sub/../.secret', 'deny')).to.deep.include({ status: 403 });
      expect(checkRequestPath('/sub/../.secret', 'ignore')).to.deep.include({ status: 404 });
      expect(checkRequestPath('/sub/../.secret', 'allow')).to.deep.include({ status: 400 });
    });

    it('refuses a malformed dotfile path as malformed (400), not as a dotfile', () => {
      expect(checkRequestPath('/.git/%zz', 'deny')).to.deep.include({ status: 400 });
    });
  });

  describe('properties', () => {
    const root = path.resolve('/srv/www/public');

    it('never accepts a segment that is empty, ".", "..", or holds a separator or NUL, whatever the input', () => {
      fc.assert(
        fc.property(fc.string({ unit: fc.constantFrom('/', '.', '%', '2', 'e', 'E', 'f', '5', 'c', 'a', '\\', '0', 'C', ':', '\u00c0') }), (s) => {
          const check = checkRequestPath('/' + s, 'allow');
          if (!check.ok) return true;
          return check.segments.every((seg) => seg !== '' && seg !== '.' && seg !== '..' && !/[/\\\0]/.test(seg));
        }),
        { numRuns: 3000 },
      );
    });

    it('never yields segments that path.join would lead out of the root', () => {
      fc.assert(
        fc.property(fc.string({ unit: 'binary' }), (s) => {
          const check = checkRequestPath('/' + s, 'allow');
          if (!check.ok) return true;
          const joined = path.join(root, ...check.segments);
          return joined === root || joined.startsWith(root + path.sep);
        }),
        { numRuns: 3000 },
      );
    });

    it('accepts every path made of encoded ordinary names and decodes it back', () => {
      const name = fc.string({ minLength: 1, maxLength: 12, unit: 'grapheme' }).filter((x) => !x.startsWith('.') && !/[\u0000-\u001f\u007f/\\]/.test(x) && (!COLON_REFUSED || !x.includes(':')));
      fc.assert(
        fc.property(fc.array(name, { minLength: 1, maxLength: 5 }), (names) => {
          const check = checkRequestPath('/' + names.map(encodeURIComponent).join('/'), 'ignore');
          return check.ok && check.segments.join('\u0000') === names.join('\u0000');
        }),
        { numRuns: 1000 },
      );
    });
  });
});
