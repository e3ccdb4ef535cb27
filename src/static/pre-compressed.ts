/**
 * `preCompressed: true`: serve `app.js.br` or `app.js.gz`, stored beside `app.js`, to a client
 * whose Accept-Encoding takes that coding (order: `accept-encoding.ts`).
 *
 * A variant is opened through `openInside`, the same gate as any file of the mount: inside
 * the root, symlinks under the mount's policy, regular files only. Its name is the plain
 * file's last segment plus `.br`/`.gz`, and that segment already passed the path gate, so a
 * variant is never a dotfile the mount would hide. A variant that is missing, a folder or
 * unreadable is skipped for the next coding; the plain file is the last resort.
 *
 * The plain file missing but a variant there (a build that keeps only `app.js.gz`): the
 * variant is served to a client that accepts it, as @fastify/static does (it tries
 * `path + '.br'`, then `'.gz'`, then the path); a client that accepts none of them gets what a
 * missing file gets. Only the exact name (or a folder's index) is looked for then: the
 * `extensions` option applies to plain files only.
 */
import { closeFd } from '../http/fd';
import { codingsToTry, type StoredCoding } from './accept-encoding';
import { locate, openInside, type LocatedFile, type LocatedOther } from './locate';
import type { StaticConfig } from './options';

export type { StoredCoding } from './accept-encoding';

const SUFFIX: Readonly<Record<StoredCoding, string>> = { br: '.br', gzip: '.gz' };

/**
 * A file to send and its content coding. For a variant, `fd` and `stat` are the variant's
 * while `name` and `segments` are the plain file's: the Content-Type is the plain file's
 * (a `.js.gz` sent as gzip is still JavaScript), and `setHeaders` sees the name the URL means.
 */
export interface EncodedFile extends LocatedFile {
  readonly encoding: StoredCoding | undefined;
}

/** As `locate`, then the best stored variant the request's Accept-Encoding takes. */
export async function locateEncoded(
  config: StaticConfig,
  segments: readonly string[],
  folder: boolean,
  acceptEncoding: string | undefined,
): Promise<EncodedFile | LocatedOther> {
  const found = await locate(config, segments, folder);
  if (found.kind !== 'file' && found.kind !== 'missing') return found;
  // The plain file's segments: those found, else the exact name asked for (or its index).
  let plain: readonly string[];
  if (found.kind === 'file') plain = found.segments;
  else if (folder) {
    if (config.index === false) return found; // folder URLs are 404: no index, no variant of one
    plain = [...segments, config.index];
  } else plain = segments;
  if (plain.length === 0) return found.kind === 'file' ? { ...found, encoding: undefined } : found; // not reached: the root is a folder
  const last = plain.length - 1;
  for (const coding of codingsToTry(acceptEncoding)) {
    if (coding === 'identity') {
      if (found.kind === 'file') return { ...found, encoding: undefined };
      continue;
    }
    const variant = await openInside(config, [...plain.slice(0, last), plain[last] + SUFFIX[coding]]);
    if (variant.kind !== 'file') continue;
    if (found.kind === 'file') await closeFd(found.fd);
    return { ...variant, name: plain[last], segments: plain, encoding: coding };
  }
  return found.kind === 'file' ? { ...found, encoding: undefined } : found;
}
