/**
 * The bytes of one request, built once before the run: every connection writes the same
 * Buffer (repeated `pipelining` times) for the whole run, so sending costs no formatting.
 */
import { isToken } from '../http/chars';

export interface RequestSpec {
  method: string;
  /** origin-form target, e.g. '/users/1?x=y' */
  target: string;
  /** Host header value, e.g. '127.0.0.1:3000' */
  host: string;
  /** extra header lines, as [name, value] in order */
  headers: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
}


/** Refuse what would corrupt the request framing instead of sending it (RFC 9110 §5.5). */
function checkFieldPart(what: string, text: string): void {
  if (/[\r\n\0]/.test(text)) throw new Error(`${what} must not contain CR, LF or NUL: ${JSON.stringify(text)}`);
}

export function buildRequest(spec: RequestSpec): Buffer {
  checkFieldPart('the method', spec.method);
  checkFieldPart('the target', spec.target);
  if (!isToken(spec.method)) throw new Error(`"${spec.method}" is not an HTTP method token`);
  let head = `${spec.method} ${spec.target} HTTP/1.1\r\n`;
  const names = new Set<string>();
  for (const [name, value] of spec.headers) {
    checkFieldPart('a header name', name);
    checkFieldPart(`the value of header ${name}`, value);
    names.add(name.toLowerCase());
  }
  if (!names.has('host')) head += `Host: ${spec.host}\r\n`;
  for (const [name, value] of spec.headers) head += `${name}: ${value}\r\n`;
  const body = spec.body;
  // RFC 9110 §8.6: a request with content says how long it is; we never send chunked.
  if (body !== undefined && !names.has('content-length')) head += `Content-Length: ${body.length}\r\n`;
  head += '\r\n';
  const headBytes = Buffer.from(head, 'latin1');
  return body === undefined || body.length === 0 ? headBytes : Buffer.concat([headBytes, body]);
}

/** `count` copies of one request back to back: one write sends a whole pipeline. */
export function repeatRequest(request: Buffer, count: number): Buffer {
  if (count <= 1) return request;
  const out = Buffer.allocUnsafe(request.length * count);
  for (let k = 0; k < count; k++) request.copy(out, k * request.length);
  return out;
}
