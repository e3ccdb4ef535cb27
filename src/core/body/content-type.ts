import { TCHAR } from '../../http/chars';

/**
 * The media type of a Content-Type value, lower-cased, parameters dropped
 * (RFC 9110 §8.3.1: type and subtype are case-insensitive). A byte loop, not a regex: this
 * runs once per request that has a body.
 */
export function mediaTypeOf(contentType: string | undefined): string {
  if (contentType === undefined) return '';
  let end = contentType.indexOf(';');
  if (end < 0) end = contentType.length;
  let start = 0;
  while (start < end && (contentType.charCodeAt(start) === 32 || contentType.charCodeAt(start) === 9)) start++;
  while (end > start && (contentType.charCodeAt(end - 1) === 32 || contentType.charCodeAt(end - 1) === 9)) end--;
  return contentType.slice(start, end).toLowerCase();
}

/**
 * Whether a Content-Type value holds one media type: its `media` (from mediaTypeOf) is
 * `type/subtype` of tokens (RFC 9110 §8.3.1) and no comma stands outside a quoted string.
 * Content-Type is a singleton field (§5.3); a repeated one reaches us joined with ', ', and
 * its two values must not be read as one: a proxy that checked the first would pass a body
 * we decode by the second (`text/plain, application/x+json` ends in `+json`).
 */
export function isSingleMediaType(contentType: string, media: string): boolean {
  const slash = media.indexOf('/');
  if (slash <= 0 || slash === media.length - 1) return false;
  for (let i = 0; i < media.length; i++) {
    if (i !== slash && TCHAR[media.charCodeAt(i)] !== 1) return false;
  }
  return contentType.indexOf(',') < 0 || !hasCommaOutsideQuotes(contentType);
}

function hasCommaOutsideQuotes(text: string): boolean {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quoted && c === 0x5c /* \ */) i++;
    else if (c === 0x22 /* " */) quoted = !quoted;
    else if (c === 0x2c /* , */ && !quoted) return true;
  }
  return false;
}

/** `application/json` and any `+json` structured syntax suffix (RFC 6839 §3.1). */
export function isJsonType(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}

const NO_VALUES: readonly string[] = [];

/**
 * The values of every `charset` parameter of a Content-Type value, lower-cased and unquoted
 * (RFC 9110 §5.6.6: parameter names are case-insensitive and a value is a token or a
 * quoted-string; §8.3.2: so are charset names). Every one, not the first or the last, so a
 * value naming two charsets cannot be read one way here and another way by the sender.
 */
export function charsetsOf(contentType: string): readonly string[] {
  const found = parameterValues(contentType, 'charset');
  return found.length === 0 ? found : found.map((charset) => charset.toLowerCase());
}

/**
 * The values of every parameter named `name` (lower-case) of a Content-Type value, unquoted
 * and with their case kept (a multipart boundary is case-sensitive, RFC 2046 §5.1.1).
 */
export function parameterValues(contentType: string, name: string): readonly string[] {
  let p = contentType.indexOf(';');
  if (p < 0) return NO_VALUES; // the common `application/json`: nothing to allocate
  let found: string[] | undefined;
  const n = contentType.length;
  while (p >= 0 && p < n) {
    const start = p + 1;
    let eq = start;
    while (eq < n && contentType.charCodeAt(eq) !== 0x3d && contentType.charCodeAt(eq) !== 0x3b) eq++;
    if (eq === n || contentType.charCodeAt(eq) === 0x3b) {
      p = eq; // `; ;` or a name with no value: not a parameter, nothing to read
      continue;
    }
    const value = readParameterValue(contentType, eq + 1);
    if (contentType.slice(start, eq).trim().toLowerCase() === name) (found ??= []).push(value.text);
    p = value.next;
  }
  return found ?? NO_VALUES;
}

/** A token or quoted-string (RFC 9110 §5.6.4: `\` quotes the next character) from `at`; `next` is the following ';' or the end. */
export function readParameterValue(text: string, at: number): { text: string; next: number } {
  const n = text.length;
  while (at < n && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  if (text.charCodeAt(at) !== 0x22) {
    let end = text.indexOf(';', at);
    if (end < 0) end = n;
    return { text: text.slice(at, end).trim(), next: end };
  }
  let out = '';
  let i = at + 1;
  for (; i < n && text.charCodeAt(i) !== 0x22; i++) {
    if (text.charCodeAt(i) === 0x5c && i + 1 < n) i++;
    out += text[i];
  }
  const next = text.indexOf(';', i);
  return { text: out, next: next < 0 ? n : next };
}
