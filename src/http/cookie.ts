/**
 * Set-Cookie values (RFC 6265 §4.1, with the RFC 6265bis rules browsers enforce), for
 * `res.cookie()` and `res.clearCookie()`.
 *
 * Why so many refusals: a browser that dislikes a Set-Cookie drops it without a word — the
 * server thinks the session is set, the user is logged out on the next page. Each refusal
 * below is a cookie some browser would have dropped or misread; a TypeError at the call says
 * so where the mistake is.
 */
import { isToken } from './chars';
import { httpDate } from './etag';

export interface CookieOptions {
  /** Lifetime in milliseconds (as in Express), written as `Max-Age` in whole seconds. */
  maxAge?: number;
  /** Absolute expiry; without it or maxAge the cookie lasts until the browser closes. */
  expires?: Date;
  /** Sends the cookie to this domain and its subdomains too (default: this host only). */
  domain?: string;
  /** Default '/': the whole site. Must start with '/'. */
  path?: string;
  /** Only over HTTPS. Required by SameSite=None, Partitioned and the __Secure-/__Host- prefixes. */
  secure?: boolean;
  /** Hidden from page scripts (document.cookie). */
  httpOnly?: boolean;
  /** true means 'strict'. 'none' needs secure: true. */
  sameSite?: 'strict' | 'lax' | 'none' | boolean;
  /** CHIPS: a third-party cookie kept per top-level site. Needs secure: true. */
  partitioned?: boolean;
  /** Chrome's eviction priority. */
  priority?: 'low' | 'medium' | 'high';
  /** Turns the value into cookie-octets; default encodeURIComponent (req.cookies decodes it). */
  encode?: (value: string) => string;
}

const KNOWN_OPTIONS = [
  'maxAge', 'expires', 'domain', 'path', 'secure', 'httpOnly', 'sameSite', 'partitioned', 'priority', 'encode',
];

/** RFC 6265bis §5.6: a browser ignores a cookie whose name and value together pass this. */
const MAX_NAME_VALUE_LENGTH = 4096;

const EPOCH = httpDate(0); // Thu, 01 Jan 1970 00:00:00 GMT

/** `name=value; attributes` for one Set-Cookie field line. */
export function serializeCookie(name: string, value: string, options?: CookieOptions): string {
  if (typeof value !== 'string') {
    throw new TypeError(`cookie "${name}": the value must be a string, got ${typeof value}; convert it first (String(n), JSON.stringify(obj))`);
  }
  const opts = checkedOptions(name, options);
  const encoded = encodeValue(name, value, opts.encode);
  return name + '=' + encoded + attributes(name, opts, false);
}

/**
 * The Set-Cookie that deletes a cookie: empty value, expired, and the same Path and Domain —
 * a browser only replaces the cookie with the same name, path and domain (RFC 6265 §5.3
 * step 11), so a clear with another path leaves the original in place. maxAge and expires in
 * the options are ignored, so the options used to set the cookie can be passed as they are.
 */
export function serializeClearCookie(name: string, options?: CookieOptions): string {
  const opts = checkedOptions(name, options);
  return name + '=' + attributes(name, opts, true);
}

function checkedOptions(name: string, options: CookieOptions | undefined): CookieOptions {
  if (typeof name !== 'string' || !isToken(name)) {
    throw new TypeError(
      `cookie name ${JSON.stringify(name)} is not an RFC 9110 token (RFC 6265 §4.1.1): use letters, digits and !#$%&'*+-.^_\`|~ only — no spaces, '=', ';', ',' or quotes`,
    );
  }
  if (options === undefined || options === null) return {};
  if (typeof options !== 'object') throw new TypeError(`cookie "${name}": options must be an object, got ${typeof options}`);
  for (const key of Object.keys(options)) {
    if (KNOWN_OPTIONS.includes(key)) continue;
    if (key === 'signed') {
      throw new TypeError(`cookie "${name}": wirework does not sign cookies; drop "signed" and sign the value yourself (e.g. an HMAC with node:crypto)`);
    }
    throw new TypeError(`cookie "${name}": unknown option "${key}"; the options are ${KNOWN_OPTIONS.join(', ')}`);
  }
  for (const key of ['secure', 'httpOnly', 'partitioned'] as const) {
    const v = options[key];
    if (v !== undefined && typeof v !== 'boolean') {
      throw new TypeError(`cookie "${name}": ${key} must be true or false, got ${JSON.stringify(v)} (a string such as "false" would count as true)`);
    }
  }
  return options;
}

function encodeValue(name: string, value: string, encode: CookieOptions['encode']): string {
  if (encode !== undefined && typeof encode !== 'function') throw new TypeError(`cookie "${name}": encode must be a function`);
  const encoded = (encode ?? encodeURIComponent)(value);
  if (typeof encoded !== 'string' || !isCookieValue(encoded)) {
    throw new TypeError(
      `cookie "${name}": the encoded value ${JSON.stringify(encoded)} holds characters a cookie value may not (RFC 6265 §4.1.1: no control characters, spaces, '"', ',', ';' or '\\'); make encode() escape them`,
    );
  }
  if (name.length + encoded.length > MAX_NAME_VALUE_LENGTH) {
    throw new TypeError(
      `cookie "${name}": name and encoded value are ${name.length + encoded.length} bytes; browsers drop a cookie over ${MAX_NAME_VALUE_LENGTH} (RFC 6265bis §5.6) — keep the data server-side and store an id`,
    );
  }
  return encoded;
}

