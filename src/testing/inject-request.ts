/**
 * What inject() writes for its options: the request a real client (fetch, light-my-request)
 * would send for them, so the handler cannot tell inject() from a socket.
 */
import { isToken } from '../http/chars';
import { checkHeaderName, checkHeaderValue } from '../http/header-check';

export interface InjectOptions {
  /** upper-cased, as fetch does for the standard methods and light-my-request for all. Default 'GET'. */
  method?: string;
  /** origin-form target, e.g. '/users/1?x=2'; a #fragment is left out, spaces and non-ASCII are percent-encoded */
  url: string;
  /** sent as given, an undefined value left out (as axios does); `host: localhost` is added when absent */
  headers?: Record<string, string | number | readonly string[] | undefined>;
  /**
   * A string, bytes (Buffer, any typed array, ArrayBuffer) or a stream (a Readable or any async
   * iterable of strings and bytes, sent chunked) as is; a FormData (multipart/form-data, sent
   * chunked), URLSearchParams or Blob encoded as fetch encodes it, with its Content-Type; any
   * other value as JSON (with Content-Type: application/json). null or undefined: no body.
   */
  body?: string | Uint8Array | ArrayBufferView | ArrayBuffer | AsyncIterable<string | Uint8Array> | FormData | URLSearchParams | Blob | object | null;
  /** the peer's address. Default '127.0.0.1', a local socket's. */
  remoteAddress?: string;
  remotePort?: number;
  /** give up (reject, and close the connection) when no answer came within this long. Default 5000. */
  timeoutMs?: number;
}

export interface InjectRequest {
  method: string;
  /** the request line and header section */
  head: Buffer;
  /** the body as it goes on the wire (chunk-framed when chunked), whole or in pieces */
  body: Buffer | AsyncIterable<Buffer>;
}

const CRLF = Buffer.from('\r\n', 'latin1');
const LAST_CHUNK = Buffer.from('0\r\n\r\n', 'latin1');

export function buildRequest(options: InjectOptions): InjectRequest {
  checkOptions(options);
  const method = (options.method ?? 'GET').toUpperCase();
  // RFC 9110 §9.1: a method is a token. Anything else could end the request line early.
  if (!isToken(method)) throw new TypeError(`inject: method ${JSON.stringify(options.method)} is not an RFC 9110 token`);
  let head = `${method} ${requestTarget(options.url)} HTTP/1.1\r\n`;
  const seen = new Set<string>();
  for (const [name, value] of Object.entries(options.headers ?? {})) {
    if (value === undefined) continue;
    checkHeaderName(name);
    seen.add(name.toLowerCase());
    for (const v of Array.isArray(value) ? value : [String(value)]) {
      checkHeaderValue(name, v);
      head += `${name}: ${v}\r\n`;
    }
  }
  if (!seen.has('host')) head += 'host: localhost\r\n';
  const body = bodySource(options.body);
  if (body.contentType !== undefined && !seen.has('content-type')) head += `content-type: ${body.contentType}\r\n`;
  // The caller's own framing fields stand; a chunked one gets its body chunk-framed (RFC 9112
  // §7.1). Otherwise frame as a client does: a stream chunked, since its length is not known
  // up front; bytes with their length; and POST, PUT, PATCH without a body with length 0.
  let chunked = seen.has('transfer-encoding');
  if (!chunked && !seen.has('content-length')) {
    if (!Buffer.isBuffer(body.bytes)) {
      head += 'transfer-encoding: chunked\r\n';
      chunked = true;
    } else if (body.bytes.length > 0 || method === 'POST' || method === 'PUT' || method === 'PATCH') {
      head += `content-length: ${body.bytes.length}\r\n`;
    }
  }
  const bytes = body.bytes;
  let wire: Buffer | AsyncIterable<Buffer>;
  if (Buffer.isBuffer(bytes)) wire = chunked ? Buffer.concat([frame(bytes), LAST_CHUNK]) : bytes;
  else wire = chunked ? framed(pieces(bytes)) : pieces(bytes);
  return { method, head: Buffer.from(head + '\r\n', 'latin1'), body: wire };
}

const KNOWN_OPTIONS: ReadonlySet<string> = new Set(['method', 'url', 'headers', 'body', 'remoteAddress', 'remotePort', 'timeoutMs']);

