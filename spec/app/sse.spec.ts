/**
 * @Sse over a real port: the wire format (WHATWG HTML §9.2), the lifecycle (the client leaving
 * stops the source, the source ending ends the answer, failing before / after the head),
 * backpressure, and the route features (guards, interceptors, @Header, HEAD, requestTimeoutMs).
 */
import { expect } from 'chai';
import net from 'node:net';
import { Controller } from '../../src/core/decorators/controller';
import { Header } from '../../src/core/decorators/response';
import { Sse } from '../../src/core/decorators/sse';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { UseInterceptors } from '../../src/core/decorators/use-interceptors';
import { Module } from '../../src/core/di/module';
import { NotFoundException } from '../../src/core/exceptions/http-exception';
import type { CallHandler } from '../../src/core/interceptors';
import type { ObservableLike } from '../../src/core/sse/observable-source';
import type { App } from '../../src/app/app';
import { Req } from '../../src/core/decorators/params';
import type { MessageEvent } from '../../src/core/sse/message-event';
import { Request } from '../../src/http/request';
import { makeApp, recordingLogger, type RecordingLogger } from './helpers';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Probes the routes set, reset before each spec. */
const seen = { finally: 0, unsubscribed: 0, pulled: 0, intercepted: [] as string[] };

/** A minimal Observable (no RxJS): `emit` is called with the observer; returns the teardown. */
function observable(emit: (o: { next(v: unknown): void; error(e: unknown): void; complete(): void }) => () => void): ObservableLike {
  return {
    subscribe(observer) {
      const teardown = emit(observer);
      return { unsubscribe: teardown };
    },
  };
}

class DenyGuard {
  canActivate() {
    return false;
  }
}

class RecordingInterceptor {
  async intercept(_context: unknown, next: CallHandler) {
    const result = await next.handle();
    seen.intercepted.push(typeof (result as AsyncIterable<unknown>)[Symbol.asyncIterator]);
    return result;
  }
}

@Controller('sse')
class EventsController {
  @Sse('wire')
  async *wire() {
    yield { data: 'first', id: '1', event: 'greeting', retry: 2000 };
    yield { data: 'a\nb\r\nc\rd' };
    yield { data: '' };
  }

  @Sse('json')
  async *json() {
    yield { data: { n: 1, text: 'two\nlines' }, id: 7 };
  }

  @Sse('observable')
  observable() {
    return observable((o) => {
      o.next({ data: 'x' });
      setTimeout(() => {
        o.next({ data: 'y' });
        o.complete();
      }, 5);
      return () => seen.unsubscribed++;
    });
  }

  @Sse('async-observable')
  async asyncObservable() {
    return this.observable();
  }

  @Sse('quiet', { heartbeatMs: 20 })
  async *quiet() {
    await sleep(2000);
    yield { data: 'late' };
  }

  @Sse('forever', { heartbeatMs: 0 })
  async *forever() {
    try {
      for (let n = 0; ; n++) {
        yield { data: String(n) };
        await sleep(5);
      }
    } finally {
      seen.finally++;
    }
  }

  @Sse('forever-observable', { heartbeatMs: 0 })
  foreverObservable() {
    return observable((o) => {
      let n = 0;
      const timer = setInterval(() => o.next({ data: String(n++) }), 5);
      return () => {
        clearInterval(timer);
        seen.unsubscribed++;
      };
    });
  }

  @Sse('throws-first')
  // eslint-disable-next-line require-yield
  async *throwsFirst(): AsyncGenerator<never> {
    throw new Error('database down');
  }

  @Sse('not-found-first')
  // eslint-disable-next-line require-yield
  async *notFoundFirst(): AsyncGenerator<never> {
    throw new NotFoundException('No such feed');
  }

  @Sse('throws-later')
  async *throwsLater() {
    yield { data: 'one' };
    await sleep(5);
    throw new Error('feed broke');
  }

  @Sse('inject-event')
  async *injectEvent() {
    yield { data: 'ok' };
    try {
      yield { event: 'x\ndata: forged', data: 'real' };
    } finally {
      seen.finally++;
    }
  }

  @Sse('inject-id')
  async *injectId() {
    yield { id: '1\r\nevent: forged', data: 'real' };
  }

  @Sse('flood', { heartbeatMs: 0 })
  async *flood() {
    const piece = 'x'.repeat(16 * 1024);
    for (;;) {
      seen.pulled++;
      yield { data: piece };
    }
  }

