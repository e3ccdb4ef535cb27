/**
 * CORS (Fetch standard §3.2): answers preflights and decorates actual responses. Every
 * header value that does not depend on the request is joined once here, at bootstrap.
 */
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { BootstrapError } from './bootstrap-error';
import { FRAMEWORK_ERROR } from './framework-errors';
import { unknownKeyMessage } from './did-you-mean';
import { isThenable } from './thenable';

/**
 * `true`: reflect any origin (the `cors` package's spelling). A list may mix strings and
 * RegExps, as the `cors` package's does. A function answers synchronously.
 */
export type CorsOrigin = true | string | Array<string | RegExp> | RegExp | ((origin: string) => boolean);

export interface CorsOptions {
  /** '*' (default), `true` (reflect any), one origin, a list, a pattern, or a predicate. */
  origin?: CorsOrigin;
  /** allowed methods for preflights (default GET,HEAD,PUT,PATCH,POST,DELETE). */
  methods?: string | string[];
  /** allowed request headers; default: reflect Access-Control-Request-Headers. */
  allowedHeaders?: string | string[];
  /** response headers scripts may read. */
  exposedHeaders?: string | string[];
  /**
   * send Access-Control-Allow-Credentials: true (the origin is then reflected, never '*').
   * Needs `origin` other than '*': name the origins, or say `true` to reflect any.
   */
  credentials?: boolean;
  /** seconds a preflight may be cached. */
  maxAge?: number;
}

/**
 * The keys of `cors: { … }`; `satisfies` makes tsc fail when CorsOptions gains one. A misspelt
 * `orign` left the default '*' in force, silently.
 */
const CORS_OPTION_NAMES = Object.keys({
  origin: true, methods: true, allowedHeaders: true, exposedHeaders: true, credentials: true, maxAge: true,
} satisfies Record<keyof CorsOptions, true>);

const DEFAULT_METHODS = 'GET,HEAD,PUT,PATCH,POST,DELETE';

function joinList(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  const s = Array.isArray(value) ? value.join(',') : value;
  return s === '' ? undefined : s;
}

export class Cors {
  private readonly methods: string;
  private readonly allowedHeaders: string | undefined;
  private readonly exposedHeaders: string | undefined;
  private readonly credentials: boolean;
  private readonly maxAge: string | undefined;
  /** '*' to any origin (no credentials): no per-request decision, no Vary. */
  private readonly wildcard: boolean;
  /** one fixed origin string. */
  private readonly fixed: string | undefined;
  private readonly allows: ((origin: string) => boolean) | undefined;

  constructor(options: CorsOptions | true) {
    const o: CorsOptions = options === true ? {} : options;
    const unknown = unknownKeyMessage(o, CORS_OPTION_NAMES, 'cors');
    if (unknown !== undefined) throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, unknown);
    this.methods = joinList(o.methods) ?? DEFAULT_METHODS;
    this.allowedHeaders = joinList(o.allowedHeaders);
    this.exposedHeaders = joinList(o.exposedHeaders);
    this.credentials = o.credentials === true;
    if (o.maxAge !== undefined && !(typeof o.maxAge === 'number' && Number.isFinite(o.maxAge) && o.maxAge >= 0)) {
      // Fail at startup: 'NaN' or '-5' would go out as Access-Control-Max-Age on every preflight.
      throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `cors.maxAge must be a number of seconds, 0 or more; got ${String(o.maxAge)}`);
    }
    this.maxAge = o.maxAge === undefined ? undefined : String(Math.floor(o.maxAge));
    const origin = o.origin ?? '*';
    if (origin === '*' && this.credentials) {
      // Fetch §3.2.5 (CORS protocol and credentials): a credentialed answer never carries '*', so the browser refuses it.
      // Reflecting every origin instead would let any site read your users' answers with
      // their cookies: that must be asked for by name, not be what the default turns into.
      throw new BootstrapError(
        FRAMEWORK_ERROR.INVALID_OPTION,
        "cors.credentials: true cannot go with origin '*' (the default): list the origins allowed (a string, a list, a RegExp or a function), or set origin: true to reflect any origin with credentials",
      );
    }
    this.wildcard = origin === '*';
    if (typeof origin === 'string' && origin !== '*') this.fixed = checkedOrigin(origin);
    else if (origin === '*' || origin === true) this.allows = () => true; // reflect any origin
    else if (Array.isArray(origin)) this.allows = listMatcher(origin);
    else if (origin instanceof RegExp) this.allows = patternMatcher(origin);
    else if (typeof origin === 'function') this.allows = predicateMatcher(origin);
    else {
      throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, 'cors.origin must be true, a string, a list of strings and RegExps, a RegExp or a function (origin) => boolean');
    }
  }

  /**
   * Sets the CORS headers for this request. Returns true when the request was a preflight
   * and has been answered (204).
   */
  handle(req: Request, res: Response): boolean {
    const origin = req.header('origin');
    if (origin === undefined) {
      // Not a cross-origin request: no CORS headers. But a cross-origin one to the same URL
      // gets Access-Control-Allow-Origin, so a shared cache must not hand it this answer
      // (stored without Vary, it would serve it to browsers, which then refuse it).
      res.appendHeader('Vary', 'Origin');
      return false;
    }
    const allowed = this.applyOrigin(origin, res);
    if (req.method === 'OPTIONS' && req.header('access-control-request-method') !== undefined) {
      if (allowed) {
        res.setHeader('Access-Control-Allow-Methods', this.methods);
        if (this.allowedHeaders !== undefined) {
          res.setHeader('Access-Control-Allow-Headers', this.allowedHeaders);
        } else {
          const asked = req.header('access-control-request-headers');
          res.appendHeader('Vary', 'Access-Control-Request-Headers');
          if (asked !== undefined) res.setHeader('Access-Control-Allow-Headers', asked);
        }
        if (this.maxAge !== undefined) res.setHeader('Access-Control-Max-Age', this.maxAge);
      }
      res.status(204);
      res.end();
      return true;
    }
    if (allowed && this.exposedHeaders !== undefined) {
      res.setHeader('Access-Control-Expose-Headers', this.exposedHeaders);
    }
    return false;
  }

  private applyOrigin(origin: string, res: Response): boolean {
    if (this.wildcard) {
      res.setHeader('Access-Control-Allow-Origin', '*');
      return true;
    }
    if (this.fixed !== undefined) {
      // Allow-Origin is the same for all, but the preflight headers and exposed headers are
      // only sent when the origin is the one allowed: the answer depends on Origin.
      res.appendHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Origin', this.fixed);
      if (this.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
      return this.fixed === origin;
    }
    // The answer depends on the Origin header, so caches must key on it either way.
    res.appendHeader('Vary', 'Origin');
    if (!this.allows!(origin)) return false;
    res.setHeader('Access-Control-Allow-Origin', origin);
    if (this.credentials) res.setHeader('Access-Control-Allow-Credentials', 'true');
    return true;
  }
}

