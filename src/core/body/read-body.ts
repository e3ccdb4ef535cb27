import { isUtf8 } from 'node:buffer';
import type { Request } from '../../http/request';
import { BadRequestException, UnsupportedMediaTypeException } from '../exceptions/http-exception';
import { charsetsOf, isJsonType, isSingleMediaType, mediaTypeOf } from './content-type';
import { parseJsonSafe } from './json';
import { parseUrlEncoded } from './urlencoded';
import { MultipartPlan, readMultipart } from './read-multipart';

/**
 * How a route wants its body: by Content-Type, or raw bytes (a parameter typed Buffer); a
 * route that takes uploads has a MultipartPlan instead, which also reads multipart/form-data.
 */
export const BodyMode = { Parsed: 0, Raw: 1 } as const;
export type BodyMode = (typeof BodyMode)[keyof typeof BodyMode] | MultipartPlan;

/**
 * Reads and decodes the body for `@Body`. No body framed → undefined, without reading; an
 * empty one (a chunked body of no chunks) → undefined too. An unsupported type or content
 * coding → 415 before a byte is read, so a client is not made to upload for nothing. Raw
 * mode takes the bytes as sent, whatever they are.
 *
 * The value itself when the body has already arrived (the usual small body, which came with
 * its head), a promise of it otherwise; a decoding error is thrown or rejected accordingly.
 */
export function readBody(req: Request, mode: BodyMode): unknown {
  if (!req.hasBody) return undefined;
  if (mode === BodyMode.Raw) return decodeWhenRead(req, emptyAsUndefined);
  refuseContentCoding(req.header('content-encoding'));
  const contentType = req.header('content-type');
  // RFC 9110 §8.3: with no Content-Type the recipient may treat it as application/octet-stream.
  if (contentType === undefined) return decodeWhenRead(req, emptyAsUndefined);
  const media = mediaTypeOf(contentType);
  if (!isSingleMediaType(contentType, media)) {
    throw new BadRequestException(`Content-Type '${contentType}' is not one media type; send a single Content-Type such as application/json`);
  }
  const decode = utf8DecoderFor(media);
  if (decode !== undefined) {
    refuseNonUtf8(contentType);
    return decodeWhenRead(req, decode);
  }
  if (media === 'application/octet-stream') return decodeWhenRead(req, emptyAsUndefined);
  // Last, where only bodies no other branch took arrive: a JSON body pays nothing for forms.
  if (mode instanceof MultipartPlan) {
    if (media === 'multipart/form-data') return readMultipart(req, contentType, mode);
    throw new UnsupportedMediaTypeException(
      `Content-Type '${media}' is not supported here; send multipart/form-data, application/json, application/x-www-form-urlencoded, text/* or application/octet-stream`,
    );
  }
  throw new UnsupportedMediaTypeException(
    `Content-Type '${media}' is not supported here; send application/json, application/x-www-form-urlencoded, text/* or application/octet-stream`,
  );
}

function decodeWhenRead(req: Request, decode: (bytes: Buffer) => unknown): unknown {
  const arrived = req._bodyIfArrived();
  return arrived !== undefined ? decode(arrived) : req.body().then(decode);
}

/**
 * RFC 9110 §15.5.16: a 415 caused by a content coding ought to list in Accept-Encoding
 * (§12.5.3) the codings that would have been accepted — here none but identity.
 */
const IDENTITY_ONLY = { headers: { 'Accept-Encoding': 'identity' } };

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
      IDENTITY_ONLY,
    );
  }
}

/** How a type we read as UTF-8 text becomes the `@Body()` value; undefined for other types. */
function utf8DecoderFor(media: string): ((bytes: Buffer) => unknown) | undefined {
  if (isJsonType(media)) return decodeJson;
  if (media === 'application/x-www-form-urlencoded') return decodeForm;
  if (media.startsWith('text/')) return decodeText;
  return undefined;
}

/** Labels of UTF-8 (WHATWG Encoding §4.2), and US-ASCII, whose text is UTF-8 as it is. */
const UTF8_CHARSETS = new Set(['utf-8', 'utf8', 'unicode-1-1-utf-8', 'us-ascii']);

/**
 * JSON, forms and text are decoded as UTF-8 only, so a body declared in another charset
 * would be decoded wrongly without a word (latin-1 `é` becomes U+FFFD): refuse it with 415
 * before it is read.
 */
function refuseNonUtf8(contentType: string): void {
  for (const charset of charsetsOf(contentType)) {
    if (!UTF8_CHARSETS.has(charset)) {
      throw new UnsupportedMediaTypeException(
        `Charset '${charset}' is not supported here; send the body as UTF-8 (charset=utf-8)`,
      );
    }
  }
}

function emptyAsUndefined(bytes: Buffer): Buffer | undefined {
  return bytes.length === 0 ? undefined : bytes;
}

/**
 * JSON is UTF-8 (RFC 8259 §8.1): bytes that are not, e.g. latin-1 sent without a charset,
 * would decode to U+FFFD and reach the handler changed without a word, so they are a 400.
 * (Forms and text keep U+FFFD, as WHATWG decoding of them does.)
 */
function decodeJson(bytes: Buffer): unknown {
  if (bytes.length === 0) return undefined;
  if (!isUtf8(bytes)) {
    throw new BadRequestException('The request body is not valid UTF-8; send JSON encoded as UTF-8');
  }
  return parseJsonSafe(utf8Text(bytes));
}

function decodeForm(bytes: Buffer): unknown {
  return bytes.length === 0 ? undefined : parseUrlEncoded(utf8Text(bytes));
}

function decodeText(bytes: Buffer): string | undefined {
  return bytes.length === 0 ? undefined : utf8Text(bytes);
}

/**
 * The bytes as UTF-8 without a leading byte order mark: the BOM marks the encoding, it is
 * not content (WHATWG Encoding's UTF-8 decode drops it; RFC 8259 §8.1 lets a JSON parser
 * ignore it, and JSON.parse would otherwise fail on it).
 */
function utf8Text(bytes: Buffer): string {
  const text = bytes.toString('utf8');
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
