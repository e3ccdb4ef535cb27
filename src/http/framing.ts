/**
 * The field values that decide message framing and connection handling, read straight from
 * the bytes (RFC 9112 §6, RFC 9110 §7.6.1, §10.1.1). No parseInt/Number on strings: every
 * digit is validated as it is read, so '+5', '5e0', '0x5', '1_0' and fullwidth digits are
 * errors, never numbers.
 */
import { COMMA, HTAB, LOWER, SEMICOLON, SP, TCHAR, bytes, equalsLower, isDigitByte } from './chars';

/** returned by parseContentLength for a malformed value. */
export const CL_INVALID = -1;

/**
 * Content-Length in buf[s, e) (OWS already trimmed). RFC 9110 §8.6: 1*DIGIT; a list of
 * identical values ("5, 5", what some proxies produce when they fold repeated fields) may be
 * accepted as that one value; differing members, empty members, signs, inner spaces, and
 * values past 2^53-1 (where a JS number stops being exact) are CL_INVALID.
 */
export function parseContentLength(buf: Buffer, s: number, e: number): number {
  let value = CL_INVALID;
  let p = s;
  for (;;) {
    if (p === e || !isDigitByte(buf[p])) return CL_INVALID;
    let n = 0;
    while (p < e && isDigitByte(buf[p])) {
      n = n * 10 + (buf[p] - 0x30);
      if (n > Number.MAX_SAFE_INTEGER) return CL_INVALID;
      p++;
    }
    if (value !== CL_INVALID && n !== value) return CL_INVALID;
    value = n;
    while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
    if (p === e) return value;
    if (buf[p] !== COMMA) return CL_INVALID;
    p++;
    while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
  }
}

/** Transfer-Encoding state, accumulated over every TE field line of a message. */
export const TE_SEEN = 1;
/** the last coding listed so far is `chunked`. */
export const TE_LAST_CHUNKED = 2;
/** `chunked` appeared at least once. */
export const TE_HAS_CHUNKED = 4;
/** `chunked` appeared twice (RFC 9112 §6.1: MUST NOT apply chunked more than once) → 400. */
export const TE_CHUNKED_TWICE = 8;
/** a syntactically valid coding we do not implement (gzip, identity, …) → 501. */
export const TE_UNKNOWN = 16;
/** an empty or malformed member → 400. */
export const TE_BAD = 32;

const CHUNKED = bytes('chunked');

/**
 * Adds the codings of one Transfer-Encoding field value buf[s, e) to `flags`.
 * Empty list members are refused here (unlike other lists): ", chunked" is a classic
 * smuggling shape and no honest client sends it.
 */
export function scanTransferCodings(buf: Buffer, s: number, e: number, flags: number): number {
  flags |= TE_SEEN;
  let p = s;
  for (;;) {
    const ms = p;
    while (p < e && TCHAR[buf[p]] === 1) p++;
    const me = p;
    if (me === ms) return flags | TE_BAD;
    while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
    let hasParams = false;
    if (p < e && buf[p] === SEMICOLON) {
      // transfer-parameters: we implement no coding that takes any, so the member is
      // unknown (or bad, for chunked); skip to the next comma.
      hasParams = true;
      while (p < e && buf[p] !== COMMA) p++;
    }
    if (equalsLower(buf, ms, me, CHUNKED)) {
      if (hasParams) return flags | TE_BAD;
      if (flags & TE_HAS_CHUNKED) flags |= TE_CHUNKED_TWICE;
      flags |= TE_HAS_CHUNKED | TE_LAST_CHUNKED;
    } else {
      flags = (flags & ~TE_LAST_CHUNKED) | TE_UNKNOWN;
    }
    if (p === e) return flags;
    if (buf[p] !== COMMA) return flags | TE_BAD;
    p++;
    while (p < e && (buf[p] === SP || buf[p] === HTAB)) p++;
  }
}

export const CONN_CLOSE = 1;
export const CONN_KEEP_ALIVE = 2;
export const CONN_UPGRADE = 4;

const CLOSE = bytes('close');
const KEEP_ALIVE = bytes('keep-alive');
const UPGRADE = bytes('upgrade');

/** Connection options in buf[s, e): a comma list of case-insensitive tokens (RFC 9110
 *  §7.6.1); empty members are ignored (RFC 9110 §5.6.1), unknown options too. */
export function scanConnectionOptions(buf: Buffer, s: number, e: number): number {
  let flags = 0;
  let p = s;
  while (p < e) {
    while (p < e && (buf[p] === SP || buf[p] === HTAB || buf[p] === COMMA)) p++;
    const ts = p;
    while (p < e && buf[p] !== COMMA && buf[p] !== SP && buf[p] !== HTAB) p++;
    const te = p;
    switch (te - ts) {
      case 5:
        if (LOWER[buf[ts]] === 0x63 && equalsLower(buf, ts, te, CLOSE)) flags |= CONN_CLOSE;
        break;
      case 7:
        if (LOWER[buf[ts]] === 0x75 && equalsLower(buf, ts, te, UPGRADE)) flags |= CONN_UPGRADE;
        break;
      case 10:
        if (LOWER[buf[ts]] === 0x6b && equalsLower(buf, ts, te, KEEP_ALIVE)) flags |= CONN_KEEP_ALIVE;
        break;
    }
  }
  return flags;
}

const CONTINUE = bytes('100-continue');

/** `Expect: 100-continue`, case-insensitive (RFC 9110 §10.1.1). */
export function isContinueExpectation(buf: Buffer, s: number, e: number): boolean {
  return equalsLower(buf, s, e, CONTINUE);
}
