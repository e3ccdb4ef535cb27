/**
 * `serveStatic(prefix, root, options)`: a middleware that serves the files under `root` at
 * URLs under `prefix`. The path gates (`safe-path.ts`, `locate.ts`) decide WHICH file and
 * whether it may be served; `sendOpenFile` (the engine's file primitive) sends it.
 *
 *   not under prefix, or `*`         → next()
 *   method other than GET/HEAD       → next() with fallthrough (default): a route may take it;
 *                                      if none does, the dispatcher asks this mount for the URL's
 *                                      Allow (UNROUTED_ALLOW): OPTIONS → 204, others → 405 on an
 *                                      existing file or folder. Without fallthrough the mount
 *                                      answers those itself
 *   malformed or hostile path        → 400 (final: never handed on to a route)
 *   denied dotfile                   → 403 (final)
 *   a folder URL without its slash   → 301 to the same URL with the slash, query kept
 *   a file                           → 200 / 206 / 304 / 412 / 416 (see send-file.ts); with
 *                                      preCompressed, its best `.br`/`.gz` variant for the
 *                                      client's Accept-Encoding (pre-compressed.ts), and Vary
 *                                      on every answer of a file; setHeaders called first
 *   nothing there (or an ignored dotfile, or a symlink leading out) → next() with
 *                                      fallthrough (default), else 404
 */
import { sep } from 'node:path';
import { OWN_PREFIX, prefixCovers, UNROUTED_ALLOW, type Middleware, type UnroutedAllow } from '../core/middleware';
import { normalizePath } from '../core/router/normalize-path';
import { STATUS_TEXT } from '../http/errors';
import { closeFd } from '../http/fd';
import { sendOpenFile } from '../http/send-file';
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { isThenable } from '../core/thenable';
import { locate, type LocatedFile } from './locate';
import { compileStaticOptions, type StaticConfig, type StaticOptions } from './options';
import { locateEncoded, type EncodedFile, type StoredCoding } from './pre-compressed';
import { checkRequestPath } from './safe-path';

export type { StaticOptions } from './options';