  @Sse('flood-observable', { heartbeatMs: 0, bufferSize: 8 })
  floodObservable() {
    return observable((o) => {
      const piece = 'x'.repeat(64 * 1024);
      const timer = setInterval(() => {
        for (let i = 0; i < 50; i++) o.next({ data: piece });
      }, 1);
      return () => {
        clearInterval(timer);
        seen.unsubscribed++;
      };
    });
  }

  @Sse('guarded')
  @UseGuards(DenyGuard)
  async *guarded() {
    yield { data: 'secret' };
  }

  @Sse('intercepted')
  @UseInterceptors(RecordingInterceptor)
  @Header('X-Feed', 'prices')
  intercepted() {
    return observable((o) => {
      o.next({ data: 'through' });
      o.complete();
      return () => undefined;
    });
  }

  @Sse('slow-start')
  async *slowStart() {
    await sleep(150);
    yield { data: 'after the timeout' };
  }

  @Sse('not-a-source')
  notASource() {
    return { data: 'one event, not a stream' };
  }
}

// ---- the example of docs/controllers.md, "Server-sent events", as written there ----
@Controller('feed')
export class FeedController {
  @Sse('prices')
  async *prices(@Req() req: Request): AsyncGenerator<MessageEvent> {
    try {
      for (let n = 1; !req.signal.aborted; n++) {
        yield { id: String(n), event: 'price', data: { symbol: 'ACME', price: 100 + n } };
        await new Promise((resolve) => setTimeout(resolve, 1000));
      }
    } finally {
      // runs when the client goes away, or when the loop ends
      seen.finally++;
    }
  }
}

@Module({ controllers: [EventsController, FeedController] })
class EventsModule {}

/** A raw client: the head, the de-chunked body as it arrives, and whether the chunked body ended. */
class StreamClient {
  readonly socket: net.Socket;
  private raw = Buffer.alloc(0);
  closed = false;

  constructor(port: number, path: string, method = 'GET') {
    this.socket = net.connect(port, '127.0.0.1');
    this.socket.on('data', (d) => (this.raw = Buffer.concat([this.raw, d])));
    this.socket.on('close', () => (this.closed = true));
    this.socket.on('error', () => undefined);
    this.socket.write(`${method} ${path} HTTP/1.1\r\nHost: x\r\nAccept: text/event-stream\r\n\r\n`);
  }

  get head(): string {
    const text = this.raw.toString('latin1');
    const end = text.indexOf('\r\n\r\n');
    return end < 0 ? '' : text.slice(0, end);
  }

  get status(): number {
    return Number(this.head.slice(9, 12));
  }

  header(name: string): string | undefined {
    const line = this.head.split('\r\n').find((l) => l.toLowerCase().startsWith(name.toLowerCase() + ':'));
    return line?.slice(name.length + 1).trim();
  }

  /** A whole answer came: its chunked body ended, or its Content-Length arrived. */
  get complete(): boolean {
    const length = this.header('content-length');
    if (length === undefined) return this.body.ended;
    return this.raw.length >= this.head.length + 4 + Number(length);
  }

  /** The chunked body decoded so far, and whether its last chunk came. */
  get body(): { text: string; ended: boolean } {
    const text = this.raw.toString('latin1');
    let at = text.indexOf('\r\n\r\n');
    if (at < 0) return { text: '', ended: false };
    at += 4;
    let out = '';
    for (;;) {
      const eol = text.indexOf('\r\n', at);
      if (eol < 0) return { text: out, ended: false };
      const size = parseInt(text.slice(at, eol), 16);
      if (size === 0) return { text: out, ended: true };
      if (text.length < eol + 2 + size + 2) return { text: out, ended: false };
      out += text.slice(eol + 2, eol + 2 + size);
      at = eol + 2 + size + 2;
    }
  }

