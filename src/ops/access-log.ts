/**
 * The access log: one line per request — time, method, path, status, bytes, ms, request id,
 * client address — as text or JSON, written through the logger (or any line sink).
 */
export interface AccessLogEntry {
  time: Date;
  method: string;
  path: string;
  status: number;
  bytes: number;
  ms: number;
  requestId: string;
  remoteAddress: string;
  /** the connection closed before the response was complete (the client went away). */
  aborted: boolean;
}

export type AccessLogFormat = 'text' | 'json';

export function formatAccessLog(entry: AccessLogEntry, format: AccessLogFormat): string {
  const ms = Math.round(entry.ms * 1000) / 1000;
  if (format === 'json') {
    return JSON.stringify({
      time: entry.time.toISOString(), method: entry.method, path: entry.path, status: entry.status,
      bytes: entry.bytes, ms, requestId: entry.requestId, remoteAddress: entry.remoteAddress, aborted: entry.aborted,
    });
  }
  // The path is the raw request path: it is visible ASCII by the parser's rules, so it cannot
  // break the line; quoting it keeps the fields splittable on spaces anyway. A field with no
  // value (no request id with `requestId: false`, no peer address) is '-', as in common log format.
  const line = `${entry.time.toISOString()} ${entry.method} "${entry.path}" ${entry.status} ${entry.bytes}B ${ms}ms id=${entry.requestId || '-'} ip=${entry.remoteAddress || '-'}`;
  return entry.aborted ? line + ' aborted' : line;
}
