/**
 * Every way a request can fail to parse, as frozen ParseError values: a failure allocates
 * nothing (a flood of bad requests costs no garbage), and each code is stable for logs,
 * metrics and docs. Messages are for the developer's log, never sent beyond the reason phrase.
 */
import type { ParseError } from './types';

function error(status: number, code: string, message: string): ParseError {
  return Object.freeze({ status, code, message });
}

export const PARSE_ERRORS = Object.freeze({
  // 400 — the request line
  badRequestLine: error(400, 'WW_ERR_BAD_REQUEST_LINE',
    'The request line is not "METHOD SP target SP HTTP/1.x" (RFC 9112 §3).'),
  badMethod: error(400, 'WW_ERR_BAD_METHOD', 'The method is not a token (RFC 9110 §9.1).'),
  badTarget: error(400, 'WW_ERR_BAD_TARGET',
    'The request-target has a byte outside visible ASCII, a fragment, or an unsupported form (RFC 9112 §3.2).'),
  badVersion: error(400, 'WW_ERR_BAD_VERSION', 'The HTTP version is not "HTTP/DIGIT.DIGIT" (RFC 9112 §2.3).'),
  tooManyBlankLines: error(400, 'WW_ERR_BLANK_LINES',
    'Too many empty lines before the request line (RFC 9112 §2.2 asks to ignore a few, not an unbounded number).'),
  // 400 — line endings and fields
  bareLineEnd: error(400, 'WW_ERR_BARE_LF',
    'A line ends with a bare LF or CR; HTTP/1.1 lines end with CRLF (RFC 9112 §2.2).'),
  obsFold: error(400, 'WW_ERR_OBS_FOLD',
    'A field line starts with whitespace (obs-fold or a space before the first field, RFC 9112 §5.2).'),
  badFieldName: error(400, 'WW_ERR_BAD_HEADER_NAME',
    'A field name is not a token, is empty, or is followed by whitespace before the colon (RFC 9112 §5.1).'),
  badFieldValue: error(400, 'WW_ERR_BAD_HEADER_VALUE',
    'A field value contains CR, LF, NUL or another control character (RFC 9110 §5.5).'),
  badHost: error(400, 'WW_ERR_BAD_HOST',
    'Host is missing, repeated or invalid (RFC 9112 §3.2: exactly one valid Host in HTTP/1.1).'),
  badContentLength: error(400, 'WW_ERR_BAD_CONTENT_LENGTH',
    'Content-Length is not one decimal number below 2^53, or its values differ (RFC 9110 §8.6).'),
  badTransferEncoding: error(400, 'WW_ERR_BAD_TRANSFER_ENCODING',
    'Transfer-Encoding must end with exactly one "chunked" (RFC 9112 §6.1, §6.3).'),
  contentLengthWithTransferEncoding: error(400, 'WW_ERR_CL_WITH_TE',
    'Both Content-Length and Transfer-Encoding were sent; refused as a smuggling attempt (RFC 9112 §6.3).'),
  transferEncodingInHttp10: error(400, 'WW_ERR_TE_IN_HTTP10',
    'Transfer-Encoding in an HTTP/1.0 request: its framing cannot be trusted (RFC 9112 §6.1).'),
  // 400 — chunked body
  badChunk: error(400, 'WW_ERR_BAD_CHUNK',
    'A chunk-size line or the CRLF after chunk data is malformed (RFC 9112 §7.1).'),
  chunkExtensionTooLong: error(400, 'WW_ERR_CHUNK_EXTENSION_TOO_LARGE',
    'A chunk-size line with its extensions is longer than maxChunkExtensionBytes.'),
  chunkSizeOverflow: error(400, 'WW_ERR_CHUNK_SIZE_OVERFLOW', 'A chunk size is larger than 2^53-1.'),
  incompleteMessage: error(400, 'WW_ERR_INCOMPLETE_MESSAGE',
    'The connection ended in the middle of a request.'),
  // 413, 414, 417, 431
  bodyTooLarge: error(413, 'WW_ERR_BODY_TOO_LARGE',
    'The declared body (Content-Length or a chunk size) is larger than the body limit.'),
  uriTooLong: error(414, 'WW_ERR_URI_TOO_LONG', 'The request line is longer than maxRequestLineBytes.'),
  expectationFailed: error(417, 'WW_ERR_EXPECTATION_FAILED',
    'Expect carries something other than 100-continue (RFC 9110 §10.1.1).'),
  headerTooLarge: error(431, 'WW_ERR_HEADER_TOO_LARGE', 'The header section is longer than maxHeaderBytes.'),
  tooManyHeaders: error(431, 'WW_ERR_TOO_MANY_HEADERS', 'The request has more fields than maxHeaderCount.'),
  trailerTooLarge: error(431, 'WW_ERR_TRAILER_TOO_LARGE',
    'The trailer section is longer than maxTrailerBytes or has more fields than maxHeaderCount.'),
  // 501, 505
  methodTooLong: error(501, 'WW_ERR_METHOD_NOT_IMPLEMENTED',
    'The method is longer than any method this server implements (RFC 9110 §9.1).'),
  connectNotSupported: error(501, 'WW_ERR_CONNECT_NOT_SUPPORTED', 'CONNECT (tunnelling) is not implemented.'),
  unsupportedTransferCoding: error(501, 'WW_ERR_UNSUPPORTED_TRANSFER_CODING',
    'Transfer-Encoding names a coding other than chunked (RFC 9112 §6.1: 501).'),
  versionNotSupported: error(505, 'WW_ERR_HTTP_VERSION_NOT_SUPPORTED',
    'Only HTTP/1.0 and HTTP/1.x are served over this connection (RFC 9110 §2.5).'),
});
