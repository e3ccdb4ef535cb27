/**
 * What an @Sse handler may return, read as one async iterator of events: an async iterable
 * (an `async *` generator), an Observable-like (through ObservableEvents), or a sync iterable
 * (an array of events). Anything else is an SseSourceError naming the route.
 */
import { isThenable } from '../thenable';
import { SseSourceError } from './errors';
import { isObservableLike, ObservableEvents } from './observable-source';

export interface SsePlan {
  /** `Class.method`, for errors and the log. */
  readonly owner: string;
  /** a `: ping` comment every heartbeatMs while the stream is open; 0: none. */
  readonly heartbeatMs: number;
  /** events an Observable may get ahead of the client before the stream is closed. */
  readonly bufferSize: number;
}

export function toEventSource(result: unknown, plan: SsePlan): AsyncIterable<unknown> {
  if (result instanceof ObservableEvents) return result;
  if (result !== null && typeof result === 'object') {
    if (typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') return result as AsyncIterable<unknown>;
    if (isObservableLike(result)) return new ObservableEvents(result, plan.bufferSize, plan.owner);
    if (typeof (result as Iterable<unknown>)[Symbol.iterator] === 'function') return fromSync(result as Iterable<unknown>);
  }
  throw new SseSourceError(plan.owner, describe(result));
}

/**
 * The handler of an @Sse route as the route chain calls it: an Observable it returns (or
 * resolves to) becomes an async iterable here, before interceptors see it — they get an
 * iterable to pass on or wrap, never an Observable (which the chain refuses elsewhere: it
 * has no RxJS to run one). Nothing is subscribed until the stream reads its first event.
 */
export function eventSourceHandler(handler: (...args: unknown[]) => unknown, plan: SsePlan): (...args: unknown[]) => unknown {
  const adapt = (result: unknown): unknown => (isObservableLike(result) ? new ObservableEvents(result, plan.bufferSize, plan.owner) : result);
  return function (this: unknown, ...args: unknown[]): unknown {
    const result = handler.apply(this, args);
    return isThenable(result) ? Promise.resolve(result).then(adapt) : adapt(result);
  };
}

async function* fromSync(events: Iterable<unknown>): AsyncGenerator<unknown> {
  yield* events;
}

function describe(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return `an object (${value.constructor?.name ?? 'Object'}) that is neither iterable nor an Observable`;
  return `a ${typeof value}`;
}
