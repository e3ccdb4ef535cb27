/**
 * Checks of the fields a handler sets, so that no request data echoed into a header can
 * split the response (CR/LF) or cut it (NUL). Errors go to the handler's author, as a TypeError.
 */
import { TCHAR } from './chars';

/** A field name is a token (RFC 9110 §5.1). */
export function checkHeaderName(name: string): void {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('header name must be a non-empty string');
  }
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (TCHAR[c] !== 1) {
      throw new TypeError(`header name ${JSON.stringify(name)} contains an invalid character at ${i}: only RFC 9110 token characters are allowed`);
    }
  }
}

/**
 * Names that passed checkHeaderName, with their lower case. A handler sets the same few names
 * on every response: a Map hit replaces the character scan and the toLowerCase() copy. Bounded,
 * so names made from request data cannot grow it without limit (past the bound: no caching).
 */
const checkedNames = new Map<string, string>();
const CHECKED_NAMES_MAX = 1024;

/** checkHeaderName, then the lower-case name (the key fields are found by). */
export function checkedLowerName(name: string): string {
  const lower = checkedNames.get(name);
  if (lower !== undefined) return lower;
  checkHeaderName(name);
  const made = name.toLowerCase();
  if (checkedNames.size < CHECKED_NAMES_MAX) checkedNames.set(name, made);
  return made;
}

/**
 * A field value holds visible characters, SP, HTAB and obs-text (RFC 9110 §5.5): no CR, LF,
 * NUL or other control, and nothing beyond U+00FF (a field is octets; we write latin1).
 */
export function checkHeaderValue(name: string, value: string): void {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if ((c < 0x20 && c !== 0x09) || c === 0x7f || c > 0xff) throw badValue(name, value, i, c);
  }
}

/** Why a value was refused: a control character could split the response; past U+00FF is no octet. */
function badValue(name: string, value: string, at: number, c: number): TypeError {
  const fix = 'encode it (e.g. encodeURIComponent) first';
  if (c > 0xff) {
    const code = value.codePointAt(at)!;
    return new TypeError(`header "${name}": the value contains U+${code.toString(16).padStart(4, '0').toUpperCase()} (${String.fromCodePoint(code)}) at ${at}; a field value is octets, sent as Latin-1, so characters past U+00FF cannot be sent — ${fix}`);
  }
  const what = c === 0x0d ? 'CR' : c === 0x0a ? 'LF' : c === 0 ? 'NUL' : `the control character U+${c.toString(16).padStart(4, '0').toUpperCase()}`;
  return new TypeError(`header "${name}": the value contains ${what} at ${at}; CR, LF, NUL and other control characters are refused so a value can never split the response — ${fix}`);
}
