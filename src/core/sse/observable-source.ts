/**
 * An RxJS-style Observable (anything with `subscribe(observer)` returning something with
 * `unsubscribe()`) read as an async iterator, so Nest code returning `interval(1000).pipe(…)`
 * runs unchanged on the same driver as an `async *` generator, without depending on RxJS.
 *
 * An Observable pushes; the socket takes what the client reads. Events wait in a queue of at
 * most `limit`: past it the client is too slow for this stream, and the stream is closed
 * (unsubscribed, SseBufferOverflowError) rather than dropping events silently or growing
 * memory without bound — the client's EventSource reconnects with Last-Event-ID, and a
 * stream where only the latest value matters can `sample()` / `throttleTime()` itself.
 */
import { SseBufferOverflowError } from './errors';

export interface ObservableLike<T = unknown> {
  subscribe(observer: { next(value: T): void; error(error: unknown): void; complete(): void }): unknown;
}

export function isObservableLike(value: unknown): value is ObservableLike {
  return value !== null && typeof value === 'object' && typeof (value as { subscribe?: unknown }).subscribe === 'function';
}

type Waiter = { resolve(step: IteratorResult<unknown>): void; reject(error: unknown): void };

const DONE: IteratorResult<unknown> = Object.freeze({ done: true, value: undefined });

export class ObservableEvents implements AsyncIterableIterator<unknown> {
  private subscribed = false;
  /** unsubscribed, or the observable finished: later emissions are ignored. */
  private closed = false;
  private completed = false;
  private failure: { error: unknown } | null = null;
  private subscription: unknown;
  private queue: unknown[] = [];
  /** index of the oldest queued event: shift() on every read would copy the queue. */
  private head = 0;
  private waiter: Waiter | null = null;

  constructor(
    private readonly observable: ObservableLike,
    private readonly limit: number,
    private readonly owner: string,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  /** Subscribes on the first read: nothing runs for a HEAD request or a refused one. */
  next(): Promise<IteratorResult<unknown>> {
    if (!this.subscribed) this.start();
    if (this.head < this.queue.length) {
      const value = this.queue[this.head];
      this.queue[this.head++] = undefined;
      if (this.head === this.queue.length) this.queue.length = this.head = 0;
      return Promise.resolve({ done: false, value });
    }
    if (this.failure !== null) return Promise.reject(this.failure.error);
    if (this.completed) return Promise.resolve(DONE);
    return new Promise((resolve, reject) => (this.waiter = { resolve, reject }));
  }

  /** The client left or the driver stopped: unsubscribe now (the Observable's teardown runs). */
  return(): Promise<IteratorResult<unknown>> {
    this.completed = true;
    this.queue.length = this.head = 0;
    this.unsubscribe();
    this.wake(DONE);
    return Promise.resolve(DONE);
  }

  /** Not named subscribe: this object must not itself look like an Observable. */
  private start(): void {
    this.subscribed = true;
    try {
      this.subscription = this.observable.subscribe({
        next: (value) => this.push(value),
        error: (error) => this.fail(error),
        complete: () => this.complete(),
      });
    } catch (error) {
      this.fail(error);
    }
    // Closed while subscribing (a synchronous burst past the limit): the subscription exists only now.
    if (this.closed) this.unsubscribe();
  }

  private push(value: unknown): void {
    if (this.closed) return;
    if (this.waiter !== null) return this.wake({ done: false, value });
    if (this.queue.length - this.head >= this.limit) return this.fail(new SseBufferOverflowError(this.owner, this.limit));
    this.queue.push(value);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.queue.length = this.head = 0;
    this.unsubscribe();
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.reject(error);
  }

  private complete(): void {
    if (this.closed) return;
    this.completed = true;
    this.closed = true;
    this.wake(DONE);
  }

  private wake(step: IteratorResult<unknown>): void {
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.resolve(step);
  }

  private unsubscribe(): void {
    this.closed = true;
    const subscription = this.subscription as { unsubscribe?: () => void } | (() => void) | undefined;
    if (subscription === undefined) return;
    this.subscription = undefined;
    if (typeof subscription === 'function') subscription();
    else if (typeof subscription?.unsubscribe === 'function') subscription.unsubscribe();
  }
}
