/**
 * What `npm install wirework` gives a new user: the files `npm pack` puts in the tarball (the
 * "files" field of package.json). Needs the build (`npm run build`) for the presence checks.
 */
import { expect } from 'chai';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const repoRoot = path.join(__dirname, '..', '..');

/** The paths `npm pack` would put in the tarball, without running the prepare script. */
function packedFiles(): string[] {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const out = execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    cwd: repoRoot, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'],
  });
  const [pack] = JSON.parse(out) as Array<{ files: Array<{ path: string }> }>;
  return pack.files.map((file) => file.path);
}

describe('the npm package', function () {
  // npm starts in about a second; more on a loaded machine
  this.timeout(60_000);
  let files: string[];
  before(() => {
    files = packedFiles();
  });

  it('ships no source maps (regression: their sources, src/**/*.ts, are not in the package)', () => {
    expect(files.filter((file) => file.endsWith('.map'))).to.deep.equal([]);
  });

  it('ships no compiled sample app (regression: dist/sample was packed, unreachable through "exports" and without its public folder)', () => {
    expect(files.filter((file) => file.startsWith('dist/sample/'))).to.deep.equal([]);
  });

  it('ships nothing from the specs, the benchmarks, the scripts or the sources', () => {
    expect(files.filter((file) => /^(spec|bench|scripts|src|sample)\//.test(file))).to.deep.equal([]);
  });

  it('ships the entry point, its declarations, the wirework-load bin, the README and the docs', function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist/src/index.js'))) {
      console.log('      skipped: no build in dist/ (npm run build)');
      this.skip();
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
      main: string; types: string; bin: Record<string, string>; exports: Record<string, { types: string; default: string }>;
    };
    const needed = [
      pkg.main, pkg.types, pkg.exports['.'].types, pkg.exports['.'].default, ...Object.values(pkg.bin),
      'README.md', 'docs/getting-started.md',
    ].map((file) => file.replace(/^\.\//, ''));
    expect(needed.filter((file) => !files.includes(file))).to.deep.equal([]);
  });
});

describe('the built package imported from an ES module', function () {
  this.timeout(60_000);

  it('gives every CommonJS export as a named import, as docs/getting-started.md says', function () {
    if (!fs.existsSync(path.join(repoRoot, 'dist/src/index.js'))) {
      console.log('      skipped: no build in dist/ (npm run build)');
      this.skip();
    }
    const entry = path.join(repoRoot, 'dist/src/index.js');
    const script = `
      import * as esm from ${JSON.stringify(entry)};
      import { createRequire } from 'node:module';
      const cjs = createRequire(import.meta.url)(${JSON.stringify(entry)});
      const missing = Object.keys(cjs).filter((name) => name !== '__esModule' && !(name in esm));
      console.log(JSON.stringify(missing));`;
    const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
    expect(JSON.parse(out)).to.deep.equal([]);
    expect(fs.readFileSync(path.join(repoRoot, 'docs/getting-started.md'), 'utf8')).to.contain("`import { createServer } from 'wirework'`");
  });
});
