/**
 * Host / authority validation on raw bytes (RFC 9112 §3.2, RFC 3986 §3.2.2-3.2.3).
 *
 * A server MUST answer 400 to a Host with an invalid value: a list, a space, userinfo, a path,
 * a bad port, an unbracketed IPv6 address. Checking the bytes here, before any string exists,
 * keeps the hot path allocation-free and leaves routing nothing ambiguous to trip on.
 */
import { COLON, DOT, HEX_VALUE, HOST_CHAR, LBRACKET, PERCENT, RBRACKET, isDigitByte } from './chars';

/** the longest textual IPv6 address: 8 groups of 4 hex + 7 colons, or the IPv4-mapped form. */
const MAX_IPV6_CHARS = 45;

/** `host [":" port]` in buf[s, e). An empty value is valid (RFC 9110 §7.2: a target without
 *  an authority is sent with an empty Host); the caller refuses it where it must not be. */
export function isValidHost(buf: Buffer, s: number, e: number): boolean {
  if (s === e) return true;
  let p = s;
  if (buf[p] === LBRACKET) {
    // IP-literal: "[" IPv6address "]" — hex digits, ':' and '.' (embedded IPv4) only.
    p++;
    let colons = 0;
    while (p < e && buf[p] !== RBRACKET) {
      const c = buf[p];
      if (c === COLON) colons++;
      else if (c !== DOT && HEX_VALUE[c] < 0) return false;
      p++;
    }
    if (p === e || colons < 2 || p - s - 1 > MAX_IPV6_CHARS) return false;
    p++; // past ']'
  } else {
    // reg-name or IPv4address; at least one octet before any port.
    while (p < e && buf[p] !== COLON) {
      const c = buf[p];
      if (HOST_CHAR[c] === 0) return false;
      if (c === PERCENT && (p + 2 >= e || HEX_VALUE[buf[p + 1]] < 0 || HEX_VALUE[buf[p + 2]] < 0)) return false;
      p++;
    }
    if (p === s) return false;
  }
  if (p === e) return true;
  if (buf[p] !== COLON) return false;
  return isValidPort(buf, p + 1, e);
}

/** RFC 3986 §3.2.3 port = *DIGIT; we also bound it to 0..65535 (five digits at most). */
function isValidPort(buf: Buffer, s: number, e: number): boolean {
  if (e - s > 5) return false;
  let n = 0;
  for (let p = s; p < e; p++) {
    const c = buf[p];
    if (!isDigitByte(c)) return false;
    n = n * 10 + (c - 0x30);
  }
  return n <= 65535;
}
