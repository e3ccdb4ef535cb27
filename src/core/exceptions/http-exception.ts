import { STATUS_TEXT } from '../../http/errors';
import { checkHeaderName, checkHeaderValue } from '../../http/header-check';

/** The JSON every error answers with (extra fields allowed, e.g. validation `issues`). */
export interface ErrorBody {
  statusCode: number;
  error: string;
  message: string | string[];
  [extra: string]: unknown;
}

export interface HttpExceptionOptions {
  /** the error behind this one, kept for logs */
  cause?: unknown;
  /**
   * Header fields the answer carries: some statuses call for one (Retry-After with a 503 or
   * 429, RFC 9110 §10.2.3; Accept-Encoding with a 415 for a content coding, §15.5.16).
   */
  headers?: Readonly<Record<string, string>>;
}

/**
 * An error that answers with its status. `body` as a string becomes the `message`; as an
 * object it is sent as it is (NestJS's habit); absent, the message is the reason phrase.
 */
export class HttpException extends Error {
  /** checked, and copied so the answer cannot be changed under it. */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(
    readonly status: number,
    readonly body?: string | Record<string, unknown>,
    options?: HttpExceptionOptions,
  ) {
    super(typeof body === 'string' ? body : messageOf(status, body), options);
    this.name = new.target.name;
    // An error answer is a 4xx or 5xx (RFC 9110 §15.5, §15.6); anything else would send a
    // status line and a body that disagree. Fail where the mistake is made.
    if (!Number.isInteger(status) || status < 400 || status > 599) {
      throw new TypeError(`HttpException needs a 4xx or 5xx status, got ${String(status)}; answer other statuses from the handler (@HttpCode, res.status()).`);
    }
    // Checked here too, not only when sent: a value that could split the answer (CR LF)
    // fails at the throw that made it, not later inside the error handler.
    this.headers = options?.headers === undefined ? undefined : checkedFields(options.headers);
  }

  getStatus(): number {
    return this.status;
  }

  /** What the default handler sends. */
  getResponse(): ErrorBody | Record<string, unknown> {
    if (this.body !== undefined && typeof this.body === 'object') return this.body;
    return { statusCode: this.status, error: reasonOf(this.status), message: this.message };
  }
}

export function reasonOf(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

function messageOf(status: number, body: Record<string, unknown> | undefined): string {
  const m = body?.message;
  if (typeof m === 'string') return m;
  if (Array.isArray(m)) return m.join('; ');
  return reasonOf(status);
}

function checkedFields(headers: Readonly<Record<string, string>>): Readonly<Record<string, string>> {
  const copy: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    checkHeaderName(name);
    checkHeaderValue(name, value);
    copy[name] = value;
  }
  return Object.freeze(copy);
}

type Body = string | Record<string, unknown>;

export class BadRequestException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(400, body, options); }
}
export class UnauthorizedException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(401, body, options); }
}
export class PaymentRequiredException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(402, body, options); }
}
export class ForbiddenException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(403, body, options); }
}
export class NotFoundException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(404, body, options); }
}
export class MethodNotAllowedException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(405, body, options); }
}
export class NotAcceptableException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(406, body, options); }
}
export class RequestTimeoutException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(408, body, options); }
}
export class ConflictException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(409, body, options); }
}
export class GoneException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(410, body, options); }
}
export class PreconditionFailedException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(412, body, options); }
}
export class PayloadTooLargeException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(413, body, options); }
}
export class UnsupportedMediaTypeException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(415, body, options); }
}
export class UnprocessableEntityException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(422, body, options); }
}
export class TooManyRequestsException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(429, body, options); }
}
export class InternalServerErrorException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(500, body, options); }
}
export class NotImplementedException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(501, body, options); }
}
export class BadGatewayException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(502, body, options); }
}
export class ServiceUnavailableException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(503, body, options); }
}
export class GatewayTimeoutException extends HttpException {
  constructor(body?: Body, options?: HttpExceptionOptions) { super(504, body, options); }
}