  async until(what: string, test: () => boolean, ms = 3000): Promise<void> {
    const deadline = Date.now() + ms;
    while (!test()) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.raw.toString('latin1'))}`);
      await sleep(2);
    }
  }

  close(): void {
    this.socket.destroy();
  }
}

describe('@Sse: server-sent events over a real port', function () {
  this.timeout(15_000);
  let app: App;
  let port: number;
  let logger: RecordingLogger;

  beforeEach(async () => {
    seen.finally = seen.unsubscribed = seen.pulled = 0;
    seen.intercepted = [];
    logger = recordingLogger();
    app = await makeApp(EventsModule, { requestTimeoutMs: 50, logger });
    port = (await app.listen(0)).port;
  });
  afterEach(() => app.close());

  const errors = () => logger.lines.filter((l) => l.level === 'error');

  async function stream(path: string): Promise<StreamClient> {
    const client = new StreamClient(port, path);
    await client.until('the end of the answer', () => client.complete || client.closed);
    client.close();
    return client;
  }

  it('sends each event as id, event, retry and one data line per line of its data (CRLF, CR, LF), then ends the chunked body', async () => {
    const client = await stream('/sse/wire');
    expect(client.status).to.equal(200);
    expect(client.body).to.deep.equal({
      ended: true,
      text: 'id: 1\nevent: greeting\nretry: 2000\ndata: first\n\n' + 'data: a\ndata: b\ndata: c\ndata: d\n\n' + 'data: \n\n',
    });
  });

  it('answers with Content-Type text/event-stream, Cache-Control no-cache and X-Accel-Buffering no', async () => {
    const client = await stream('/sse/wire');
    expect(client.header('content-type')).to.equal('text/event-stream');
    expect(client.header('cache-control')).to.equal('no-cache');
    expect(client.header('x-accel-buffering')).to.equal('no');
    expect(client.header('transfer-encoding')).to.equal('chunked');
  });

  it('sends data that is not a string as JSON on one line', async () => {
    const client = await stream('/sse/json');
    expect(client.body.text).to.equal('id: 7\ndata: {"n":1,"text":"two\\nlines"}\n\n');
  });

  it('streams an Observable-like (subscribe/unsubscribe, no RxJS) and ends the answer when it completes', async () => {
    const client = await stream('/sse/observable');
    expect(client.body).to.deep.equal({ ended: true, text: 'data: x\n\ndata: y\n\n' });
  });

  it('streams an Observable-like the handler resolves to', async () => {
    const client = await stream('/sse/async-observable');
    expect(client.body.text).to.equal('data: x\n\ndata: y\n\n');
  });

  it('sends a `: ping` comment every heartbeatMs while the source is quiet', async () => {
    const client = new StreamClient(port, '/sse/quiet');
    await client.until('three pings', () => client.body.text.split(': ping\n\n').length > 3);
    client.close();
    expect(client.body.text).to.match(/^(: ping\n\n)+$/);
  });

  it('sends no heartbeat with heartbeatMs 0', async () => {
    const client = new StreamClient(port, '/sse/forever');
    await client.until('events', () => client.body.text.includes('data: 3\n'));
    client.close();
    expect(client.body.text).not.to.include(': ping');
  });

  it("runs the generator's finally when the client disconnects", async () => {
    const client = new StreamClient(port, '/sse/forever');
    await client.until('two events', () => client.body.text.includes('data: 1\n'));
    client.close();
    await client.until('the finally', () => seen.finally === 1);
  });

  it('unsubscribes an Observable-like when the client disconnects', async () => {
    const client = new StreamClient(port, '/sse/forever-observable');
    await client.until('two events', () => client.body.text.includes('data: 1\n'));
    client.close();
    await client.until('the unsubscribe', () => seen.unsubscribed === 1);
  });

  it('answers a JSON 500, and logs it, when the generator throws before its first event', async () => {
    const client = await stream('/sse/throws-first');
    expect(client.status).to.equal(500);
    expect(client.header('content-type')).to.match(/^application\/json/);
    expect(errors().map((l) => l.message).join('\n')).to.include('EventsController.throwsFirst');
  });

  it("answers an HttpException's status when the generator throws one before its first event", async () => {
    const client = new StreamClient(port, '/sse/not-found-first');
    await client.until('the answer', () => client.head !== '');
    client.close();
    expect(client.status).to.equal(404);
  });

  it('answers a guard refusal with its usual 403 and does not run the handler', async () => {
    const client = new StreamClient(port, '/sse/guarded');
    await client.until('the answer', () => client.head !== '');
    client.close();
    expect(client.status).to.equal(403);
  });

  it('cuts the stream (no last chunk) and logs the error naming the route when the generator throws after an event', async () => {
    const client = new StreamClient(port, '/sse/throws-later');
    await client.until('the close', () => client.closed);
    expect(client.body).to.deep.equal({ ended: false, text: 'data: one\n\n' });
    const logged = errors().map((l) => `${l.message} ${String(l.meta[0])}`).join('\n');
    expect(logged).to.include('EventsController.throwsLater').and.include('feed broke');
  });

  it('refuses an event whose event type holds a LF: nothing of it is sent, the stream is cut and the generator closed', async () => {
    const client = new StreamClient(port, '/sse/inject-event');
    await client.until('the close', () => client.closed);
    expect(client.body.text).to.equal('data: ok\n\n');
    expect(client.body.text).not.to.include('forged');
    await client.until('the finally', () => seen.finally === 1);
    expect(errors().map((l) => String(l.meta[0])).join('\n')).to.include('WW_ERR_SSE_INVALID_EVENT');
  });

  it('refuses an id holding CR LF before any event is sent: a JSON 500, no field injected', async () => {
    const client = await stream('/sse/inject-id');
    expect(client.status).to.equal(500);
    expect(client.body.text).not.to.include('forged');
  });

  it('holds a generator back while the client does not read: it is pulled no further than the socket takes', async () => {
    const client = new StreamClient(port, '/sse/flood');
    client.socket.pause();
    await client.until('the stream to start', () => seen.pulled > 0);
    await sleep(300);
    const pulled = seen.pulled;
    await sleep(200);
    // 16 KiB events: what the kernel's and Node's socket buffers hold, a few MB at most.
    expect(seen.pulled).to.equal(pulled);
    expect(pulled * 16 * 1024).to.be.lessThan(32 * 1024 * 1024);
    client.close();
  });

  it('closes the stream and unsubscribes when an Observable gets bufferSize events ahead of a client that does not read', async () => {
    const client = new StreamClient(port, '/sse/flood-observable');
    client.socket.pause();
    await client.until('the unsubscribe', () => seen.unsubscribed === 1);
    expect(errors().map((l) => String(l.meta[0])).join('\n')).to.include('WW_ERR_SSE_BUFFER_OVERFLOW');
    client.close();
  });

  it('answers HEAD with the headers only, without reading the source', async () => {
    const client = new StreamClient(port, '/sse/forever', 'HEAD');
    await client.until('the head', () => client.head !== '');
    await sleep(50);
    client.close();
    expect(client.status).to.equal(200);
    expect(client.header('content-type')).to.equal('text/event-stream');
    expect(client.header('content-length')).to.equal(undefined);
    expect(client.header('transfer-encoding')).to.equal(undefined);
    expect(client.body.text).to.equal('');
  });

  it('runs interceptors, which get an async iterable for an Observable, and sends @Header', async () => {
    const client = await stream('/sse/intercepted');
    expect(client.body.text).to.equal('data: through\n\n');
    expect(client.header('x-feed')).to.equal('prices');
    expect(seen.intercepted).to.deep.equal(['function']);
  });

  it('sends the head before the first event, so requestTimeoutMs does not cut a stream whose first event comes later', async () => {
    const client = await stream('/sse/slow-start');
    expect(client.status).to.equal(200);
    expect(client.body).to.deep.equal({ ended: true, text: 'data: after the timeout\n\n' });
  });

  it('runs the example of docs/controllers.md: a price event at once, and the finally once the client has gone', async () => {
    const client = new StreamClient(port, '/feed/prices');
    await client.until('the first event', () => client.body.text.endsWith('\n\n'));
    expect(client.body.text).to.equal('id: 1\nevent: price\ndata: {"symbol":"ACME","price":101}\n\n');
    client.close();
    // The server learns that a client left when a write fails: one or two events later (1 s apart).
    await client.until('the finally', () => seen.finally === 1, 5000);
  });

  it('answers app.inject() with the events of a stream that ends, as the docs say', async () => {
    const res = await app.inject({ url: '/sse/json' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/event-stream');
    expect(res.body).to.equal('id: 7\ndata: {"n":1,"text":"two\\nlines"}\n\n');
  });

  it('answers 500 and logs WW_ERR_SSE_INVALID_SOURCE when the handler returns something that is not a stream', async () => {
    const client = await stream('/sse/not-a-source');
    expect(client.status).to.equal(500);
    expect(errors().map((l) => String(l.meta[0])).join('\n')).to.include('WW_ERR_SSE_INVALID_SOURCE');
  });
});
