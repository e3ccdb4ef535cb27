/** ObservableEvents: an Observable-like read as an async iterator, with a bounded queue. */
import { expect } from 'chai';
import { SseBufferOverflowError } from '../../../src/core/sse/errors';
import { ObservableEvents, type ObservableLike } from '../../../src/core/sse/observable-source';

type Observer = { next(v: unknown): void; error(e: unknown): void; complete(): void };

function source(): { observable: ObservableLike; observer(): Observer; subscriptions: number; unsubscribed: number } {
  const state = {
    subscriptions: 0,
    unsubscribed: 0,
    current: null as Observer | null,
    observable: {
      subscribe(o: Observer) {
        state.subscriptions++;
        state.current = o;
        return { unsubscribe: () => state.unsubscribed++ };
      },
    } as ObservableLike,
    observer: () => state.current!,
  };
  return state;
}

describe('ObservableEvents', () => {
  it('subscribes on the first read, not before', async () => {
    const s = source();
    const events = new ObservableEvents(s.observable, 10, 'Feed.events');
    expect(s.subscriptions).to.equal(0);
    const first = events.next();
    expect(s.subscriptions).to.equal(1);
    s.observer().next('a');
    expect(await first).to.deep.equal({ done: false, value: 'a' });
  });

  it('gives queued values in order, then done once completed', async () => {
    const s = source();
    const events = new ObservableEvents(s.observable, 10, 'Feed.events');
    const first = events.next();
    s.observer().next(1);
    s.observer().next(2);
    s.observer().next(3);
    s.observer().complete();
    expect([await first, await events.next(), await events.next(), await events.next()]).to.deep.equal([
      { done: false, value: 1 }, { done: false, value: 2 }, { done: false, value: 3 }, { done: true, value: undefined },
    ]);
  });

  it('takes values emitted synchronously during subscribe', async () => {
    const events = new ObservableEvents({ subscribe: (o: Observer) => (o.next('now'), o.complete(), { unsubscribe() {} }) }, 10, 'Feed.events');
    expect(await events.next()).to.deep.equal({ done: false, value: 'now' });
    expect((await events.next()).done).to.equal(true);
  });

  it("rejects with the Observable's error after the values before it", async () => {
    const s = source();
    const events = new ObservableEvents(s.observable, 10, 'Feed.events');
    void events.next().then(undefined, () => undefined);
    const boom = new Error('boom');
    s.observer().next(1);
    s.observer().error(boom);
    try {
      await events.next();
      expect.fail('should reject');
    } catch (error) {
      expect(error).to.equal(boom);
    }
  });

  it('unsubscribes on return() and ends a pending read', async () => {
    const s = source();
    const events = new ObservableEvents(s.observable, 10, 'Feed.events');
    const pending = events.next();
    await events.return();
    expect(s.unsubscribed).to.equal(1);
    expect((await pending).done).to.equal(true);
  });

  it('fails with SseBufferOverflowError and unsubscribes once bufferSize values wait unread, holding no more', async () => {
    const s = source();
    const events = new ObservableEvents(s.observable, 3, 'Feed.events');
    const first = events.next();
    for (let i = 0; i < 10; i++) s.observer().next(i); // the first goes to the pending read, 3 queue, the 5th overflows
    expect(s.unsubscribed).to.equal(1);
    expect(await first).to.deep.equal({ done: false, value: 0 });
    try {
      await events.next();
      expect.fail('should reject');
    } catch (error) {
      expect(error).to.be.instanceOf(SseBufferOverflowError);
      expect((error as Error).message).to.include('Feed.events').and.include('bufferSize');
    }
  });

  it('unsubscribes after subscribe returns when a synchronous burst overflowed during it', () => {
    let unsubscribed = 0;
    const burst = { subscribe: (o: Observer) => { for (let i = 0; i < 100; i++) o.next(i); return { unsubscribe: () => unsubscribed++ }; } };
    const events = new ObservableEvents(burst, 5, 'Feed.events');
    void events.next().then(undefined, () => undefined);
    expect(unsubscribed).to.equal(1);
  });
});
