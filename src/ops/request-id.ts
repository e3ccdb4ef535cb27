/**
 * Request ids: a client's `X-Request-Id` is kept when it is a sane token (so a trace crosses
 * our server), otherwise we make one. Ours are a per-process random prefix and a counter:
 * unique per process, cheap (no crypto call per request), and sortable within a process.
 */
import { randomBytes } from 'node:crypto';

const MAX_ID_LENGTH = 128;

/** Letters, digits and `-_.:/+=` — enough for UUIDs, ULIDs and trace ids, nothing that breaks a log line. */
const ID_CHAR = new Uint8Array(128);
for (const c of 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_.:/+=') ID_CHAR[c.charCodeAt(0)] = 1;

export function isSaneRequestId(value: string | undefined): value is string {
  if (value === undefined || value.length === 0 || value.length > MAX_ID_LENGTH) return false;
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if (code >= 128 || ID_CHAR[code] === 0) return false;
  }
  return true;
}

export class RequestIdGenerator {
  private readonly prefix = randomBytes(6).toString('base64url') + '-';
  private counter = 0;

  next(): string {
    this.counter = (this.counter + 1) % Number.MAX_SAFE_INTEGER;
    return this.prefix + this.counter.toString(36);
  }
}
