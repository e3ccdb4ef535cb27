/**
 * One spelling for each path, so that every equivalent form a client may send matches the
 * same route and the same middleware prefix.
 *
 * RFC 3986 §6.2.2.2: an escaped unreserved character (ALPHA / DIGIT / "-" / "." / "_" / "~",
 * §2.3) IS that character, so `/users/%6De` is `/users/me`. §6.2.2.1: the hex digits of an
 * escape are case-insensitive, so `%c3%a9` is `%C3%A9`. Every other escape stays encoded: a
 * reserved character escaped means something else than the character (§2.2) — above all
 * `%2F`, which must never become a segment separator — and `%25` stays, so nothing is ever
 * decoded twice.
 *
 * Request paths go through `normalizePath`; what code declares (static segments of route
 * patterns, middleware prefixes) through `encodePath`, which ends the same way. So the static
 * Map, the route tree, constraints and prefixes all compare one form.
 */

const HEX = '0123456789ABCDEF';

/** 1 for the codes of the unreserved characters (RFC 3986 §2.3): their escapes are decoded. */
const UNRESERVED = new Uint8Array(256);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~') UNRESERVED[c.charCodeAt(0)] = 1;

/** The value of a hex digit's code, or -1 (also for NaN: past the end of the string). */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  const lower = c | 0x20;
  return lower >= 97 && lower <= 102 ? lower - 87 : -1;
}

/**
 * The request path (no query, still percent-encoded) in its normal form. A path without '%'
 * — nearly every request — is returned as it is after one native scan: no allocation.
 */
export function normalizePath(path: string): string {
  let at = path.indexOf('%');
  if (at === -1) return path;
  let out = '';
  let from = 0;
  do {
    const hi = hexValue(path.charCodeAt(at + 1));
    const lo = hexValue(path.charCodeAt(at + 2));
    // A malformed escape (`%zz`, `%4`): the path is matched as it arrived, as it always was,
    // so a param holding it still answers 400. Normalising around it could turn a literal '%'
    // and decoded digits into a new escape: `%%34%31` would become `%41`.
    if (hi < 0 || lo < 0) return path;
    const code = hi * 16 + lo;
    out += path.slice(from, at) + (UNRESERVED[code] === 1 ? String.fromCharCode(code) : '%' + HEX[hi] + HEX[lo]);
    from = at + 3;
    at = path.indexOf('%', from);
  } while (at !== -1);
  return out + path.slice(from);
}

/**
 * A path written in code (`@Get('/café')`, `app.use('/admin')`) as a client sends it, in
 * normal form: '/', pchar (RFC 3986 §3.3) and existing escapes kept, anything else
 * percent-encoded as UTF-8. Bootstrap only.
 */
export function encodePath(text: string): string {
  let out = '';
  let i = 0;
  for (const ch of text) {
    if (/[A-Za-z0-9\-._~!$&'()*+,;=:@/]/.test(ch)) out += ch;
    // An escape is kept; a '%' that starts none (`@Get('100%')`) is a literal percent sign,
    // which a client sends as %25. Kept raw, the route could never match.
    else if (ch === '%') out += /^[0-9A-Fa-f]{2}$/.test(text.slice(i + 1, i + 3)) ? '%' : '%25';
    else out += encodeURIComponent(ch);
    i += ch.length;
  }
  return normalizePath(out);
}
