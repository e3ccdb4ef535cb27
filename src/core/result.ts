/**
 * Sends what a handler returned: object/array → JSON, string → text, bytes (a Buffer, any
 * typed array, DataView or ArrayBuffer) → octet-stream,
 * a Readable or async iterable → streamed, a Sendable → `res.send(it)`, undefined/null → 204,
 * the engine's Response → nothing (the handler answered itself); on an @Sse route, the result
 * is an event source streamed as text/event-stream (src/core/sse/). A Content-Type set before
 * (by @Header, a guard, middleware) is kept: the engine's json()/text() only fill it in.
 */
import { isStreamBody, Response, type Sendable } from '../http/response';
import type { SsePlan } from './sse/event-source';
import { sendEventStream } from './sse/event-stream';

export interface ResultPlan {
  /** status for a non-empty result (@HttpCode, else 201 for POST, else 200). */
  readonly status: number;
  /** @HttpCode was given: an empty result is sent with it instead of 204. */
  readonly explicitStatus: boolean;
  /** @Header pairs, set on every successful answer. */
  readonly headers: readonly (readonly [string, string])[];
  readonly redirect: { url: string; status: number } | undefined;
  /** @Sse: the result is an event source; the promise sent for it settles when the stream ends. */
  readonly sse?: SsePlan;
}

const OCTET_STREAM = 'application/octet-stream';

/**
 * A promise only for a Sendable (`Response.file()`): it rejects when there is nothing to send
 * (a missing file), and the route hands that to its exception filters.
 */
export function sendResult(res: Response, result: unknown, plan: ResultPlan): void | Promise<void> {
  // Already answered: the handler used the response itself, or a timeout answered first.
  if (res.headersSent || res.finished || result instanceof Response) return;
  const headers = plan.headers;
  for (let i = 0; i < headers.length; i++) res.setHeader(headers[i][0], headers[i][1]);
  return sendBody(res, result, plan, plan.status, plan.explicitStatus);
}

/**
 * `@Res({ passthrough: true })`, before the handler (and interceptors) run, as Nest does it:
 * the route's status goes on the response first, so a `res.status()` of the handler's
 * replaces it and `res.statusCode` reads what will be sent.
 */
export function preparePassthrough(res: Response, plan: ResultPlan): void {
  res.statusCode = plan.status;
}

/**
 * Sends a passthrough route's result: as `sendResult`, except that what the handler set on
 * the response wins — its status (anything but the route's own, which `preparePassthrough`
 * put there) and its headers over a `@Header` of the same name. Already answered (the handler
 * sent, or a timeout answered first): nothing more to do, and nothing wrong to report.
 */
export function sendPassthroughResult(res: Response, result: unknown, plan: ResultPlan): void | Promise<void> {
  if (res.headersSent || res.finished) return;
  if (result instanceof Response) {
    // Returning the Response (`return res.status(202)`) sends nothing: the request would hang
    // until the timeout. A 500 with this message in the log says what to write instead.
    throw new TypeError(
      'a @Res({ passthrough: true }) handler returned the Response without answering it; with passthrough, ' +
        'set the status or headers on res and return the value to send (return undefined for an empty answer).',
    );
  }
  const headers = plan.headers;
  for (let i = 0; i < headers.length; i++) if (!res.hasHeader(headers[i][0])) res.setHeader(headers[i][0], headers[i][1]);
  const status = res.statusCode;
  return sendBody(res, result, plan, status, plan.explicitStatus || status !== plan.status);
}

/** @param explicit the status was chosen (@HttpCode, res.status()): an empty result keeps it instead of 204. */
function sendBody(res: Response, result: unknown, plan: ResultPlan, status: number, explicit: boolean): void | Promise<void> {
  if (plan.redirect !== undefined) return sendRedirect(res, result, plan.redirect);
  if (plan.sse !== undefined) return sendEventStream(res, result, status, plan.sse);
  if (result === undefined || result === null) {
    res.status(explicit ? status : 204);
    res.end();
    return;
  }
  res.status(status);
  if (typeof result === 'string') return res.text(result);
  if (typeof result === 'object') {
    if (result instanceof Uint8Array) {
      if (!res.hasHeader('content-type')) res.setHeader('Content-Type', OCTET_STREAM);
      return res.send(result);
    }
    // An ArrayBuffer (what `response.arrayBuffer()` of fetch gives a handler that proxies a
    // file), a DataView or another typed array is bytes too: JSON made them `{}` or an object
    // of indices, a 200 that silently lost the content.
    const bytes = bytesOf(result);
    if (bytes !== undefined) {
      if (!res.hasHeader('content-type')) res.setHeader('Content-Type', OCTET_STREAM);
      return res.send(bytes);
    }
    if (typeof (result as Partial<Sendable>).sendTo === 'function') {
      // Called here rather than through res.send, so that its failure comes back to the route.
      return (result as Sendable).sendTo(res.request, res);
    }
    if (isStreamBody(result)) {
      if (!res.hasHeader('content-type')) res.setHeader('Content-Type', OCTET_STREAM);
      return res.send(result as NodeJS.ReadableStream);
    }
  }
  res.json(result);
}

/** The bytes of an ArrayBuffer or of the part of one an ArrayBufferView covers, without copying. */
function bytesOf(value: object): Buffer | undefined {
  if (value instanceof ArrayBuffer) return Buffer.from(value);
  if (ArrayBuffer.isView(value)) return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  return undefined;
}

/** `@Redirect(url, status)`; a result `{ url, statusCode }` overrides either, as in NestJS. */
function sendRedirect(res: Response, result: unknown, redirect: { url: string; status: number }): void {
  let url = redirect.url;
  let status = redirect.status;
  if (result !== null && typeof result === 'object') {
    const r = result as { url?: unknown; statusCode?: unknown };
    if (typeof r.url === 'string') url = r.url;
    if (typeof r.statusCode === 'number') status = r.statusCode;
  }
  res.redirect(url, status); // percent-encoded there, as Express's res.location does
}
