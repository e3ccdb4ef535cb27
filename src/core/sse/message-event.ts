/**
 * One server-sent event on the wire, per the WHATWG HTML standard §9.2.6 ("Interpreting an
 * event stream"): `id:`, `event:`, `retry:` lines, one `data:` line per line of the data, then
 * a blank line. CR, LF and CRLF all end a line there, so:
 * - a data string is split on each of them into several `data:` lines — the client joins them
 *   back with LF (a CRLF inside data thus arrives as LF: the format cannot carry a CR);
 * - a CR or LF in `id` or `event` would start a new field (`event: x\ndata: forged`): such an
 *   event is refused with an SseEventError, never sent altered. NUL in `id` too: the client
 *   ignores such an id (§9.2.6), so a resume would silently restart from nothing.
 */
import { SseEventError } from './errors';

/** NestJS's MessageEvent: `data` a string sent as is, anything else sent as JSON. */
export interface MessageEvent {
  data: string | object | number | boolean | null;
  id?: string | number;
  /** the event type: the client's `addEventListener(type)`; `message` when absent. */
  event?: string;
  /** the client's reconnection delay in ms (a whole number). */
  retry?: number;
}

const LINE_BREAK = /\r\n|\r|\n/;
const BREAKS_A_FIELD = /[\r\n]/;
const BREAKS_AN_ID = /[\r\n\0]/;

/** `owner` names the route in the error. Throws SseEventError for an event that cannot be sent. */
export function encodeEvent(event: unknown, owner: string): string {
  if (event === null || typeof event !== 'object' || !('data' in event)) {
    throw new SseEventError(owner, `got ${describe(event)}; yield or emit objects \`{ data, id?, event?, retry? }\``);
  }
  const { data, id, event: type, retry } = event as MessageEvent;
  let out = '';
  if (id !== undefined) {
    const text = String(id);
    if (BREAKS_AN_ID.test(text)) throw new SseEventError(owner, `its id ${JSON.stringify(text)} contains CR, LF or NUL`);
    out += 'id: ' + text + '\n';
  }
  if (type !== undefined) {
    if (typeof type !== 'string' || BREAKS_A_FIELD.test(type)) {
      throw new SseEventError(owner, `its event ${JSON.stringify(type)} is not a string without CR or LF`);
    }
    out += 'event: ' + type + '\n';
  }
  if (retry !== undefined) {
    if (!Number.isSafeInteger(retry) || retry < 0) throw new SseEventError(owner, `its retry ${String(retry)} is not a whole number of ms >= 0`);
    out += 'retry: ' + retry + '\n';
  }
  const text = typeof data === 'string' ? data : toJson(data);
  if (text === undefined) throw new SseEventError(owner, `its data (${typeof data}) cannot be sent as JSON`);
  for (const line of text.split(LINE_BREAK)) out += 'data: ' + line + '\n';
  return out + '\n';
}

/** A comment line: ignored by clients, it keeps proxies from closing an idle stream. */
export const HEARTBEAT = ': ping\n\n';

/** undefined for what JSON cannot carry (undefined, a function, a BigInt, a cycle). */
function toJson(value: unknown): string | undefined {
  try {
    return JSON.stringify(value);
  } catch {
    return undefined;
  }
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value)}`;
  if (typeof value === 'object') return `an object without data (${Object.keys(value).slice(0, 5).join(', ') || 'no keys'})`;
  return typeof value;
}
