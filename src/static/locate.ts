/**
 * The second gate of static serving: from checked segments to an open descriptor that is
 * provably inside the root, or a verdict. The first gate (`safe-path.ts`) made sure the
 * segments are plain names; this one deals with what the file system adds — symlinks,
 * folders, FIFOs. The check is made on the very descriptor the bytes will come from.
 *
 * On Linux (where /proc is mounted):
 * 1. Open root/segments with O_NOFOLLOW (a symlink as the last component fails with ELOOP;
 *    see 1b) and O_NONBLOCK (a FIFO placed under the root cannot hang the open).
 * 2. Ask the kernel where the descriptor really points (`/proc/self/fd/N`, the path after
 *    every symlinked folder on the way) and require it to be the root or below
 *    `root + sep` — the separator matters: `/srv/public-secret` starts with `/srv/public`
 *    but is not inside it. With `followSymlinks: false` it must be the candidate itself.
 * 1b. ELOOP with `followSymlinks: 'inside'`: realpath the candidate, require it inside the
 *    root, open that with O_NOFOLLOW, and check the descriptor as in 2.
 * Elsewhere: realpath first, check, open the real path with O_NOFOLLOW. A folder higher up
 * swapped for a symlink between the check and the open is then not caught: keep the served
 * tree unwritable by untrusted users.
 * 3. fstat the descriptor: only a regular file is served; a folder is reported as one;
 *    anything else (socket, FIFO, device) is missing.
 *
 * Every descriptor opened here is either returned in a LocatedFile (the caller owns it) or
 * closed before returning.
 */
import { constants, existsSync, type Stats } from 'node:fs';
import { sep } from 'node:path';
import { closeFd, errnoCode, fdTargetNow, fstatFd, openFd, realpathNative } from '../http/fd';
import type { StaticConfig } from './options';

export interface LocatedFile {
  readonly kind: 'file';
  /** an open descriptor: the caller must send (sendOpenFile closes it) or close it */
  readonly fd: number;
  readonly stat: Stats;
  /** the name the client asked for (its extension gives the Content-Type) */
  readonly name: string;
  /** the segments below the root that were opened (index and extension applied) */
  readonly segments: readonly string[];
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

/** May `real`, where `candidate` really leads, be served under the symlink policy? */
function allowed(config: StaticConfig, candidate: string, real: string): boolean {
  return config.followSymlinks === false ? real === candidate : inside(config, real);
}

function verdictFor(error: unknown): LocatedOther {
  switch (errnoCode(error)) {
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

/** realpath, check, then open the real path: the descriptor, or the verdict. */
async function openResolved(config: StaticConfig, candidate: string): Promise<number | LocatedOther> {
  let real: string;
  try {
    real = await realpathNative(candidate);
  } catch (error) {
    return verdictFor(error);
  }
  if (!allowed(config, candidate, real)) return MISSING;
  try {
    return await openFd(real, OPEN_FLAGS);
  } catch (error) {
    return verdictFor(error);
  }
}

/** Opens root/segments… if it is a regular file inside the root. See the steps above. */
export async function openInside(config: StaticConfig, segments: readonly string[]): Promise<Located> {
  const candidate = segments.length === 0 ? config.root : config.rootWithSep + segments.join(sep);
  let fd: number;
  if (PROC_FD === null) {
    const opened = await openResolved(config, candidate);
    if (typeof opened !== 'number') return opened;
    fd = opened;
  } else {
    try {
      fd = await openFd(candidate, OPEN_FLAGS);
    } catch (error) {
      // ELOOP: the last component is a symlink (O_NOFOLLOW). Under 'inside' it may still be
      // served if it leads inside the root: resolve it and open its target.
      if (errnoCode(error) !== 'ELOOP' || config.followSymlinks === false) return verdictFor(error);
      const opened = await openResolved(config, candidate);
      if (typeof opened !== 'number') return opened;
      fd = opened;
    }
  }
  let keep = false;
  try {
    if (PROC_FD !== null && !allowed(config, candidate, fdTargetNow(PROC_FD + fd))) return MISSING;
    const stat = await fstatFd(fd);
    if (stat.isDirectory()) return FOLDER;
    if (!stat.isFile()) return MISSING;
    keep = true;
    return { kind: 'file', fd, stat, name: segments.length === 0 ? '' : segments[segments.length - 1], segments };
  } catch (error) {
    return verdictFor(error);
  } finally {
    if (!keep) await closeFd(fd);
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
  for (const ext of config.extensions) {
    const withExt = await openInside(config, [...segments.slice(0, last), segments[last] + ext]);
    if (withExt.kind === 'file') return withExt; // its name and segments are those tried
    if (withExt.kind !== 'missing' && withExt.kind !== 'folder') return withExt;
  }
  return MISSING;
}
