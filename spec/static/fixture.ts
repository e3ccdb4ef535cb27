/**
 * A throwaway folder tree for the static specs: `root/` (served) beside `root-secret/` (a
 * sibling whose name starts like the root's) and an `outside.txt` sentinel. Removed by `remove()`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export const SECRET = 'SENTINEL-outside-the-root';

export interface Fixture {
  base: string;
  root: string;
  file(rel: string, content: string | Buffer): string;
  link(target: string, rel: string): void;
  remove(): void;
}

export function makeFixture(): Fixture {
  const base = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), 'ww-static-')));
  const root = path.join(base, 'public');
  fs.mkdirSync(root);
  fs.mkdirSync(path.join(base, 'public-secret'));
  fs.writeFileSync(path.join(base, 'public-secret', 'secret.txt'), SECRET);
  fs.writeFileSync(path.join(base, 'outside.txt'), SECRET);
  return {
    base,
    root,
    file(rel, content) {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.writeFileSync(p, content);
      return p;
    },
    link(target, rel) {
      const p = path.join(root, rel);
      fs.mkdirSync(path.dirname(p), { recursive: true });
      fs.symlinkSync(target, p);
    },
    remove() {
      fs.rmSync(base, { recursive: true, force: true });
    },
  };
}
