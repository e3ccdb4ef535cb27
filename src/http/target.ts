/**
 * Request-target forms other than origin-form (RFC 9112 §3.2), and method interning.
 */
import { AT, COLON, LOWER, QMARK, SLASH, bytes, latin1 } from './chars';
import { isValidHost } from './host';

/** An absolute-form target reduced to what the application routes on (RFC 9112 §3.2.2). */
export interface ReducedTarget {
  /** the authority of the target: it replaces Host (RFC 9112 §3.2.2 "MUST ignore Host"). */
  authority: string;
  /** origin-form equivalent: path-abempty ("/" when empty) + ["?" query]. */
  target: string;
  path: string;
  query: string;
}

const HTTP = bytes('http');

/**
 * `http://authority/path?query` or `https://…` in buf[s, e) → its origin-form parts, or null
 * when it is not a valid http(s) absolute URI. Refused: other schemes, an empty host (RFC 9110
 * §4.2.1: an http URI with an empty host MUST be rejected), and userinfo (RFC 9110 §4.2.4:
 * `user@` is deprecated and a favourite of phishing and cache-key confusion).
 * Target octets were already checked (visible ASCII, no '#').
 */
export function reduceAbsoluteForm(buf: Buffer, s: number, e: number): ReducedTarget | null {
  let p = s;
  for (let i = 0; i < 4; i++, p++) if (p >= e || LOWER[buf[p]] !== HTTP[i]) return null;
  if (p < e && LOWER[buf[p]] === 0x73 /* s */) p++;
  if (e - p < 3 || buf[p] !== COLON || buf[p + 1] !== SLASH || buf[p + 2] !== SLASH) return null;
  p += 3;
  const as = p;
  while (p < e && buf[p] !== SLASH && buf[p] !== QMARK) {
    if (buf[p] === AT) return null;
    p++;
  }
  const ae = p;
  if (ae === as || !isValidHost(buf, as, ae)) return null;
  const authority = latin1(buf, as, ae);
  let target: string;
  if (p === e) target = '/';
  else if (buf[p] === QMARK) target = '/' + latin1(buf, p, e);
  else target = latin1(buf, p, e);
  const q = target.indexOf('?');
  return q < 0
    ? { authority, target, path: target, query: '' }
    : { authority, target, path: target.slice(0, q), query: target.slice(q + 1) };
}

/**
 * The method token as a string; the common methods come from constants so that most requests
 * allocate nothing for it and later `===` compares are pointer compares of interned strings.
 * Methods are case-sensitive (RFC 9110 §9.1): 'get' is a different, unknown method.
 */
export function internMethod(buf: Buffer, s: number, e: number): string {
  const c0 = buf[s];
  switch (e - s) {
    case 3:
      if (c0 === 0x47 && buf[s + 1] === 0x45 && buf[s + 2] === 0x54) return 'GET';
      if (c0 === 0x50 && buf[s + 1] === 0x55 && buf[s + 2] === 0x54) return 'PUT';
      break;
    case 4:
      if (c0 === 0x50 && buf[s + 1] === 0x4f && buf[s + 2] === 0x53 && buf[s + 3] === 0x54) return 'POST';
      if (c0 === 0x48 && buf[s + 1] === 0x45 && buf[s + 2] === 0x41 && buf[s + 3] === 0x44) return 'HEAD';
      break;
    case 5:
      if (c0 === 0x50 && latin1(buf, s, e) === 'PATCH') return 'PATCH';
      break;
    case 6:
      if (c0 === 0x44 && latin1(buf, s, e) === 'DELETE') return 'DELETE';
      break;
    case 7:
      if (c0 === 0x4f && latin1(buf, s, e) === 'OPTIONS') return 'OPTIONS';
      break;
  }
  return latin1(buf, s, e);
}
