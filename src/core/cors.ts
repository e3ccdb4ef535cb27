/**
 * CORS (Fetch standard §3.2): answers preflights and decorates actual responses. Every
 * header value that does not depend on the request is joined once here, at bootstrap.
 */
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import { BootstrapError } from './bootstrap-error';
import { FRAMEWORK_ERROR } from './framework-errors';

/** `true`: reflect any origin (the `cors` package's spelling; with credentials, as '*' is). */
export type CorsOrigin = true | string | string[] | RegExp | ((origin: string) => boolean);

export interface CorsOptions {
  /** '*' (default), `true` (reflect any), one origin, a list, a pattern, or a predicate. */
  origin?: CorsOrigin;
  /** allowed methods for preflights (default GET,HEAD,PUT,PATCH,POST,DELETE). */
  methods?: string | string[];
  /** allowed request headers; default: reflect Access-Control-Request-Headers. */
  allowedHeaders?: string | string[];
  /** response headers scripts may read. */
  exposedHeaders?: string | string[];
  /** send Access-Control-Allow-Credentials: true (the origin is then reflected, never '*'). */
  credentials?: boolean;
  /** seconds a preflight may be cached. */
  maxAge?: number;
}

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
    this.wildcard = origin === '*' && !this.credentials;
    if (typeof origin === 'string' && origin !== '*') this.fixed = origin;
    else if (origin === '*' || origin === true) this.allows = () => true; // reflect any origin
    else if (Array.isArray(origin)) {
      const set = new Set(origin);
      this.allows = (value) => set.has(value);
    } else if (origin instanceof RegExp) {
      const pattern = new RegExp(origin.source, origin.flags.replace(/[gy]/g, '')); // no lastIndex state
      this.allows = (value) => pattern.test(value);
    } else if (typeof origin === 'function') this.allows = origin;
    else {
      throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, 'cors.origin must be true, a string, a list of strings, a RegExp or a function (origin) => boolean');
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
