/**
 * `serveStatic(prefix, root, options)`: a middleware that serves the files under `root` at
 * URLs under `prefix`. The path gates (`safe-path.ts`, `locate.ts`) decide WHICH file and
 * whether it may be served; `sendOpenFile` (the engine's file primitive) sends it.
 *
 *   not under prefix                 → next()
 *   method other than GET/HEAD       → next() with fallthrough (default): a route may take it;
 *                                      without, 405 + Allow: GET, HEAD on an existing file or folder
 *   malformed or hostile path        → 400 (final: never handed on to a route)
 *   denied dotfile                   → 403 (final)
 *   a folder URL without its slash   → 301 to the same URL with the slash, query kept
 *   a file                           → 200 / 206 / 304 / 412 / 416 (see send-file.ts)
 *   nothing there (or an ignored dotfile, or a symlink leading out) → next() with
 *                                      fallthrough (default), else 404
 */
import { OWN_PREFIX, prefixCovers, type Middleware } from '../core/middleware';
import { normalizePath } from '../core/router/normalize-path';
import { STATUS_TEXT } from '../http/errors';
import { closeFd } from '../http/fd';
import { sendOpenFile } from '../http/send-file';
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { locate } from './locate';
import { compileStaticOptions, type StaticConfig, type StaticOptions } from './options';
import { checkRequestPath } from './safe-path';

export type { StaticOptions } from './options';

const ALLOW = 'GET, HEAD';

/**
 * Serves `root` at `prefix`. Checks the options and the root now (BootstrapError
 * WW_ERR_STATIC_OPTIONS / WW_ERR_STATIC_ROOT), so a typo fails at startup.
 */
export function serveStatic(prefix: string, root: string, options?: StaticOptions): Middleware {
  const config = compileStaticOptions(prefix, root, options);
  const mountedAt = config.prefix;
  const middleware: Middleware = (req, res, next) => {
    // The router's normal form (RFC 3986 §6.2.2): `/%73tatic/a.txt` is `/static/a.txt` to the
    // routes and to app.use('/static'), so to the mount too. Decoding per segment comes later.
    const path = normalizePath(req.path);
    // `/static` covers `/static` and `/static/…`, not `/staticky` (same rule as app.use).
    if (!prefixCovers(mountedAt, path)) return next();
    return serve(config, path, req, res, next);
  };
  // Mounted app-wide it is still only called below its prefix: other requests skip it (and,
  // with no other middleware, the whole chain). The check above stays for other mountings.
  return Object.assign(middleware, { [OWN_PREFIX]: mountedAt });
}

/** `path`: the request path in normal form. */
async function serve(config: StaticConfig, path: string, req: Request, res: Response, next: () => Promise<void>): Promise<void> {
  const prefix = config.prefix;
  const readOnly = req.method === 'GET' || req.method === 'HEAD';
  // A file is only ever read here, so a POST (or PUT, OPTIONS…) under the prefix is for a
  // route: answering 405 would shadow `@Post('upload')` wherever a file or folder of that
  // name exists (express.static and @fastify/static leave such requests to the routes too).
  // Decided before any disk access: a root mount costs a POST nothing.
  if (!readOnly && config.fallthrough) return next();
  if (path.length === prefix.length) {
    // '/static' itself is the root folder without its slash
    if (config.index === false) return notFound(config, res, next);
    if (!readOnly) return methodNotAllowed(res);
    return redirectToFolder(req, res);
  }

  const check = checkRequestPath(path.slice(prefix.length), config.dotfiles);
  if (!check.ok) {
    if (check.status === 404) return notFound(config, res, next); // an ignored dotfile is simply not there
    return answer(res, check.status);
  }

  const found = await locate(config, check.segments, check.folder);
  switch (found.kind) {
    case 'file':
      if (!readOnly) {
        await closeFd(found.fd);
        return methodNotAllowed(res);
      }
      return sendOpenFile(req, res, found.fd, found.stat, found.name, config.file);
    case 'folder':
      if (config.index === false) return notFound(config, res, next);
      if (!readOnly) return methodNotAllowed(res);
      return redirectToFolder(req, res);
    case 'forbidden':
      return answer(res, 403);
    case 'busy':
      res.setHeader('Retry-After', '1');
      return answer(res, 503);
    default:
      return notFound(config, res, next);
  }
}

function notFound(config: StaticConfig, res: Response, next: () => Promise<void>): Promise<void> {
  if (config.fallthrough) return next();
  answer(res, 404);
  return Promise.resolve();
}

function methodNotAllowed(res: Response): void {
  // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
  res.setHeader('Allow', ALLOW);
  answer(res, 405);
}

/**
 * 301 to the folder URL with its slash, so the index's relative links resolve. The Location
 * is the request's own raw path plus '/': the path gate refused empty segments and
 * backslashes, so it cannot start with '//' or '/\' and leave this origin.
 */
function redirectToFolder(req: Request, res: Response): void {
  const query = req.rawQuery;
  res.redirect(query === '' ? req.path + '/' : `${req.path}/?${query}`, 301);
}

function answer(res: Response, status: number): void {
  res.text(STATUS_TEXT[status] ?? String(status), status);
}
