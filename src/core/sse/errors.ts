/**
 * Server-sent events' own error codes (as DI and the router keep theirs with their module).
 * Each message names the route and says what to write instead.
 */
export const SSE_ERROR = {
  /** an @Sse handler returned something that is neither an async iterable nor an Observable. */
  INVALID_SOURCE: 'WW_ERR_SSE_INVALID_SOURCE',
  /** an event that cannot be written: not a `{ data }` object, a CR/LF in id or event, a bad retry. */
  INVALID_EVENT: 'WW_ERR_SSE_INVALID_EVENT',
  /** an Observable emitted more events than the client took: the stream was closed. */
  BUFFER_OVERFLOW: 'WW_ERR_SSE_BUFFER_OVERFLOW',
  /** the event source failed after the head was sent: the stream was cut, this wraps its error. */
  STREAM_FAILED: 'WW_ERR_SSE_STREAM_FAILED',
} as const;

export class SseSourceError extends TypeError {
  readonly code = SSE_ERROR.INVALID_SOURCE;
  constructor(owner: string, got: string) {
    super(
      `${SSE_ERROR.INVALID_SOURCE}: the @Sse route ${owner} returned ${got}; return an async iterable ` +
        '(an `async *` generator) or an Observable of `{ data, id?, event?, retry? }` events, or a Promise of one.',
    );
    this.name = 'SseSourceError';
  }
}

export class SseEventError extends TypeError {
  readonly code = SSE_ERROR.INVALID_EVENT;
  constructor(owner: string, why: string) {
    super(`${SSE_ERROR.INVALID_EVENT}: the @Sse route ${owner} produced an event that cannot be sent: ${why}.`);
    this.name = 'SseEventError';
  }
}

export class SseBufferOverflowError extends Error {
  readonly code = SSE_ERROR.BUFFER_OVERFLOW;
  constructor(owner: string, limit: number) {
    super(
      `${SSE_ERROR.BUFFER_OVERFLOW}: the Observable of the @Sse route ${owner} emitted ${limit} events more than the client ` +
        'has read; the stream was closed (the client reconnects with Last-Event-ID). Raise @Sse(path, { bufferSize }) for bursts, ' +
        'or emit less often (e.g. sample or throttle) for clients that read slowly.',
    );
    this.name = 'SseBufferOverflowError';
  }
}

/** What the log says when a stream fails after its head: the route, and the source's own error as cause. */
export class SseStreamError extends Error {
  readonly code = SSE_ERROR.STREAM_FAILED;
  constructor(owner: string, events: number, cause: unknown) {
    super(
      `${SSE_ERROR.STREAM_FAILED}: the event stream of ${owner} failed after ${events} event(s) and was cut ` +
        `(no error status can follow a sent head): ${cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause)}`,
      { cause },
    );
    this.name = 'SseStreamError';
  }
}