/** What a file or folder URL of the mount supports: GET, HEAD served, OPTIONS answered (RFC 9110 §10.2.1). */
const ALLOW = 'GET, HEAD, OPTIONS';

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
    // `/static` covers `/static` and `/static/…`, not `/staticky` (same rule as app.use). The
    // asterisk-form `OPTIONS *` (RFC 9112 §3.2.4) asks about the server, not a file: a mount at
    // '/' (prefix '') would otherwise take it for a path.
    if (!prefixCovers(mountedAt, path) || path.charCodeAt(0) !== 47 /* / */) return next();
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
  // Decided before any disk access: a root mount costs a POST a route takes nothing. Only if
  // no route takes it does the dispatcher ask whether a file is there, for its 405 or OPTIONS.
  if (!readOnly && config.fallthrough) {
    offerAllow(config, path, req);
    return next();
  }
  if (path.length === prefix.length) {
    // '/static' itself is the root folder without its slash
    if (config.index === false) return notFound(config, res, next);
    if (!readOnly) return otherMethod(req, res);
    return redirectToFolder(req, res);
  }

  const check = checkRequestPath(path.slice(prefix.length), config.dotfiles);
  if (!check.ok) {
    if (check.status === 404) return notFound(config, res, next); // an ignored dotfile is simply not there
    return answer(res, check.status);
  }

  const found =
    config.preCompressed && readOnly
      ? await locateEncoded(config, check.segments, check.folder, req.header('accept-encoding'))
      : await locate(config, check.segments, check.folder);
  switch (found.kind) {
    case 'file':
      if (!readOnly) {
        await closeFd(found.fd);
        return otherMethod(req, res);
      }
      return sendFound(config, req, res, found, (found as Partial<EncodedFile>).encoding);
    case 'folder':
      if (config.index === false) return notFound(config, res, next);
      if (!readOnly) return otherMethod(req, res);
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

/**
 * A located file: Vary (for a preCompressed mount), then the app's setHeaders, then the file.
 * The descriptor is ours until sendOpenFile takes it, so a setHeaders that throws closes it.
 */
function sendFound(config: StaticConfig, req: Request, res: Response, found: LocatedFile, encoding: StoredCoding | undefined): Promise<void> {
  // RFC 9110 §12.5.5: the answer depends on Accept-Encoding, whichever coding this one has:
  // a cache that stored the plain answer must not hand it to a client that got gzip, nor back.
  if (config.preCompressed) varyOnAcceptEncoding(res);
  // Without a hook, no extra promise on the way to the file.
  if (config.setHeaders === undefined) return sendOpenFile(req, res, found.fd, found.stat, found.name, config.file, encoding);
  return hookThenSend(config, req, res, found, encoding);
}

async function hookThenSend(config: StaticConfig, req: Request, res: Response, found: LocatedFile, encoding: StoredCoding | undefined): Promise<void> {
  try {
    await runSetHeaders(config, res, found);
  } catch (error) {
    await closeFd(found.fd);
    throw error;
  }
  return sendOpenFile(req, res, found.fd, found.stat, found.name, config.file, encoding);
}

/**
 * Calls the app's setHeaders. If it throws, the headers as they were before it are put back:
 * the 500 that follows must not go out with a Content-Disposition or a Cache-Control meant
 * for the file (the error path keeps the fields it finds).
 */
async function runSetHeaders(config: StaticConfig, res: Response, found: LocatedFile): Promise<void> {
  const before = res.getHeaderNames().map((name) => [name, res.getHeader(name)!] as const);
  try {
    const result = config.setHeaders!(res, config.rootWithSep + found.segments.join(sep), found.stat);
    if (isThenable(result)) await result;
  } catch (error) {
    if (!res.headersSent) {
      for (const name of res.getHeaderNames()) res.removeHeader(name);
      for (const [name, value] of before) res.setHeader(name, value);
    }
    throw error;
  }
}

function varyOnAcceptEncoding(res: Response): void {
  const vary = res.getHeader('vary');
  const listed = vary === undefined ? '' : Array.isArray(vary) ? vary.join(',') : vary;
  if (!/(?:^|,)\s*(?:accept-encoding|\*)\s*(?:,|$)/i.test(listed)) res.appendHeader('Vary', 'Accept-Encoding');
}

function notFound(config: StaticConfig, res: Response, next: () => Promise<void>): Promise<void> {
  if (config.fallthrough) return next();
  // The mount's own 404 may depend on Accept-Encoding too (a variant served where no plain file is).
  if (config.preCompressed) varyOnAcceptEncoding(res);
  answer(res, 404);
  return Promise.resolve();
}

/** A method other than GET/HEAD on an existing file or folder, with no route to hand it to. */
function otherMethod(req: Request, res: Response): void {
  res.setHeader('Allow', ALLOW);
  if (req.method === 'OPTIONS') {
    // RFC 9110 §9.3.7: OPTIONS asks what the resource supports; Allow says it.
    res.status(204);
    res.end();
    return;
  }
  // RFC 9110 §15.5.6: a 405 lists the methods the resource does support.
  answer(res, 405);
}

/**
 * Tells the dispatcher, should no route take this request, what this URL supports: GET, HEAD
 * and OPTIONS where a file or folder is served, plus the methods of the routes at that path.
 * An earlier mount (served first for GET) is asked first.
 */
function offerAllow(config: StaticConfig, path: string, req: Request): void {
  const earlier = req.locals[UNROUTED_ALLOW] as UnroutedAllow | undefined;
  const allow: UnroutedAllow = async (routesAllow) => {
    const before = earlier === undefined ? undefined : await earlier(routesAllow);
    if (before !== undefined) return before;
    return (await servesAt(config, path)) ? withRoutesAllow(routesAllow) : undefined;
  };
  req.locals[UNROUTED_ALLOW] = allow;
}

/** Whether a GET of `path` gets the mount's answer (a file, or a folder's 301), not a 404. */
async function servesAt(config: StaticConfig, path: string): Promise<boolean> {
  if (path.length === config.prefix.length) return config.index !== false;
  const check = checkRequestPath(path.slice(config.prefix.length), config.dotfiles);
  if (!check.ok) return false;
  const found = await locate(config, check.segments, check.folder);
  if (found.kind === 'file') {
    await closeFd(found.fd);
    return true;
  }
  return found.kind === 'folder' && config.index !== false;
}

/** 'POST, OPTIONS' (the routes' Allow, always ending in OPTIONS) → 'GET, HEAD, POST, OPTIONS'. */
function withRoutesAllow(routesAllow: string | undefined): string {
  if (routesAllow === undefined) return ALLOW;
  const others = routesAllow.split(', ').filter((method) => method !== 'GET' && method !== 'HEAD');
  return ['GET', 'HEAD', ...others].join(', ');
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
