import { expect } from 'chai';
import * as path from 'node:path';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { compileStaticOptions, normalizePrefix, type StaticOptions } from '../../src/static/options';
import { compileFileOptions, FileOptionsError } from '../../src/http/file-options';
import { serveStatic } from '../../src/static/serve-static';
import { StaticModule } from '../../src/static/static.module';
import { makeFixture, type Fixture } from './fixture';

describe('static: options', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'A');
  });
  after(() => fx.remove());

  function failure(fn: () => unknown): BootstrapError {
    try {
      fn();
    } catch (error) {
      expect(error).to.be.instanceOf(BootstrapError);
      return error as BootstrapError;
    }
    throw new Error('expected a BootstrapError');
  }

  it('has the documented defaults', () => {
    const c = compileStaticOptions('/static', fx.root);
    expect(c).to.deep.include({ prefix: '/static', root: fx.root, index: 'index.html', dotfiles: 'ignore', followSymlinks: 'inside', fallthrough: true });
    expect(c.extensions).to.deep.equal([]);
    expect(c.preCompressed).to.equal(false);
    expect(c.setHeaders).to.equal(undefined);
    expect(c.file).to.deep.equal({ etag: true, lastModified: true, cacheControl: 'public, max-age=0', contentType: undefined });
  });

  it('normalises the prefix: slashes added and trimmed, "/" means the site root', () => {
    expect(normalizePrefix('static/')).to.equal('/static');
    expect(normalizePrefix('/a/b//')).to.equal('/a/b');
    expect(normalizePrefix('/')).to.equal('');
  });

  it('refuses a prefix with an empty, dot or encoded segment', () => {
    for (const p of ['/a//b', '/a/../b', '/%2e', '/a?b', '/a b']) {
      expect(failure(() => normalizePrefix(p)).code).to.equal('WW_ERR_STATIC_OPTIONS');
    }
  });

  it('turns maxAge and immutable into Cache-Control', () => {
    expect(compileStaticOptions('/', fx.root, { maxAge: 31536000, immutable: true }).file.cacheControl).to.equal('public, max-age=31536000, immutable');
  });

  it('lets cacheControl: false send no Cache-Control', () => {
    expect(compileStaticOptions('/', fx.root, { cacheControl: false }).file.cacheControl).to.equal(undefined);
  });

  it('normalises extensions to start with a dot', () => {
    expect(compileStaticOptions('/', fx.root, { extensions: ['html', '.htm'] }).extensions).to.deep.equal(['.html', '.htm']);
  });

  it('resolves the root to its real path', () => {
    expect(compileStaticOptions('/', path.join(fx.root, '..', 'public')).root).to.equal(fx.root);
  });

  it('fails at startup with WW_ERR_STATIC_ROOT when the root does not exist', () => {
    const e = failure(() => compileStaticOptions('/static', path.join(fx.base, 'nope')));
    expect(e.code).to.equal('WW_ERR_STATIC_ROOT');
    expect(e.message).to.include('nope').and.include('ENOENT');
  });

  it('fails with WW_ERR_STATIC_ROOT when the root is a file', () => {
    expect(failure(() => compileStaticOptions('/static', path.join(fx.root, 'a.txt'))).code).to.equal('WW_ERR_STATIC_ROOT');
  });

  const bad: Array<[string, StaticOptions, string]> = [
    ['an unknown option (a typo)', { maxage: 10 } as StaticOptions, "unknown option 'maxage'"],
    ['a negative maxAge', { maxAge: -1 }, 'maxAge'],
    ['a fractional maxAge', { maxAge: 1.5 }, 'maxAge'],
    ['an index with a slash', { index: 'a/index.html' }, 'index'],
    ['an unknown dotfiles policy', { dotfiles: 'hide' as never }, 'dotfiles'],
    ['followSymlinks: true (not offered)', { followSymlinks: true as never }, 'followSymlinks'],
    ['an extension with a slash', { extensions: ['../x'] }, 'extensions'],
    ['a non-boolean fallthrough', { fallthrough: 'yes' as never }, 'fallthrough'],
    ['a Cache-Control with CR/LF', { cacheControl: 'max-age=1\r\nSet-Cookie: x=1' }, 'cacheControl'],
    ['a non-boolean preCompressed', { preCompressed: 'yes' as never }, 'preCompressed must be true or false'],
    ['a setHeaders that is not a function', { setHeaders: { 'X-A': '1' } as never }, 'setHeaders must be a function'],
    ['setHeaders: null', { setHeaders: null as never }, 'got null'],
  ];
  for (const [name, options, mention] of bad) {
    it(`fails with WW_ERR_STATIC_OPTIONS for ${name}`, () => {
      const e = failure(() => compileStaticOptions('/static', fx.root, options));
      expect(e.code).to.equal('WW_ERR_STATIC_OPTIONS');
      expect(e.message).to.include(mention);
    });
  }

  it('refuses bad file options with FileOptionsError (WW_ERR_FILE_OPTIONS) for Response.file', () => {
    expect(() => compileFileOptions({ etag: 'yes' as never })).to.throw(FileOptionsError, /WW_ERR_FILE_OPTIONS: etag/);
  });

  // regression: the message only listed the file-sending options, and
  // StaticModule.forRoot({ roots }) did not suggest root
  describe('unknown keys (WW_ERR_STATIC_OPTIONS with the closest known one)', () => {
    function unknownKey(fn: () => unknown): BootstrapError {
      const error = failure(fn);
      expect(error.code).to.equal('WW_ERR_STATIC_OPTIONS');
      return error;
    }

    it("refuses serveStatic(prefix, root, { dotFiles }), suggesting dotfiles", () => {
      const { message } = unknownKey(() => serveStatic('/static', fx.root, { dotFiles: 'allow' } as never));
      expect(message).to.contain("serveStatic('/static'").and.contain("unknown option 'dotFiles'").and.contain('did you mean dotfiles?');
    });

    it('suggests a file-sending option too (lastModifed → lastModified)', () => {
      const { message } = unknownKey(() => serveStatic('/static', fx.root, { lastModifed: false } as never));
      expect(message).to.contain('did you mean lastModified?');
    });

    it('refuses { precompressed } (the wrong case), suggesting preCompressed', () => {
      const { message } = unknownKey(() => serveStatic('/static', fx.root, { precompressed: true } as never));
      expect(message).to.contain('did you mean preCompressed?');
    });

    it('refuses StaticModule.forRoot({ setHeader }), suggesting setHeaders', () => {
      const { message } = unknownKey(() => StaticModule.forRoot({ root: fx.root, setHeader: () => undefined } as never));
      expect(message).to.contain('StaticModule.forRoot()').and.contain('did you mean setHeaders?');
    });

    it('refuses a setHeaders that is not a function in StaticModule.forRoot', () => {
      const { message } = unknownKey(() => StaticModule.forRoot({ root: fx.root, setHeaders: 'no-cache' as never }));
      expect(message).to.contain('setHeaders must be a function');
    });

    it('refuses StaticModule.forRoot({ roots }), suggesting root', () => {
      const { message } = unknownKey(() => StaticModule.forRoot({ roots: fx.root } as never));
      expect(message).to.contain('StaticModule.forRoot()').and.contain("unknown option 'roots'").and.contain('did you mean root?');
    });

    it('refuses StaticModule.forRoot({ prefx }), suggesting prefix', () => {
      const { message } = unknownKey(() => StaticModule.forRoot({ root: fx.root, prefx: '/assets' } as never));
      expect(message).to.contain('did you mean prefix?');
    });
  });
});
