/**
 * The options of a static mount, checked once when it is created: a typo or a root that does
 * not exist is a BootstrapError naming the option, never a silent 404 on every request.
 */
import { realpathSync, statSync, type Stats } from 'node:fs';
import { resolve, sep } from 'node:path';
import { BootstrapError } from '../core/bootstrap-error';
import { compileFileOptions, type FileSendOptions, type FilePolicy } from '../http/file-options';
import type { DotfilesPolicy } from './safe-path';
import { unknownKeyMessage } from '../core/did-you-mean';
import type { Response } from '../http/response';

/**
 * Adds headers to one file's answer: called before its head is built, on every answer of a
 * file (200, 206, 304, 412, 416, HEAD). `path` is the file's absolute path: the root's real
 * path joined with the names the URL resolved to (index and extensions applied; symlinks
 * below the root not resolved, as serve-static's `join(root, path)`); for a pre-compressed
 * variant, the plain file's path (`…/app.js`, not `…/app.js.br`). `stat` is the file whose
 * bytes are sent (the variant's, for a variant). A Content-Type or Cache-Control set here wins
 * over the mount's; ETag, Last-Modified and the framing headers are the mount's. It may return
 * a promise, which is awaited. If it throws (or rejects), the headers it set are removed and
 * the error takes the normal error path: a 500, nothing of the file sent.
 */
export type SetHeaders = (res: Response, path: string, stat: Stats) => void | Promise<void>;

export interface StaticOptions extends FileSendOptions {
  /** The file a folder URL (`/docs/`) serves. Default 'index.html'; false: folders are 404. */
  index?: string | false;
  /** Names starting with `.` anywhere in the path: 'ignore' (404, default), 'deny' (403), 'allow'. */
  dotfiles?: DotfilesPolicy;
  /**
   * Symlinks under the root: 'inside' (default) follows one only when its real target is
   * inside the root too; false refuses every symlink. There is no "follow anywhere".
   */
  followSymlinks?: 'inside' | false;
  /** Extensions tried when the exact name does not exist: ['html'] serves /about from about.html. */
  extensions?: readonly string[];
  /**
   * When no file matches, or the method is not GET/HEAD, let the next middleware or a route
   * answer (default true). false: the mount answers 404 itself (on a file or folder: 204 to
   * OPTIONS, 405 to other methods). Refusals of a GET/HEAD (400, 403) are final either way.
   */
  fallthrough?: boolean;
  /**
   * Serve `<file>.br` or `<file>.gz`, stored beside the file, to a client whose
   * Accept-Encoding takes it (Content-Encoding, the plain file's Content-Type, Vary). Default false.
   */
  preCompressed?: boolean;
  /** A function adding headers to each file's answer: `(res, path, stat) => …` (see SetHeaders). */
  setHeaders?: SetHeaders;
}

/** A mount ready to serve: prefix normalised, root real, policies decided. */
export interface StaticConfig {
  /** '/static' (no trailing slash), or '' when mounted at '/'. */
  readonly prefix: string;
  /** the root's real path (symlinks resolved), e.g. '/srv/app/public' */
  readonly root: string;
  /** root + separator: what every served real path must start with (or equal root). */
  readonly rootWithSep: string;
  readonly index: string | false;
  readonly dotfiles: DotfilesPolicy;
  readonly followSymlinks: 'inside' | false;
  /** with their dot: ['.html'] */
  readonly extensions: readonly string[];
  readonly fallthrough: boolean;
  readonly preCompressed: boolean;
  readonly setHeaders: SetHeaders | undefined;
  readonly file: FilePolicy;
}

/**
 * Every key of StaticOptions, the file-sending ones included; `satisfies` makes tsc fail when
 * either interface gains one. Checked here, before the file options, so `dotFiles` gets "did you
 * mean dotfiles?" rather than a list of the file options alone.
 */
