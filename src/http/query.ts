/**
 * Query strings and cookies, parsed only when a handler asks (Request.query / .cookies).
 */

/** Decodes percent-escapes; a malformed escape leaves the text as sent instead of throwing. */
function decode(text: string, plusIsSpace: boolean): string {
  if (plusIsSpace && text.indexOf('+') !== -1) text = text.replace(/\+/g, ' ');
  if (text.indexOf('%') === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/**
 * `a=1&b=2&a=3` → { a: ['1', '3'], b: '2' } (application/x-www-form-urlencoded rules:
 * `+` is a space). A null-prototype object, so `?__proto__=x` is just a key.
 */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = Object.create(null);
  if (raw.length === 0) return out;
  let start = 0;
  while (start <= raw.length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = raw.length;
    if (end > start) {
      const eq = raw.indexOf('=', start);
      const hasValue = eq !== -1 && eq < end;
      const key = decode(raw.slice(start, hasValue ? eq : end), true);
      const value = hasValue ? decode(raw.slice(eq + 1, end), true) : '';
      const prev = out[key];
      if (prev === undefined) out[key] = value;
      else if (typeof prev === 'string') out[key] = [prev, value];
      else prev.push(value);
    }
    start = end + 1;
  }
  return out;
}

/**
 * `a=1; b="two"` → { a: '1', b: 'two' } (RFC 6265 §4.2.1; the first occurrence of a name
 * wins, as in §5.4 the most specific cookie comes first). Null-prototype object.
 */
export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  if (header === undefined || header.length === 0) return out;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end) {
      const name = header.slice(start, eq).trim();
      let value = header.slice(eq + 1, end).trim();
      if (value.length >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) {
        value = value.slice(1, -1);
      }
      if (name.length > 0 && out[name] === undefined) out[name] = decode(value, false);
    }
    start = end + 1;
  }
  return out;
}
