/**
 * The second gate of static serving: from checked segments to an open file that is provably
 * inside the root, or a verdict. The first gate (`safe-path.ts`) made sure the segments are
 * plain names; this one deals with what the file system adds — symlinks, folders, FIFOs.
 *
 * 1. `realpath` the candidate (every symlink followed) and require the result to be the
 *    root or below `root + sep` — the separator matters: `/srv/public-secret` starts with
 *    `/srv/public` but is not inside it. With `followSymlinks: false` the real path must be
 *    the candidate itself (no component was a link).
 * 2. Open THAT real path with O_NOFOLLOW (a last component swapped for a link since step 1
 *    fails with ELOOP) and O_NONBLOCK (a FIFO cannot hang the open).
 * 3. On Linux, ask the kernel where the descriptor really points (`/proc/self/fd/N`) and
 *    check again: a folder higher up swapped for a link between 1 and 2 is caught here, so
 *    the check holds for the very descriptor the bytes come from.
 * 4. fstat the descriptor: only a regular file is served; a folder is reported as one;
 *    anything else (socket, FIFO, device) is missing.
 */
import { existsSync, constants, type Stats } from 'node:fs';
import { open, readlink, realpath, type FileHandle } from 'node:fs/promises';
import { sep } from 'node:path';
import type { StaticConfig } from './options';

export interface LocatedFile {
  readonly kind: 'file';
  readonly handle: FileHandle;
  readonly stat: Stats;
  /** the name the client asked for (its extension gives the Content-Type) */
  readonly name: string;
}
export interface LocatedOther {
  /** folder: a folder is there (redirect or index); missing: nothing we may serve; forbidden: EACCES; busy: out of descriptors. */
  readonly kind: 'folder' | 'missing' | 'forbidden' | 'busy';
}
export type Located = LocatedFile | LocatedOther;

const FOLDER: LocatedOther = Object.freeze({ kind: 'folder' });
const MISSING: LocatedOther = Object.freeze({ kind: 'missing' });
const FORBIDDEN: LocatedOther = Object.freeze({ kind: 'forbidden' });
const BUSY: LocatedOther = Object.freeze({ kind: 'busy' });

const OPEN_FLAGS = constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0) | (constants.O_NONBLOCK ?? 0);
// Decided once at load: where /proc is mounted, the descriptor's real path can be read back.
const PROC_FD = process.platform === 'linux' && existsSync('/proc/self/fd') ? '/proc/self/fd/' : null;

function inside(config: StaticConfig, real: string): boolean {
  return real === config.root || real.startsWith(config.rootWithSep);
}

function verdictFor(error: unknown): LocatedOther {
  switch ((error as NodeJS.ErrnoException | null)?.code) {
    case 'EACCES':
    case 'EPERM':
      return FORBIDDEN;
    case 'EMFILE':
    case 'ENFILE':
      return BUSY;
    default:
      return MISSING; // ENOENT, ENOTDIR, ELOOP, ENAMETOOLONG, EINVAL…
  }
}

/** Opens root/segments… if it is a regular file inside the root. See the steps above. */
export async function openInside(config: StaticConfig, segments: readonly string[]): Promise<Located> {
  const candidate = segments.length === 0 ? config.root : config.rootWithSep + segments.join(sep);
  let real: string;
  try {
    real = await realpath(candidate);
  } catch (error) {
    return verdictFor(error);
  }
  if (config.followSymlinks === false ? real !== candidate : !inside(config, real)) return MISSING;

  let handle: FileHandle;
  try {
    handle = await open(real, OPEN_FLAGS);
  } catch (error) {
    return verdictFor(error);
  }
  let keep = false;
  try {
    if (PROC_FD !== null) {
      const opened = await readlink(PROC_FD + handle.fd);
      if (opened !== real) return MISSING; // moved or swapped since realpath: do not trust it
    }
    const stat = await handle.stat();
    if (stat.isDirectory()) return FOLDER;
    if (!stat.isFile()) return MISSING;
    keep = true;
    return { kind: 'file', handle, stat, name: segments.length === 0 ? '' : segments[segments.length - 1] };
  } catch (error) {
    return verdictFor(error);
  } finally {
    if (!keep) await handle.close().catch(() => undefined);
  }
}

/**
 * What a checked request path names: the folder's index for a folder URL, else the file
 * itself, else (when configured) the file with each extension appended in turn.
 */
export async function locate(config: StaticConfig, segments: readonly string[], folder: boolean): Promise<Located> {
  if (folder) {
    if (config.index === false) return MISSING; // never list a folder
    const found = await openInside(config, [...segments, config.index]);
    return found.kind === 'folder' ? MISSING : found;
  }
  const found = await openInside(config, segments);
  if (found.kind !== 'missing' || config.extensions.length === 0) return found;
  const last = segments.length - 1;
  const tried = segments.slice();
  for (const ext of config.extensions) {
    tried[last] = segments[last] + ext;
    const withExt = await openInside(config, tried);
    if (withExt.kind === 'file') return { ...withExt, name: tried[last] };
    if (withExt.kind !== 'missing' && withExt.kind !== 'folder') return withExt;
  }
  return MISSING;
}
