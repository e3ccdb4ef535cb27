/**
 * An error the engine answers with a status: a parse failure, a body over its limit, a body
 * that stopped arriving. Application code sees it when `req.body()` rejects; the framework
 * maps it to the same JSON error shape as its own exceptions.
 */
export class HttpError extends Error {
  constructor(
    /** the status to answer (400, 408, 413, …). */
    readonly status: number,
    /** stable code for logs, metrics and docs, e.g. 'WW_ERR_BODY_TOO_LARGE'. */
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * A field set after the response head went out: it could never reach the client, and
 * dropping it without a word hides the bug (a cookie that never arrives). Node's http throws
 * the same (ERR_HTTP_HEADERS_SENT).
 */
export class HeadersSentError extends Error {
  readonly code = 'WW_ERR_HEADERS_SENT';
  constructor(call: string) {
    super(`${call}: the response head has already been sent (by res.write(), send(), json() or end()), so this field could never reach the client; set headers and cookies before the first write`);
    this.name = 'HeadersSentError';
  }
}

/** The standard reason phrases we send (RFC 9110 §15). */
export const STATUS_TEXT: Readonly<Record<number, string>> = Object.freeze({
  100: 'Continue', 101: 'Switching Protocols',
  200: 'OK', 201: 'Created', 202: 'Accepted', 203: 'Non-Authoritative Information',
  204: 'No Content', 205: 'Reset Content', 206: 'Partial Content',
  300: 'Multiple Choices', 301: 'Moved Permanently', 302: 'Found', 303: 'See Other',
  304: 'Not Modified', 307: 'Temporary Redirect', 308: 'Permanent Redirect',
  400: 'Bad Request', 401: 'Unauthorized', 402: 'Payment Required', 403: 'Forbidden',
  404: 'Not Found', 405: 'Method Not Allowed', 406: 'Not Acceptable',
  407: 'Proxy Authentication Required', 408: 'Request Timeout', 409: 'Conflict', 410: 'Gone',
  411: 'Length Required', 412: 'Precondition Failed', 413: 'Content Too Large',
  414: 'URI Too Long', 415: 'Unsupported Media Type', 416: 'Range Not Satisfiable',
  417: 'Expectation Failed', 418: "I'm a Teapot", 421: 'Misdirected Request',
  422: 'Unprocessable Content', 423: 'Locked', 424: 'Failed Dependency', 425: 'Too Early',
  426: 'Upgrade Required', 428: 'Precondition Required', 429: 'Too Many Requests',
  431: 'Request Header Fields Too Large', 451: 'Unavailable For Legal Reasons',
  500: 'Internal Server Error', 501: 'Not Implemented', 502: 'Bad Gateway',
  503: 'Service Unavailable', 504: 'Gateway Timeout', 505: 'HTTP Version Not Supported',
});
