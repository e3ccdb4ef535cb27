import type { Request } from '../../http/request';
import { UnsupportedMediaTypeException } from '../exceptions/http-exception';
import { isJsonType, mediaTypeOf } from './content-type';
import { parseJsonSafe } from './json';
import { parseUrlEncoded } from './urlencoded';

/** How a route wants its body: by Content-Type, or raw bytes (a parameter typed Buffer). */
export const BodyMode = { Parsed: 0, Raw: 1 } as const;
export type BodyMode = (typeof BodyMode)[keyof typeof BodyMode];

/**
 * Reads and decodes the body for `@Body`. No body framed → undefined, without reading; an
 * empty one (a chunked body of no chunks) → undefined too. An unsupported type or content
 * coding → 415 before a byte is read, so a client is not made to upload for nothing. Raw
 * mode takes the bytes as sent, whatever they are.
 */
export function readBody(req: Request, mode: BodyMode): Promise<unknown> | undefined {
  if (!req.hasBody) return undefined;
  if (mode === BodyMode.Raw) return req.body().then(emptyAsUndefined);
  refuseContentCoding(req.header('content-encoding'));
  const contentType = req.header('content-type');
  // RFC 9110 §8.3: with no Content-Type the recipient may treat it as application/octet-stream.
  if (contentType === undefined) return req.body().then(emptyAsUndefined);
  const media = mediaTypeOf(contentType);
  if (isJsonType(media)) return req.body().then(decodeJson);
  if (media === 'application/x-www-form-urlencoded') return req.body().then(decodeForm);
  if (media.startsWith('text/')) return req.body().then(decodeText);
  if (media === 'application/octet-stream') return req.body().then(emptyAsUndefined);
  throw new UnsupportedMediaTypeException(
    `Content-Type '${media}' is not supported here; send application/json, application/x-www-form-urlencoded, text/* or application/octet-stream`,
  );
}

/**
 * We decode no content coding (RFC 9110 §8.4), so a compressed body would reach JSON.parse
 * or the handler as compressed bytes: refuse it with 415 (§15.5.16) instead. `identity` is
 * no coding at all.
 */
function refuseContentCoding(contentEncoding: string | undefined): void {
  if (contentEncoding === undefined) return;
  for (const part of contentEncoding.split(',')) {
    const coding = part.trim().toLowerCase();
    if (coding === '' || coding === 'identity') continue;
    throw new UnsupportedMediaTypeException(
      `Content-Encoding '${coding}' is not supported here; send the body uncompressed`,
    );
  }
}

function emptyAsUndefined(bytes: Buffer): Buffer | undefined {
  return bytes.length === 0 ? undefined : bytes;
}

function decodeJson(bytes: Buffer): unknown {
  return bytes.length === 0 ? undefined : parseJsonSafe(bytes.toString('utf8'));
}

function decodeForm(bytes: Buffer): unknown {
  return bytes.length === 0 ? undefined : parseUrlEncoded(bytes.toString('utf8'));
}

function decodeText(bytes: Buffer): string | undefined {
  return bytes.length === 0 ? undefined : bytes.toString('utf8');
}
