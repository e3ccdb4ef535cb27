/**
 * The `Date` header (RFC 9110 §6.6.1), formatted at most once a second.
 *
 * Formatting a date costs far more than a response's other headers together; its text
 * changes once a second, so we keep one string and rebuild it lazily when the clock has
 * passed the second it was built for. A lazy check (one Date.now() per response) keeps no
 * timer alive and is always exact, which a 1 s interval refresh would not be.
 */
let line = '';
let validUntil = 0;

/** `Date: Tue, 24 Nov 2026 12:00:00 GMT\r\n`, the same string object for a whole second. */
export function dateHeaderLine(): string {
  const now = Date.now();
  if (now >= validUntil) {
    // toUTCString() is the IMF-fixdate format of RFC 9110 §5.6.7.
    line = `Date: ${new Date(now).toUTCString()}\r\n`;
    validUntil = now - (now % 1000) + 1000;
  }
  return line;
}
