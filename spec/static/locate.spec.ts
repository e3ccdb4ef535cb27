import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { closeFd } from '../../src/http/fd';
import { locate, type Located } from '../../src/static/locate';
import { compileStaticOptions, type StaticOptions } from '../../src/static/options';
import { makeFixture, type Fixture } from './fixture';

describe('static: locate (the file-system gate)', () => {
  let fx: Fixture;

  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'A');
    fx.file('index.html', '<p>root</p>');
    fx.file('sub/b.txt', 'B');
    fx.file('sub/index.html', '<p>sub</p>');
    fx.file('noindex/c.txt', 'C');
    fx.file('about.html', '<p>about</p>');
    fx.link('a.txt', 'link-inside.txt');
    fx.link('sub', 'link-sub');
    fx.link(path.join(fx.base, 'outside.txt'), 'link-abs.txt');
    fx.link('../outside.txt', 'link-rel.txt');
    fx.link(path.join(fx.base, 'public-secret'), 'link-dir');
    fx.link('../../outside.txt', 'sub2/index.html');
    fx.link('loop-b', 'loop-a');
    fx.link('loop-a', 'loop-b');
    execFileSync('mkfifo', [path.join(fx.root, 'pipe')]);
  });
  after(() => fx.remove());

  const cfg = (options: StaticOptions = {}) => compileStaticOptions('/static', fx.root, options);

  async function kindOf(found: Promise<Located>): Promise<string> {
    const f = await found;
    if (f.kind === 'file') await closeFd(f.fd);
    return f.kind;
  }

  it('opens a regular file inside the root', async () => {
    const f = await locate(cfg(), ['sub', 'b.txt'], false);
    expect(f.kind).to.equal('file');
    if (f.kind !== 'file') return;
    expect(f.stat.size).to.equal(1);
    expect(f.name).to.equal('b.txt');
    await closeFd(f.fd);
  });

  it('reports a folder as a folder', async () => {
    expect(await kindOf(locate(cfg(), ['sub'], false))).to.equal('folder');
  });

  it("opens a folder URL's index", async () => {
    const f = await locate(cfg(), ['sub'], true);
    expect(f.kind === 'file' && f.name).to.equal('index.html');
    if (f.kind === 'file') await closeFd(f.fd);
  });

  it("opens the root's index for the root URL", async () => {
    expect(await kindOf(locate(cfg(), [], true))).to.equal('file');
  });

  it('is missing for a folder without an index (never a listing)', async () => {
    expect(await kindOf(locate(cfg(), ['noindex'], true))).to.equal('missing');
  });

  it('is missing for a folder URL when index is false', async () => {
    expect(await kindOf(locate(cfg({ index: false }), ['sub'], true))).to.equal('missing');
  });

  it('is missing for a file asked for as a folder (a.txt/)', async () => {
    expect(await kindOf(locate(cfg(), ['a.txt'], true))).to.equal('missing');
  });

  it('is missing for a name that does not exist', async () => {
    expect(await kindOf(locate(cfg(), ['nope.txt'], false))).to.equal('missing');
  });

  it('is missing for a FIFO, and does not hang opening it', async () => {
    expect(await kindOf(locate(cfg(), ['pipe'], false))).to.equal('missing');
  });

  it('is missing for a symlink loop', async () => {
    expect(await kindOf(locate(cfg(), ['loop-a'], false))).to.equal('missing');
  });

  it('is missing for a name longer than the file system allows', async () => {
    expect(await kindOf(locate(cfg(), ['x'.repeat(300)], false))).to.equal('missing');
  });

  describe('symlinks', () => {
    it('follows a symlink whose target stays inside the root', async () => {
      expect(await kindOf(locate(cfg(), ['link-inside.txt'], false))).to.equal('file');
      expect(await kindOf(locate(cfg(), ['link-sub', 'b.txt'], false))).to.equal('file');
    });

    it('refuses an absolute symlink that leads out of the root', async () => {
      expect(await kindOf(locate(cfg(), ['link-abs.txt'], false))).to.equal('missing');
    });

    it('refuses a relative symlink that leads out of the root', async () => {
      expect(await kindOf(locate(cfg(), ['link-rel.txt'], false))).to.equal('missing');
    });

    it('refuses a symlinked folder that leads to a sibling whose name starts like the root (public-secret)', async () => {
      expect(await kindOf(locate(cfg(), ['link-dir', 'secret.txt'], false))).to.equal('missing');
      expect(await kindOf(locate(cfg(), ['link-dir'], true))).to.equal('missing');
    });

    it('refuses an index that is a symlink leading out', async () => {
      expect(await kindOf(locate(cfg(), ['sub2'], true))).to.equal('missing');
    });

    it('refuses every symlink, even one inside, with followSymlinks: false', async () => {
      expect(await kindOf(locate(cfg({ followSymlinks: false }), ['link-inside.txt'], false))).to.equal('missing');
      expect(await kindOf(locate(cfg({ followSymlinks: false }), ['link-sub', 'b.txt'], false))).to.equal('missing');
      expect(await kindOf(locate(cfg({ followSymlinks: false }), ['a.txt'], false))).to.equal('file');
    });

    it('serves from a root that is itself reached through a symlink', async () => {
      const viaLink = path.join(fx.base, 'public-link');
      require('node:fs').symlinkSync(fx.root, viaLink);
      const config = compileStaticOptions('/', viaLink, { followSymlinks: false });
      expect(config.root).to.equal(fx.root);
      expect(await kindOf(locate(config, ['a.txt'], false))).to.equal('file');
    });
  });

  describe('extensions', () => {
    it('tries the configured extensions when the exact name is missing', async () => {
      const f = await locate(cfg({ extensions: ['html'] }), ['about'], false);
      expect(f.kind === 'file' && f.name).to.equal('about.html');
      if (f.kind === 'file') await closeFd(f.fd);
    });

    it('does not try extensions unless configured', async () => {
      expect(await kindOf(locate(cfg(), ['about'], false))).to.equal('missing');
    });

    it('prefers the exact name over an extension', async () => {
      const f = await locate(cfg({ extensions: ['.txt'] }), ['a.txt'], false);
      expect(f.kind === 'file' && f.name).to.equal('a.txt');
      if (f.kind === 'file') await closeFd(f.fd);
    });
  });
});