export const STATIC_OPTION_NAMES: readonly string[] = Object.keys({
  index: true, dotfiles: true, followSymlinks: true, extensions: true, fallthrough: true, preCompressed: true, setHeaders: true,
  etag: true, lastModified: true, maxAge: true, immutable: true, cacheControl: true, contentType: true,
} satisfies Record<keyof StaticOptions, true>);
const STATIC_KEYS: ReadonlySet<string> = new Set(['index', 'dotfiles', 'followSymlinks', 'extensions', 'fallthrough', 'preCompressed', 'setHeaders']);
const DOTFILES: readonly DotfilesPolicy[] = ['ignore', 'deny', 'allow'];
// The characters a path segment may hold unencoded (RFC 3986 §3.3 pchar), minus '%': a
// prefix is compared with the raw request path, so it must be written as it arrives.
const PREFIX_SEGMENT = /^[A-Za-z0-9\-._~!$&'()*+,;=:@]+$/;
const EXTENSION = /^\.?[A-Za-z0-9][A-Za-z0-9_-]*$/;

function optionsError(message: string): BootstrapError {
  return new BootstrapError('WW_ERR_STATIC_OPTIONS', message);
}

/**
 * Throws WW_ERR_STATIC_OPTIONS for the first key of `options` that is not an option, naming
 * the closest one. `where` names the call (`serveStatic('/static', 'public')`); `extra` are the
 * keys the caller takes on top (StaticModule.forRoot's root and prefix).
 */
export function refuseUnknownStaticKeys(options: object, where: string, extra: readonly string[] = []): void {
  const unknown = unknownKeyMessage(options, [...extra, ...STATIC_OPTION_NAMES], '');
  if (unknown !== undefined) throw optionsError(`${where}: ${unknown}`);
}

/** Normalises '/static/', 'static' and '/static' to '/static'; '/' and '' to ''. */
export function normalizePrefix(prefix: string): string {
  if (typeof prefix !== 'string') throw optionsError(`serveStatic(prefix, root): prefix must be a string like '/static', got ${typeof prefix}.`);
  let p = prefix.trim();
  while (p.endsWith('/')) p = p.slice(0, -1);
  if (p !== '' && !p.startsWith('/')) p = '/' + p;
  if (p === '') return p;
  for (const segment of p.slice(1).split('/')) {
    if (!PREFIX_SEGMENT.test(segment) || segment === '.' || segment === '..') {
      throw optionsError(
        `serveStatic prefix '${prefix}' is not a plain URL path: use segments of letters, digits and -._~ (no '//', '.', '..', '%', '?' or '#').`,
      );
    }
  }
  return p;
}

/** Checks `options` and the root folder; throws WW_ERR_STATIC_OPTIONS or WW_ERR_STATIC_ROOT. */
export function compileStaticOptions(prefix: string, root: string, options: StaticOptions = {}): StaticConfig {
  const normalizedPrefix = normalizePrefix(prefix);
  if (typeof root !== 'string' || root === '') {
    throw optionsError(`serveStatic('${prefix}', root): root must be the path of a folder, got ${root === '' ? "''" : typeof root}.`);
  }
  if (options === null || typeof options !== 'object') throw optionsError('serveStatic options must be an object.');
  refuseUnknownStaticKeys(options, `serveStatic('${prefix}', '${root}')`);
  const {
    index = 'index.html', dotfiles = 'ignore', followSymlinks = 'inside', extensions = [], fallthrough = true, preCompressed = false, setHeaders,
    ...fileOptions
  } = options;

  if (index !== false && (typeof index !== 'string' || index === '' || index === '.' || index === '..' || /[/\\\0]/.test(index))) {
    throw optionsError(`index must be a file name like 'index.html' (no slashes), or false; got ${JSON.stringify(index)}.`);
  }
  if (!DOTFILES.includes(dotfiles)) throw optionsError(`dotfiles must be 'ignore', 'deny' or 'allow'; got ${JSON.stringify(dotfiles)}.`);
  if (followSymlinks !== 'inside' && followSymlinks !== false) {
    throw optionsError(`followSymlinks must be 'inside' (follow links whose target stays under the root) or false; got ${JSON.stringify(followSymlinks)}.`);
  }
  if (!Array.isArray(extensions) || !extensions.every((e) => typeof e === 'string' && EXTENSION.test(e))) {
    throw optionsError(`extensions must be a list like ['html', 'htm']; got ${JSON.stringify(extensions)}.`);
  }
  if (typeof fallthrough !== 'boolean') throw optionsError(`fallthrough must be true or false; got ${JSON.stringify(fallthrough)}.`);
  if (typeof preCompressed !== 'boolean') throw optionsError(`preCompressed must be true or false; got ${JSON.stringify(preCompressed)}.`);
  if (setHeaders !== undefined && typeof setHeaders !== 'function') {
    throw optionsError(`setHeaders must be a function (res, path, stat) => void that adds headers to each file's answer; got ${setHeaders === null ? 'null' : typeof setHeaders}.`);
  }

  let file: FilePolicy;
  try {
    file = compileFileOptions(fileOptions);
  } catch (error) {
    throw optionsError((error as Error).message.replace(/^WW_ERR_FILE_OPTIONS: /, '') + ` Static options also take: ${[...STATIC_KEYS].join(', ')}.`);
  }

  const absolute = resolve(root);
  let real: string;
  try {
    real = realpathSync.native(absolute);
    if (!statSync(real).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR' });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new BootstrapError(
      'WW_ERR_STATIC_ROOT',
      `serveStatic('${normalizedPrefix || '/'}', '${root}'): the root ${absolute} is not a readable folder (${code}). Create it, or fix the path (relative paths start at ${process.cwd()}).`,
    );
  }
  return Object.freeze({
    prefix: normalizedPrefix,
    root: real,
    rootWithSep: real.endsWith(sep) ? real : real + sep,
    index,
    dotfiles,
    followSymlinks,
    extensions: Object.freeze(extensions.map((e) => (e.startsWith('.') ? e : '.' + e))),
    fallthrough,
    preCompressed,
    setHeaders,
    file,
  });
}
