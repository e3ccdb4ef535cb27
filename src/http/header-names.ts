/**
 * Interned lower-case header names.
 *
 * Why: every request carries a dozen of the same field names. Matching the bytes against a
 * small table (bucketed by length, first byte compared before the rest) hands out one shared
 * lower-case string instead of slicing and lower-casing a new one per field, and gives the
 * parser a numeric id for the fields that decide framing, so it never compares strings.
 */
import { LOWER, bytes } from './chars';

/** ids of the fields the parser acts on; 0 means "not one of the known names". */
export const H_UNKNOWN = 0;
export const H_HOST = 1;
export const H_CONTENT_LENGTH = 2;
export const H_TRANSFER_ENCODING = 3;
export const H_CONNECTION = 4;
export const H_EXPECT = 5;
export const H_UPGRADE = 6;
/** first id of the names that are interned but carry no meaning for the parser. */
export const H_FIRST_PLAIN = 7;

const NAMES: readonly string[] = [
  '', 'host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade',
  'accept', 'accept-encoding', 'accept-language', 'accept-charset', 'user-agent', 'content-type',
  'cookie', 'authorization', 'cache-control', 'referer', 'origin', 'pragma', 'if-none-match',
  'if-modified-since', 'if-match', 'if-unmodified-since', 'if-range', 'range', 'x-forwarded-for',
  'x-forwarded-proto', 'x-forwarded-host', 'x-real-ip', 'x-request-id', 'x-requested-with',
  'keep-alive', 'te', 'trailer', 'dnt', 'priority', 'via', 'forwarded', 'date',
  'content-encoding', 'sec-fetch-site', 'sec-fetch-mode', 'sec-fetch-dest', 'sec-fetch-user',
  'sec-ch-ua', 'sec-ch-ua-mobile', 'sec-ch-ua-platform', 'upgrade-insecure-requests',
];

interface Known {
  readonly id: number;
  readonly first: number;
  readonly lower: Uint8Array;
}

const BY_LENGTH: (Known[] | undefined)[] = [];
for (let id = 1; id < NAMES.length; id++) {
  const lower = bytes(NAMES[id]);
  (BY_LENGTH[lower.length] ??= []).push({ id, first: lower[0], lower });
}

/** id of the field name in buf[s, e) (any case), or H_UNKNOWN. */
export function headerNameId(buf: Buffer, s: number, e: number): number {
  const bucket = BY_LENGTH[e - s];
  if (bucket === undefined) return H_UNKNOWN;
  const first = LOWER[buf[s]];
  for (let k = 0; k < bucket.length; k++) {
    const known = bucket[k];
    if (known.first !== first) continue;
    const lower = known.lower;
    let i = 1;
    while (i < lower.length && LOWER[buf[s + i]] === lower[i]) i++;
    if (i === lower.length) return known.id;
  }
  return H_UNKNOWN;
}

/** the interned lower-case string of a known id. */
export function headerNameOf(id: number): string {
  return NAMES[id];
}
