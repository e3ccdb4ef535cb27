/**
 * Query strings and cookies, parsed only when a handler asks (Request.query / .cookies).
 */

/** A run of well-formed percent-escapes: the unit decoded when the whole text will not decode. */
const ESCAPE_RUN = /(?:%[0-9A-Fa-f]{2})+/g;

/**
 * Decodes percent-escapes. When the text holds a malformed escape (`%zz`, a cut `%A`) or
 * escapes that are not UTF-8, each run of escapes is decoded on its own and a run that will
 * not decode is kept as sent, so one bad escape does not leave the good ones encoded
 * (`%41%zz` → `A%zz`, as WHATWG URL §1.3 percent-decode does). Never throws.
 */
export function decodeComponent(text: string, plusIsSpace: boolean): string {
  if (plusIsSpace && text.indexOf('+') !== -1) text = text.replace(/\+/g, ' ');
  if (text.indexOf('%') === -1) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text.replace(ESCAPE_RUN, decodeRun);
  }
}

function decodeRun(run: string): string {
  try {
    return decodeURIComponent(run);
  } catch {
    return run;
  }
}

/**
 * application/x-www-form-urlencoded pairs (WHATWG URL §5.1: `+` is a space, escapes are
 * UTF-8): `a=1&b=2&a=3` → { a: ['1', '3'], b: '2' }. A null-prototype object without a
 * `__proto__` field (see addPair). Empty pairs (`a&&b`) are skipped. More than `maxFields`
 * pairs → undefined, found before the rest is decoded, so the caller can refuse the input.
 */
export function parseFormPairs(raw: string, maxFields: number): Record<string, string | string[]> | undefined {
  const out: Record<string, string | string[]> = Object.create(null);
  let fields = 0;
  let start = 0;
  while (start < raw.length) {
    let end = raw.indexOf('&', start);
    if (end === -1) end = raw.length;
    if (end > start) {
      if (++fields > maxFields) return undefined;
      addPair(out, raw, start, end);
    }
    start = end + 1;
  }
  return out;
}

function addPair(out: Record<string, string | string[]>, raw: string, start: number, end: number): void {
  // The '=' is looked for inside this pair only: searching the rest of the text made a long
  // run of pairs without '=' (`a&a&a…`) cost time quadratic in its length.
  let eq = start;
  while (eq < end && raw.charCodeAt(eq) !== 0x3d) eq++;
  const key = decodeComponent(raw.slice(start, eq), true);
  // A plain key in a null-prototype object, but `Object.assign(new Dto(), query)` — the usual
  // copy onto a class — would take it as the target's prototype (`__proto__=a&__proto__=b`
  // even hands it an array): dropped, as parseJsonSafe drops it from JSON.
  if (key === '__proto__') return;
  const value = eq < end ? decodeComponent(raw.slice(eq + 1, end), true) : '';
  const prev = out[key];
  if (prev === undefined) out[key] = value;
  else if (typeof prev === 'string') out[key] = [prev, value];
  else prev.push(value);
}

/**
 * The query string (`a=1&b=2&a=3` → { a: ['1', '3'], b: '2' }), by the form rules above.
 * No field limit: the request line is already bounded (maxRequestLineBytes).
 */
export function parseQuery(raw: string): Record<string, string | string[]> {
  return parseFormPairs(raw, Infinity)!;
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
    addCookie(out, header, start, end);
    start = end + 1;
  }
  return out;
}

function addCookie(out: Record<string, string>, header: string, start: number, end: number): void {
  // '=' searched inside this cookie-pair only, for the reason given in addPair.
  let eq = start;
  while (eq < end && header.charCodeAt(eq) !== 0x3d) eq++;
  if (eq === end) return;
  const name = header.slice(start, eq).trim();
  let value = header.slice(eq + 1, end).trim();
  if (value.length >= 2 && value.charCodeAt(0) === 0x22 && value.charCodeAt(value.length - 1) === 0x22) {
    value = value.slice(1, -1);
  }
  if (name.length > 0 && out[name] === undefined) out[name] = decodeComponent(value, false);
}
