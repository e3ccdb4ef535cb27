/**
 * Status lines, built once. A response's first line is a lookup instead of a template
 * string per request (the hot path of every response).
 */
import { STATUS_TEXT } from './errors';

// Indexed by status code (100..999): a dense array lookup is cheaper than a Map or an object
// keyed by number, and codes outside STATUS_TEXT are built on first use and kept.
const LINES: string[] = new Array(1000);
for (const key of Object.keys(STATUS_TEXT)) {
  const code = Number(key);
  LINES[code] = `HTTP/1.1 ${code} ${STATUS_TEXT[code]}\r\n`;
}

/**
 * `HTTP/1.1 200 OK\r\n` for `code`. We always answer with our own version, 1.1, also to 1.0
 * clients (RFC 9110 §6.2: a server sends the highest minor version it conforms to).
 * An unknown code gets an empty reason phrase, which RFC 9112 §4 allows.
 */
export function statusLine(code: number): string {
  return LINES[code] ?? (LINES[code] = `HTTP/1.1 ${code} ${STATUS_TEXT[code] ?? ''}\r\n`);
}

/** The reason phrase for a status ('' when unknown). */
export function reasonPhrase(code: number): string {
  return STATUS_TEXT[code] ?? '';
}

/** The interim answer to `Expect: 100-continue` (RFC 9110 §10.1.1, §15.2.1). */
export const CONTINUE_LINE = 'HTTP/1.1 100 Continue\r\n\r\n';