/** What to write instead of an option of light-my-request's, supertest's or fetch's. */
const INSTEAD: Readonly<Record<string, string>> = {
  payload: 'pass the body as `body`',
  query: "put the query in the url: url: '/path?a=1' (new URLSearchParams(query) builds it)",
  cookies: "send a cookie header: headers: { cookie: 'a=1; b=2' }",
  path: 'give the target as `url`',
  authority: 'send a host header: headers: { host: \'example.com\' }',
};

/**
 * Options are checked by name: a test ported from Fastify passes `payload`, `query` or
 * `cookies`, which inject() does not have, and an option dropped in silence sends a request
 * the test did not mean — a POST without its body that then fails far from the cause.
 */
function checkOptions(options: InjectOptions): void {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`inject: options must be an object such as { url: '/users/1' }, got ${options === null ? 'null' : typeof options}`);
  }
  for (const name of Object.keys(options)) {
    if (KNOWN_OPTIONS.has(name)) continue;
    const hint = Object.hasOwn(INSTEAD, name) ? INSTEAD[name] : `the options are ${[...KNOWN_OPTIONS].join(', ')}`;
    throw new TypeError(`inject: unknown option '${name}'; ${hint}`);
  }
  if (typeof options.url !== 'string') {
    throw new TypeError(`inject: url must be a string such as '/users/1?x=2', got ${options.url === undefined ? 'none' : typeof options.url}`);
  }
}

/**
 * The request-target a client sends for `url` (RFC 9112 §3.2): without the fragment, which
 * stays with the client (RFC 3986 §3.5), and with spaces and non-ASCII characters
 * percent-encoded as UTF-8 (RFC 3986 §2.1), since a target holds visible ASCII only.
 */
function requestTarget(url: string): string {
  const hash = url.indexOf('#');
  const target = hash === -1 ? url : url.slice(0, hash);
  // A CR or LF would end the request line and start a header field of the url's making.
  const control = target.search(/[\x00-\x1f\x7f]/);
  if (control !== -1) {
    throw new TypeError(`inject: url ${JSON.stringify(url)} contains a control character at ${control}; CR and LF would split the request — percent-encode it`);
  }
  return target.replace(/[^\x21-\x7e]+/gu, (run) => encodeURIComponent(run));
}

/** The body's bytes, and the Content-Type that goes with them when the value decides one. */
function bodySource(b: InjectOptions['body']): { bytes: Buffer | AsyncIterable<unknown>; contentType?: string } {
  if (b === undefined || b === null) return { bytes: Buffer.alloc(0) };
  if (typeof b === 'string') return { bytes: Buffer.from(b, 'utf8') };
  if (ArrayBuffer.isView(b)) return { bytes: Buffer.from(b.buffer, b.byteOffset, b.byteLength) };
  if (b instanceof ArrayBuffer) return { bytes: Buffer.from(b) };
  if (b instanceof URLSearchParams) return { bytes: Buffer.from(b.toString(), 'utf8'), contentType: 'application/x-www-form-urlencoded;charset=UTF-8' };
  if (b instanceof FormData || b instanceof Blob) {
    // fetch's own encoding (the multipart boundary, a Blob's type), read as the stream it makes:
    // a FormData's files are Blobs, which only give their bytes asynchronously.
    const encoded = new Response(b);
    return { bytes: encoded.body ?? Buffer.alloc(0), contentType: encoded.headers.get('content-type') ?? undefined };
  }
  if (typeof (b as Partial<AsyncIterable<unknown>>)[Symbol.asyncIterator] === 'function') return { bytes: b as AsyncIterable<unknown> };
  return { bytes: Buffer.from(JSON.stringify(b), 'utf8'), contentType: 'application/json' };
}

/** One chunk of the chunked coding (RFC 9112 §7.1); nothing for no bytes, which would read as the last chunk. */
function frame(data: Buffer): Buffer {
  return data.length === 0 ? data : Buffer.concat([Buffer.from(`${data.length.toString(16)}\r\n`, 'latin1'), data, CRLF]);
}

async function* framed(source: AsyncIterable<Buffer>): AsyncIterable<Buffer> {
  for await (const data of source) if (data.length > 0) yield frame(data);
  yield LAST_CHUNK;
}

async function* pieces(source: AsyncIterable<unknown>): AsyncIterable<Buffer> {
  for await (const piece of source) {
    if (typeof piece === 'string') yield Buffer.from(piece, 'utf8');
    else if (ArrayBuffer.isView(piece)) yield Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength);
    else throw new TypeError(`inject: a body stream yielded ${typeof piece}; it must yield strings or bytes`);
  }
}
