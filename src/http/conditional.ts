/**
 * Conditional requests (RFC 9110 §13): decide, from the request's precondition headers and
 * the file's validators, whether to send the file, answer 304, or answer 412 — and whether
 * an If-Range lets a Range through.
 */
import { etagListMatches, parseHttpDateSeconds } from './etag';

/** The part of a request the evaluation reads (a `Request` has it; so does a spec's stub). */
export interface ConditionalRequest {
  readonly method: string;
  header(name: string): string | undefined;
}

/** What the server knows of the file: '' / NaN when a validator is turned off. */
export interface Validators {
  /** the entity tag we send, '' when ETags are off. */
  readonly etag: string;
  /** Last-Modified in whole seconds (an HTTP-date has no finer grain), NaN when off. */
  readonly lastModifiedSeconds: number;
}

/** The verdict: send (200/206), 304 Not Modified, or 412 Precondition Failed. */
export const Precondition = { Send: 0, NotModified: 304, Failed: 412 } as const;
export type Precondition = (typeof Precondition)[keyof typeof Precondition];

/**
 * RFC 9110 §13.2.2, in its order:
 * 1. If-Match (strong comparison) false → 412;
 * 2. else If-Unmodified-Since, modified after the date → 412;
 * 3. If-None-Match (weak comparison) matches → 304 for GET/HEAD, 412 otherwise;
 * 4. else, for GET/HEAD, If-Modified-Since and not modified since → 304.
 * If-None-Match wins over If-Modified-Since: a client that sends both has a tag, and a tag
 * says more than a one-second date.
 */
export function evaluatePreconditions(req: ConditionalRequest, v: Validators): Precondition {
  const ifMatch = req.header('if-match');
  if (ifMatch !== undefined) {
    if (!etagListMatches(ifMatch, v.etag, true)) return Precondition.Failed;
  } else {
    const ius = req.header('if-unmodified-since');
    if (ius !== undefined && v.lastModifiedSeconds === v.lastModifiedSeconds) {
      const since = parseHttpDateSeconds(ius);
      if (since === since && v.lastModifiedSeconds > since) return Precondition.Failed;
    }
  }
  const getOrHead = req.method === 'GET' || req.method === 'HEAD';
  const ifNoneMatch = req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    if (etagListMatches(ifNoneMatch, v.etag, false)) return getOrHead ? Precondition.NotModified : Precondition.Failed;
    return Precondition.Send;
  }
  if (getOrHead && v.lastModifiedSeconds === v.lastModifiedSeconds) {
    const ims = req.header('if-modified-since');
    if (ims !== undefined) {
      const since = parseHttpDateSeconds(ims);
      if (since === since && v.lastModifiedSeconds <= since) return Precondition.NotModified;
    }
  }
  return Precondition.Send;
}

/**
 * RFC 9110 §13.1.5: with a Range, If-Range says "only if it is still this version, else send
 * me all of it". An entity tag must match by STRONG comparison (so our weak tags never do,
 * and the client gets the whole file — the safe answer: a weak tag cannot promise the bytes
 * it already has line up with ours). A date must equal Last-Modified exactly.
 * No If-Range: the Range stands.
 */
export function ifRangeHolds(req: ConditionalRequest, v: Validators): boolean {
  const value = req.header('if-range');
  if (value === undefined) return true;
  let i = 0;
  while (i < value.length && (value.charCodeAt(i) === 0x20 || value.charCodeAt(i) === 0x09)) i++;
  const c = value.charCodeAt(i);
  if (c === 0x22 /* " */ || (c === 0x57 /* W */ && value.charCodeAt(i + 1) === 0x2f /* / */)) {
    // a weak tag in If-Range is a client error (§13.1.5: MUST NOT be weak); it cannot match anyway
    if (c === 0x57) return false;
    return v.etag !== '' && etagListMatches(value, v.etag, true);
  }
  if (v.lastModifiedSeconds !== v.lastModifiedSeconds) return false;
  const date = parseHttpDateSeconds(value);
  return date === v.lastModifiedSeconds;
}
