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

/** `application/json` and any `+json` structured syntax suffix (RFC 6839 §3.1). */
export function isJsonType(media: string): boolean {
  return media === 'application/json' || media.endsWith('+json');
}
