/**
 * Byte classes for the HTTP/1.1 grammar, as 256-entry lookup tables.
 *
 * Why tables: the parser classifies every octet of a request head. One indexed load from a
 * Uint8Array is cheaper than a chain of range comparisons and never allocates, and the
 * tables are built once at module load.
 */

export const HTAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SP = 0x20;
export const DQUOTE = 0x22;
export const HASH = 0x23;
export const PERCENT = 0x25;
export const STAR = 0x2a;
export const COMMA = 0x2c;
export const DOT = 0x2e;
export const SLASH = 0x2f;
export const COLON = 0x3a;
export const SEMICOLON = 0x3b;
export const EQUALS = 0x3d;
export const QMARK = 0x3f;
export const AT = 0x40;
export const LBRACKET = 0x5b;
export const BACKSLASH = 0x5c;
export const RBRACKET = 0x5d;

function table(accepts: (c: number) => boolean): Uint8Array {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = accepts(c) ? 1 : 0;
  return t;
}

const isAlpha = (c: number): boolean => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** RFC 9110 §5.6.2 tchar: the octets of a token (method, field name, coding, extension name). */
export const TCHAR = table((c) => isAlpha(c) || isDigit(c) || "!#$%&'*+-.^_`|~".includes(String.fromCharCode(c)));

/** Whether `text` is a token (RFC 9110 §5.6.2), as a method and a field name must be: tchar only, at least one. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  // charCodeAt above 0xFF indexes past the table: undefined, not a tchar.
  for (let i = 0; i < text.length; i++) if (TCHAR[text.charCodeAt(i)] !== 1) return false;
  return true;
}

/**
 * RFC 9110 §5.5 field-value octets: VCHAR, obs-text (0x80-0xFF, kept as latin1 bytes), and the
 * SP / HTAB allowed between them. Every other CTL, DEL, and above all CR, LF and NUL, is
 * refused (RFC 9110 §5.5: a recipient of CR, LF or NUL in a value MUST reject or replace it;
 * we reject, because a bare CR is how header-injection smuggling starts).
 */
export const FIELD_CHAR = table((c) => c === HTAB || (c >= 0x20 && c <= 0x7e) || c >= 0x80);

/**
 * Request-target octets (RFC 9112 §3.2, RFC 3986 §2): visible ASCII only, so no CTL, no SP
 * (it ends the target), no DEL and no raw byte above 0x7F. Also refused: '#' (a fragment is
 * never sent, RFC 9112 §3.2.1), and '"', '<', '>', '\' which no URI contains and which
 * browsers percent-encode — a raw one is a hand-made or hostile request. Still accepted:
 * '{', '}', '|', '^', '`', '[', ']', which browsers leave raw in queries and paths, and (by
 * the parser, after the '?') '\' in a query: the WHATWG URL parser turns it into '/' in a
 * path but leaves it raw in a query.
 */
export const TARGET_CHAR = table(
  (c) => c > 0x20 && c < 0x7f && c !== DQUOTE && c !== HASH && c !== 0x3c && c !== 0x3e && c !== BACKSLASH,
);

/** RFC 3986 §3.2.2 reg-name octets (unreserved, '%' for pct-encoded, sub-delims) minus ','
 *  — a comma in Host is a list from a confused proxy, never a name (RFC 9112 §3.2). */
export const HOST_CHAR = table(
  (c) => isAlpha(c) || isDigit(c) || "-._~%!$&'()*+;=".includes(String.fromCharCode(c)),
);

/** hex digit value, -1 for anything else (chunk sizes, pct-encoding). */
export const HEX_VALUE: Int8Array = (() => {
  const t = new Int8Array(256).fill(-1);
  for (let c = 0; c < 256; c++) {
    if (isDigit(c)) t[c] = c - 0x30;
    else if (c >= 0x41 && c <= 0x46) t[c] = c - 0x41 + 10;
    else if (c >= 0x61 && c <= 0x66) t[c] = c - 0x61 + 10;
  }
  return t;
})();

/** ASCII lower-casing of a byte (case-insensitive compares of names and tokens, no strings). */
export const LOWER: Uint8Array = (() => {
  const t = new Uint8Array(256);
  for (let c = 0; c < 256; c++) t[c] = c >= 0x41 && c <= 0x5a ? c + 0x20 : c;
  return t;
})();

export function isDigitByte(c: number): boolean {
  return c >= 0x30 && c <= 0x39;
}

interface Latin1Sliceable {
  latin1Slice(start: number, end: number): string;
}

/**
 * bytes → latin1 string. `latin1Slice` is the primitive behind `toString('latin1', s, e)`
 * without its argument normalisation; latin1 maps each byte to one code unit, so obs-text
 * survives as bytes and the string is a one-byte (compact) V8 string.
 */
export function latin1(buf: Buffer, start: number, end: number): string {
  return (buf as unknown as Latin1Sliceable).latin1Slice(start, end);
}

/** case-insensitive compare of buf[s, e) with a lower-case ASCII literal given as bytes. */
export function equalsLower(buf: Buffer, s: number, e: number, lower: Uint8Array): boolean {
  if (e - s !== lower.length) return false;
  for (let i = 0; i < lower.length; i++) if (LOWER[buf[s + i]] !== lower[i]) return false;
  return true;
}

export function bytes(ascii: string): Uint8Array {
  return Uint8Array.from(ascii, (ch) => ch.charCodeAt(0));
}