/** RFC 6265 §4.1.1 cookie-value: *cookie-octet, or the same inside DQUOTEs. */
function isCookieValue(value: string): boolean {
  let start = 0;
  let end = value.length;
  if (end >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(end - 1) === 0x22) {
    start = 1;
    end--;
  }
  for (let i = start; i < end; i++) if (!isCookieOctet(value.charCodeAt(i))) return false;
  return true;
}

/** %x21 / %x23-2B / %x2D-3A / %x3C-5B / %x5D-7E: visible ASCII but DQUOTE, comma, semicolon, backslash. */
function isCookieOctet(c: number): boolean {
  return c >= 0x21 && c <= 0x7e && c !== 0x22 && c !== 0x2c && c !== 0x3b && c !== 0x5c;
}

function attributes(name: string, opts: CookieOptions, clearing: boolean): string {
  let out = '';
  if (clearing) out += '; Max-Age=0';
  else if (opts.maxAge !== undefined) out += '; Max-Age=' + maxAgeSeconds(name, opts.maxAge);
  if (opts.domain !== undefined) out += '; Domain=' + attributeValue(name, 'domain', opts.domain);
  const path = opts.path === undefined ? '/' : attributeValue(name, 'path', opts.path);
  if (path[0] !== '/') {
    throw new TypeError(`cookie "${name}": path ${JSON.stringify(path)} must start with '/' — a browser ignores any other path and uses the request's directory (RFC 6265 §5.2.4)`);
  }
  out += '; Path=' + path;
  if (clearing) out += '; Expires=' + EPOCH;
  else if (opts.expires !== undefined) out += '; Expires=' + expiresValue(name, opts.expires);
  if (opts.httpOnly) out += '; HttpOnly';
  if (opts.secure) out += '; Secure';
  if (opts.partitioned) {
    if (!opts.secure) throw new TypeError(`cookie "${name}": partitioned needs secure: true — browsers drop a Partitioned cookie without Secure`);
    out += '; Partitioned';
  }
  if (opts.priority !== undefined) out += '; Priority=' + priority(name, opts.priority);
  const sameSite = sameSiteValue(name, opts.sameSite);
  if (sameSite === 'None' && !opts.secure) {
    throw new TypeError(`cookie "${name}": sameSite 'none' needs secure: true — browsers drop a SameSite=None cookie without Secure`);
  }
  if (sameSite !== null) out += '; SameSite=' + sameSite;
  checkPrefix(name, opts, path);
  return out;
}

/** RFC 6265bis §4.1.3: browsers refuse a prefixed cookie that breaks its prefix's promise. */
function checkPrefix(name: string, opts: CookieOptions, path: string): void {
  const lower = name.toLowerCase();
  if (lower.startsWith('__secure-') && !opts.secure) {
    throw new TypeError(`cookie "${name}": a __Secure- cookie needs secure: true — browsers drop it otherwise (RFC 6265bis §4.1.3.1)`);
  }
  if (lower.startsWith('__host-')) {
    if (!opts.secure || opts.domain !== undefined || path !== '/') {
      throw new TypeError(
        `cookie "${name}": a __Host- cookie needs secure: true, no domain and path '/' — browsers drop it otherwise (RFC 6265bis §4.1.3.2)`,
      );
    }
  }
}

/** Max-Age is a whole number of seconds (RFC 6265 §4.1.1); Express's maxAge is milliseconds. */
function maxAgeSeconds(name: string, ms: number): number {
  if (typeof ms !== 'number' || !Number.isInteger(ms) || ms < 0) {
    throw new TypeError(
      `cookie "${name}": maxAge must be a whole, non-negative number of milliseconds, got ${String(ms)}; to delete a cookie use res.clearCookie(name, { path, domain })`,
    );
  }
  return Math.floor(ms / 1000);
}

/** IMF-fixdate, the rfc1123-date of RFC 6265 §4.1.1. */
function expiresValue(name: string, date: Date): string {
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new TypeError(`cookie "${name}": expires must be a valid Date, got ${String(date)}`);
  }
  return httpDate(date.getTime());
}

/** RFC 6265 §4.1.1 av-octet: ASCII but controls and ';' (a ';' would start another attribute). */
function attributeValue(name: string, option: 'domain' | 'path', value: string): string {
  if (typeof value !== 'string') throw new TypeError(`cookie "${name}": ${option} must be a string`);
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c < 0x20 || c > 0x7e || c === 0x3b) {
      throw new TypeError(
        `cookie "${name}": ${option} ${JSON.stringify(value)} may not hold ';', control or non-ASCII characters (RFC 6265 §4.1.1)${option === 'domain' ? '; write an international domain in its punycode (xn--) form' : '; percent-encode them'}`,
      );
    }
  }
  if (option === 'domain' && value.length === 0) throw new TypeError(`cookie "${name}": domain is empty; leave it out to mean this host only`);
  return value;
}

function sameSiteValue(name: string, value: CookieOptions['sameSite']): 'Strict' | 'Lax' | 'None' | null {
  if (value === undefined || value === false) return null;
  if (value === true) return 'Strict';
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'strict':
      return 'Strict';
    case 'lax':
      return 'Lax';
    case 'none':
      return 'None';
  }
  throw new TypeError(`cookie "${name}": sameSite must be 'strict', 'lax', 'none' or true (strict), got ${JSON.stringify(value)}`);
}

function priority(name: string, value: string): string {
  switch (typeof value === 'string' ? value.toLowerCase() : value) {
    case 'low':
      return 'Low';
    case 'medium':
      return 'Medium';
    case 'high':
      return 'High';
  }
  throw new TypeError(`cookie "${name}": priority must be 'low', 'medium' or 'high', got ${JSON.stringify(value)}`);
}
