/**
 * The `Range` request header (RFC 9110 §14): which bytes of a representation of `size`
 * octets the client asked for. A hand-written scanner — the header is short, the grammar is
 * tiny, and a scanner can give up at the first wrong byte without backtracking.
 *
 *   Range       = ranges-specifier                     RFC 9110 §14.2
 *   ranges-specifier = range-unit "=" range-set        §14.1
 *   range-set   = 1#range-spec                         (OWS around commas, empty elements ok)
 *   range-spec  = int-range / suffix-range / other-range
 *   int-range   = first-pos "-" [ last-pos ]           (1*DIGIT each)
 *   suffix-range = "-" suffix-length
 */

/** One satisfiable byte range, both ends inclusive (as in `Content-Range`). */
export interface ByteRange {
  readonly start: number;
  readonly end: number;
}

/** Serve the whole representation with 200: no Range, an unknown unit, bad syntax, or a range set we decline. */
export interface RangeIgnored { readonly kind: 'ignore'; readonly why: string }
/** Answer 416 with `Content-Range: bytes *\/size`: the syntax was right but no range overlaps the file. */
export interface RangeUnsatisfiable { readonly kind: 'unsatisfiable' }
/** Answer 206 with these ranges, clamped to the file, in the order the client listed them. */
export interface RangeSatisfiable { readonly kind: 'ranges'; readonly ranges: readonly ByteRange[] }
export type RangeRequest = RangeIgnored | RangeUnsatisfiable | RangeSatisfiable;

/**
 * A range set longer than this is ignored (whole file, 200). RFC 9110 §14.2 lets a server
 * ignore a Range header that asks for many small ranges; without a cap, `bytes=0-0,1-1,…`
 * turns one request into thousands of multipart headers.
 */
export const MAX_RANGES = 16;

// Verdicts without data are shared objects: a malformed header costs no allocation.
const NOT_BYTES: RangeIgnored = Object.freeze({ kind: 'ignore', why: 'unit is not bytes' });
const MALFORMED: RangeIgnored = Object.freeze({ kind: 'ignore', why: 'malformed range set' });
const TOO_MANY: RangeIgnored = Object.freeze({ kind: 'ignore', why: `more than ${MAX_RANGES} ranges` });
const OVERLAP: RangeIgnored = Object.freeze({ kind: 'ignore', why: 'overlapping ranges' });
const EMPTY_FILE: RangeIgnored = Object.freeze({ kind: 'ignore', why: 'the file is empty' });
const UNSATISFIABLE: RangeUnsatisfiable = Object.freeze({ kind: 'unsatisfiable' });

const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const DASH = 0x2d;
const COMMA = 0x2c;
const SP = 0x20;
const HTAB = 0x09;
// 15 decimal digits always fit a double exactly; more than that is past any real file, so
// we stop accumulating and call it "huge" rather than lose precision silently.
const MAX_DIGITS = 15;
const HUGE = Number.MAX_SAFE_INTEGER;

function isDigit(c: number): boolean {
  return c >= DIGIT_0 && c <= DIGIT_9;
}

/**
 * Reads the Range header `value` against a representation of `size` bytes.
 * A zero-length file ignores ranges (RFC 9110 §14.1.3 leaves no byte to point at; we answer
 * 200 with the empty body rather than a 416 that a download manager would retry forever).
 */
export function parseRange(value: string, size: number): RangeRequest {
  // range-unit is case-insensitive (RFC 9110 §14.1); no whitespace around "=".
  if (value.length < 7 || value.charCodeAt(5) !== 0x3d || value.slice(0, 5).toLowerCase() !== 'bytes') {
    return NOT_BYTES;
  }
  const n = value.length;
  let i = 6;
  let ranges: ByteRange[] | null = null;
  let specs = 0;
  let sawSatisfiable = false;
  for (;;) {
    // OWS and empty list elements before a spec (RFC 9110 §5.6.1: "a, , b" is a valid list).
    while (i < n) {
      const c = value.charCodeAt(i);
      if (c === SP || c === HTAB || c === COMMA) i++;
      else break;
    }
    if (i >= n) break;
    if (++specs > MAX_RANGES) return TOO_MANY;

    let first = -1; // -1: suffix-range
    let digits = 0;
    let num = 0;
    let c = value.charCodeAt(i);
    if (isDigit(c)) {
      while (i < n && isDigit((c = value.charCodeAt(i)))) {
        if (digits < MAX_DIGITS) num = num * 10 + (c - DIGIT_0);
        else num = HUGE;
        digits++;
        i++;
      }
      first = num;
    }
    if (i >= n || value.charCodeAt(i) !== DASH) return MALFORMED;
    i++;
    digits = 0;
    num = 0;
    while (i < n && isDigit((c = value.charCodeAt(i)))) {
      if (digits < MAX_DIGITS) num = num * 10 + (c - DIGIT_0);
      else num = HUGE;
      digits++;
      i++;
    }
    // after a spec: OWS, then a comma or the end
    while (i < n && ((c = value.charCodeAt(i)) === SP || c === HTAB)) i++;
    if (i < n && value.charCodeAt(i) !== COMMA) return MALFORMED;

    let start: number;
    let end: number;
    if (first < 0) {
      if (digits === 0) return MALFORMED; // "-" alone
      if (num === 0) continue; // suffix-length 0 selects nothing: unsatisfiable (§14.1.3)
      start = num >= size ? 0 : size - num;
      end = size - 1;
    } else {
      if (digits > 0 && num < first) return MALFORMED; // last-pos < first-pos: invalid (§14.1.1)
      if (first >= size) continue; // does not overlap the file: unsatisfiable
      start = first;
      end = digits === 0 || num >= size ? size - 1 : num; // clamp (§14.1.3)
    }
    if (size === 0) continue;
    sawSatisfiable = true;
    (ranges ??= []).push({ start, end });
  }
  if (specs === 0) return MALFORMED; // "bytes=" with no spec
  if (size === 0) return EMPTY_FILE;
  if (!sawSatisfiable || ranges === null) return UNSATISFIABLE;
  if (ranges.length > 1 && overlaps(ranges)) return OVERLAP;
  return { kind: 'ranges', ranges };
}

/**
 * Two ranges that share a byte. RFC 9110 §14.2 lets a server ignore such a set: overlapping
 * ranges only serve to make the answer bigger than the file.
 */
function overlaps(ranges: readonly ByteRange[]): boolean {
  // at most MAX_RANGES entries: the quadratic check is 120 comparisons at worst, no sort needed
  for (let a = 0; a < ranges.length; a++) {
    for (let b = a + 1; b < ranges.length; b++) {
      if (ranges[a].start <= ranges[b].end && ranges[b].start <= ranges[a].end) return true;
    }
  }
  return false;
}

/** `Content-Range` for one part of a 206 (RFC 9110 §14.4). */
export function contentRange(range: ByteRange, size: number): string {
  return `bytes ${range.start}-${range.end}/${size}`;
}

/** `Content-Range` for a 416: the current length, so the client can ask again (RFC 9110 §14.4). */
export function unsatisfiedRange(size: number): string {
  return `bytes */${size}`;
}
