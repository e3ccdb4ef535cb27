/**
 * Drives an event source into a response as `text/event-stream` (WHATWG HTML §9.2).
 *
 * - The head goes out with the first event, or as soon as the source is waiting for one (the
 *   first read has not settled by the next turn of the event loop): the client's EventSource
 *   opens and `requestTimeoutMs` sees an answered request. A source that fails before that
 *   (a generator that throws before its first `yield`, an Observable that errors at once) is
 *   rejected with its own error, which the route's error path answers (JSON, filters).
 * - Backpressure: write() returning false stops reading the source until drained(), so a
 *   slow client holds the source back instead of making us buffer.
 * - The client leaving (the response finishes with an error) calls the iterator's return():
 *   an Observable is unsubscribed at once, a generator's `finally` runs at its next `yield`
 *   (a generator blocked in an `await` can watch `req.signal`).
 * - The source ending ends the response (chunked terminator). The source failing after the
 *   head rejects with an SseStreamError naming the route: the route's error path can only
 *   cut the stream then, and the engine logs it through the app logger.
 */
import type { Response } from '../../http/response';
import { SseStreamError } from './errors';
import { type SsePlan, toEventSource } from './event-source';
import { encodeEvent, HEARTBEAT } from './message-event';

const NOT_YET = Symbol('not settled');

export function sendEventStream(res: Response, result: unknown, status: number, plan: SsePlan): Promise<void> | undefined {
  const source = toEventSource(result, plan);
  res.status(status);
  // The type is what makes it an event stream for the client, whatever was set before.
  res.setHeader('Content-Type', 'text/event-stream');
  if (!res.hasHeader('cache-control')) res.setHeader('Cache-Control', 'no-cache');
  // nginx buffers proxied answers by default, holding events back until a buffer fills.
  if (!res.hasHeader('x-accel-buffering')) res.setHeader('X-Accel-Buffering', 'no');
  if (res.request.method === 'HEAD') {
    // The head a GET would get, without framing a body; the source is never read.
    res.write('');
    res.end();
    return undefined;
  }
  return new EventStream(res, source[Symbol.asyncIterator](), plan).run();
}

class EventStream {
  private gone = false;
  /** the iterator's return(), called once; settles with what it threw, if anything. */
  private closing: Promise<{ error: unknown } | null> | null = null;
  private heartbeat: NodeJS.Timeout | null = null;
  /** a write returned false and the socket has not drained: no heartbeat piles up behind it. */
  private congested = false;
  private events = 0;

  constructor(
    private readonly res: Response,
    private readonly iterator: AsyncIterator<unknown>,
    private readonly plan: SsePlan,
  ) {
    res.onFinish((error) => {
      this.stopHeartbeat();
      if (error !== undefined) {
        this.gone = true;
        this.closeSource();
      }
    });
  }

  async run(): Promise<void> {
    try {
      const first = this.iterator.next();
      let step = await settledBeforeNextTurn(first);
      if (step === NOT_YET) {
        this.open();
        step = await first;
      }
      while (!step.done && !this.gone) {
        const text = encodeEvent(step.value, this.plan.owner);
        this.open();
        this.events++;
        if (!this.res.write(text)) await this.waitForDrain();
        if (this.gone) break;
        step = await this.iterator.next();
      }
    } catch (error) {
      this.stopHeartbeat();
      this.closeSource();
      if (this.gone) return this.reportClose();
      // A throw may come from the encoder while the source is still open: close it too.
      await this.closing;
      if (!this.res.headersSent) throw error;
      throw new SseStreamError(this.plan.owner, this.events, error);
    }
    this.stopHeartbeat();
    if (this.gone) return this.reportClose();
    this.res.end();
  }

  /** Sends the head (once) and starts the heartbeat. */
  private open(): void {
    if (this.res.headersSent) return;
    this.res.write('');
    const ms = this.plan.heartbeatMs;
    if (ms > 0) {
      this.heartbeat = setInterval(() => this.ping(), ms);
      this.heartbeat.unref(); // an open stream must not keep a closing process alive
    }
  }

  private ping(): void {
    if (this.congested || this.gone) return;
    if (!this.res.write(HEARTBEAT)) void this.waitForDrain();
  }

  private async waitForDrain(): Promise<void> {
    this.congested = true;
    await this.res.drained();
    this.congested = false;
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }

  /** return() once: unsubscribes an Observable, runs a generator's finally (at its next yield). */
  private closeSource(): void {
    if (this.closing !== null) return;
    const close = this.iterator.return;
    let closed: Promise<unknown>;
    try {
      closed = Promise.resolve(typeof close === 'function' ? close.call(this.iterator) : undefined);
    } catch (error) {
      closed = Promise.reject(error);
    }
    this.closing = closed.then(() => null, (error: unknown) => ({ error }));
  }

  /** The client left: nothing to answer, but a source whose cleanup threw is the app's bug to hear about. */
  private async reportClose(): Promise<void> {
    const failure = await this.closing;
    if (failure != null) throw new SseStreamError(this.plan.owner, this.events, failure.error);
  }
}

/** The promise's result if it settles before the next macrotask (rejecting if it rejects), else NOT_YET. */
function settledBeforeNextTurn<T>(promise: Promise<T>): Promise<T | typeof NOT_YET> {
  return new Promise((resolve, reject) => {
    const timer = setImmediate(() => resolve(NOT_YET));
    promise.then(
      (value) => {
        clearImmediate(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearImmediate(timer);
        reject(error);
      },
    );
  });
}