/** The origin function answered with a Promise: truthy, it must not count as yes. */
export class CorsOriginResultError extends TypeError {
  constructor() {
    super('cors.origin (origin) => boolean returned a Promise; it must return true or false synchronously (decide from data loaded at startup)');
    this.name = 'CorsOriginResultError';
  }
}

/** RFC 6454 §6.2: what a browser sends as Origin — scheme://host[:port], or null. */
const SERIALIZED_ORIGIN = /^(null|[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^/?#@\s]+)$/;

/** 'https://a.example/' (a trailing slash, a path) or 'a.example' would never equal an Origin. */
function checkedOrigin(origin: string): string {
  if (!SERIALIZED_ORIGIN.test(origin)) {
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_OPTION,
      `cors.origin '${origin}' is not an origin and would never match: write scheme://host[:port], with no path and no trailing slash (e.g. 'https://app.example.com')`,
    );
  }
  return origin;
}

function patternMatcher(origin: RegExp): (value: string) => boolean {
  const pattern = new RegExp(origin.source, origin.flags.replace(/[gy]/g, '')); // no lastIndex state
  return (value) => pattern.test(value);
}

/** Strings by exact match in a Set, then each RegExp: a list of strings costs one lookup. */
function listMatcher(list: ReadonlyArray<string | RegExp>): (value: string) => boolean {
  const exact = new Set<string>();
  const patterns: Array<(value: string) => boolean> = [];
  for (const entry of list) {
    if (typeof entry === 'string') exact.add(checkedOrigin(entry));
    else if (entry instanceof RegExp) patterns.push(patternMatcher(entry));
    else {
      throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `cors.origin lists strings and RegExps only; got ${typeof entry} ${String(entry)}`);
    }
  }
  if (patterns.length === 0) return (value) => exact.has(value);
  return (value) => exact.has(value) || patterns.some((test) => test(value));
}

/**
 * The predicate is called per request, synchronously. An async function's Promise is truthy
 * and would allow every origin; a `cors`-package `(origin, callback)` function is never
 * called back: both are refused here, and a Promise returned anyway throws (a 500, logged).
 */
function predicateMatcher(origin: Function): (value: string) => boolean {
  if (origin.constructor?.name === 'AsyncFunction') {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, 'cors.origin is an async function; it must return true or false synchronously (decide from data loaded at startup)');
  }
  if (origin.length >= 2) {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, 'cors.origin takes (origin) => boolean, not the cors package\'s (origin, callback): return true or false instead of calling back');
  }
  const predicate = origin as (value: string) => unknown;
  return (value) => {
    const result = predicate(value);
    if (result === true || result === false) return result;
    if (isThenable(result)) throw new CorsOriginResultError();
    return Boolean(result);
  };
}
