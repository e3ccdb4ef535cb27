/**
 * `@Sse(path?, options?)`: a GET route whose handler returns (or resolves to) an async
 * iterable or an Observable of `{ data, id?, event?, retry? }` events, sent as
 * `text/event-stream` (WHATWG HTML §9.2) — NestJS's `@Sse()`, with a heartbeat and a bound.
 */
import { META } from '../metadata/keys';
import { Get } from './route';

export interface SseOptions {
  /** a `: ping` comment this often (ms) keeps proxies from closing a quiet stream; 0 for none. Default 15 000. */
  heartbeatMs?: number;
  /** events an Observable may get ahead of a slow client before the stream is closed. Default 1024. */
  bufferSize?: number;
}

export const SSE_DEFAULTS: Required<SseOptions> = { heartbeatMs: 15_000, bufferSize: 1024 };

export function Sse(path = '', options: SseOptions = {}): MethodDecorator {
  const settings = checkOptions(path, options);
  const get = Get(path);
  return (target, property, descriptor?: PropertyDescriptor) => {
    get(target, property, descriptor!);
    Reflect.defineMetadata(META.sse, settings, target, property);
  };
}

/** A wrong option is the code's mistake: thrown where the decorator is written. */
function checkOptions(path: string, options: SseOptions): Required<SseOptions> {
  const site = `@Sse(${JSON.stringify(path)}, …)`;
  if (options === null || typeof options !== 'object') throw new TypeError(`${site}: the options are an object { heartbeatMs?, bufferSize? }`);
  for (const key of Object.keys(options)) {
    if (!(key in SSE_DEFAULTS)) throw new TypeError(`${site}: unknown option '${key}'; the options are heartbeatMs and bufferSize`);
  }
  const settings = { ...SSE_DEFAULTS };
  const { heartbeatMs, bufferSize } = options;
  if (heartbeatMs !== undefined) {
    // setInterval clamps past 2^31-1 ms to 1 ms: a typo there would ping without pause.
    if (!Number.isInteger(heartbeatMs) || heartbeatMs < 0 || heartbeatMs > 2 ** 31 - 1) {
      throw new TypeError(`${site}: heartbeatMs is a whole number of ms from 0 (no heartbeat) to 2147483647, got ${String(heartbeatMs)}`);
    }
    settings.heartbeatMs = heartbeatMs;
  }
  if (bufferSize !== undefined) {
    if (!Number.isInteger(bufferSize) || bufferSize < 1) throw new TypeError(`${site}: bufferSize is a whole number of events >= 1, got ${String(bufferSize)}`);
    settings.bufferSize = bufferSize;
  }
  return settings;
}
