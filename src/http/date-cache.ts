/**
 * The `Date` header (RFC 9110 §6.6.1), formatted at most once a second.
 *
 * Formatting a date costs more than a response's other headers together, and even reading
 * the clock per response showed in profiles (~5% of a pipelined hello). So the line is kept
 * until the wall clock reaches the next second, where one unref'd timeout clears it; the next
 * response formats it again. Per response: one string check. No traffic, no timer.
 */
let line = '';

function expire(): void {
  line = '';
}

/** `Date: Tue, 24 Nov 2026 12:00:00 GMT\r\n`, the same string object for a whole second. */
export function dateHeaderLine(): string {
  if (line !== '') return line;
  const now = Date.now();
  // toUTCString() is the IMF-fixdate format of RFC 9110 §5.6.7.
  line = `Date: ${new Date(now).toUTCString()}\r\n`;
  setTimeout(expire, 1000 - (now % 1000)).unref();
  return line;
}
