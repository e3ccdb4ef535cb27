/**
 * Validators (RFC 9110 §8.8): the entity tag and the modification date of a file, and the
 * two ways of comparing entity tags (§8.8.3.2). No state; each function reads its strings
 * once, left to right, without regex or splitting.
 */

/**
 * A weak entity tag from a file's size and modification time, both in hex:
 * `W/"1a2b-18c0f3e2d41"`. Weak (§8.8.1) because two writes in the same millisecond with the
 * same size give the same tag: good enough to answer 304, not a promise that the bytes are
 * identical — so a weak tag never satisfies If-Match or If-Range (strong comparison).
 */
export function weakFileEtag(size: number, mtimeMs: number): string {
  return `W/"${size.toString(16)}-${Math.floor(mtimeMs).toString(16)}"`;
}

/** An IMF-fixdate (RFC 9110 §5.6.7) for Last-Modified, from milliseconds since the epoch. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString(); // toUTCString() is exactly IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT"
}

// The three forms of RFC 9110 §5.6.7, exactly (HTTP-date is case-sensitive, always GMT).
// Fixed-width patterns: nothing to backtrack over.
const IMF_FIXDATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun), (\d\d) ([A-Z][a-z][a-z]) (\d{4}) (\d\d):(\d\d):(\d\d) GMT$/;
const RFC850_DATE = /^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\d\d)-([A-Z][a-z][a-z])-(\d\d) (\d\d):(\d\d):(\d\d) GMT$/;
const ASCTIME_DATE = /^(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun) ([A-Z][a-z][a-z]) ([ \d]\d) (\d\d):(\d\d):(\d\d) (\d{4})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTTP-date in seconds since the epoch, or NaN when it is not one (an invalid date in a
 * conditional header is ignored, RFC 9110 §13.1.3). Reads exactly the three forms §5.6.7
 * asks recipients to accept — IMF-fixdate, RFC 850 and asctime — all in UTC.
 *
 * Not `Date.parse`: it reads asctime (which has no zone) in the process's LOCAL zone, takes
 * "2100" or "1" as dates (so `If-Modified-Since: 2100` answered 304 for ever), and rolls
 * "31 Feb" over into March.
 */
export function parseHttpDateSeconds(value: string): number {
  let a = 0;
  let b = value.length;
  while (a < b && (value.charCodeAt(a) === 0x20 || value.charCodeAt(a) === 0x09)) a++;
  while (b > a && (value.charCodeAt(b - 1) === 0x20 || value.charCodeAt(b - 1) === 0x09)) b--;
  const text = a === 0 && b === value.length ? value : value.slice(a, b);
  let m: RegExpExecArray | null;
  if ((m = IMF_FIXDATE.exec(text)) !== null) return utcSeconds(+m[3], m[2], +m[1], +m[4], +m[5], +m[6]);
  if ((m = ASCTIME_DATE.exec(text)) !== null) return utcSeconds(+m[6], m[1], +m[2], +m[3], +m[4], +m[5]);
  if ((m = RFC850_DATE.exec(text)) !== null) {
    // §5.6.7: a two-digit year more than 50 years in the future is the latest past year
    // with those two digits.
    const thisYear = new Date().getUTCFullYear();
    let year = thisYear - (thisYear % 100) + +m[3];
    if (year > thisYear + 50) year -= 100;
    return utcSeconds(year, m[2], +m[1], +m[4], +m[5], +m[6]);
  }
  return NaN;
}

function utcSeconds(year: number, monthName: string, day: number, hour: number, minute: number, second: number): number {
  const month = MONTHS.indexOf(monthName);
  // second 60: a leap second (§5.6.7 allows it); it counts as the next minute's 0.
  if (month < 0 || day < 1 || hour > 23 || minute > 59 || second > 60) return NaN;
  const date = new Date(0);
  date.setUTCFullYear(year, month, day); // not Date.UTC: it maps years 0-99 to 1900-1999
  if (date.getUTCDate() !== day) return NaN; // 31 Feb rolled over into March
  date.setUTCHours(hour, minute, second, 0);
  return Math.floor(date.getTime() / 1000);
}

const DQUOTE = 0x22;
const COMMA = 0x2c;
const SP = 0x20;
const HTAB = 0x09;
const W = 0x57;
const SLASH = 0x2f;

/**
 * Whether the field value `list` (`*` or `#entity-tag`, as in If-Match / If-None-Match)
 * names `ours`. `strong`: RFC 9110 §8.8.3.2 strong comparison — both tags must be strong
 * and their opaque parts equal; otherwise weak comparison — the opaque parts equal.
 * `*` matches any current representation (there is one: we are about to send it).
 * A malformed member ends the scan: what was read so far decides.
 */
export function etagListMatches(list: string, ours: string, strong: boolean): boolean {
  const n = list.length;
  let i = 0;
  while (i < n && (list.charCodeAt(i) === SP || list.charCodeAt(i) === HTAB)) i++;
  if (list.charCodeAt(i) === 0x2a /* * */) return true;
  if (ours === '') return false;
  const oursWeak = ours.charCodeAt(0) === W;
  if (strong && oursWeak) return false;
  const opaque = oursWeak ? ours.slice(2) : ours;
  for (;;) {
    while (i < n) {
      const c = list.charCodeAt(i);
      if (c === SP || c === HTAB || c === COMMA) i++;
      else break;
    }
    if (i >= n) return false;
    let weak = false;
    if (list.charCodeAt(i) === W) {
      if (list.charCodeAt(i + 1) !== SLASH) return false;
      weak = true;
      i += 2;
    }
    if (list.charCodeAt(i) !== DQUOTE) return false;
    const close = list.indexOf('"', i + 1);
    if (close < 0) return false;
    // etagc excludes DQUOTE, so the tag ends at the first quote after the opening one: a
    // prefix match of our opaque tag (which ends with its own quote) is an exact match.
    if (close - i + 1 === opaque.length && list.startsWith(opaque, i) && !(strong && weak)) return true;
    i = close + 1;
  }
}
