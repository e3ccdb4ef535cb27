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

/** A string is the `message`; an array of strings the `message` list; an object the whole body. */
export type HttpExceptionBody = string | readonly string[] | Record<string, unknown>;

/**
 * An error that answers with its status. `body` as a string becomes the `message`, as an
 * array of strings the `message` list; as an object it is sent as it is (NestJS's habit);
 * absent, the message is the reason phrase.
 */
export class HttpException extends Error {
  readonly status: number;
  readonly body: HttpExceptionBody | undefined;
  /** checked, and copied so the answer cannot be changed under it. */
  readonly headers: Readonly<Record<string, string>> | undefined;

  constructor(status: number, body?: HttpExceptionBody, options?: HttpExceptionOptions);
  /**
   * NestJS's order, `(body, status)`: code ported from Nest (`new HttpException({ code }, 400)`)
   * answers as it did there instead of failing with a 500. Unambiguous: a status is a number,
   * a body never is.
   */
  constructor(body: HttpExceptionBody, status: number, options?: HttpExceptionOptions);
  constructor(first: number | HttpExceptionBody, second?: number | HttpExceptionBody, options?: HttpExceptionOptions) {
    const nestOrder = typeof first !== 'number' && typeof second === 'number';
    const status = (nestOrder ? second : first) as number;
    const body = (nestOrder ? first : second) as HttpExceptionBody | undefined;
    super(typeof body === 'string' ? body : messageOf(status, body), options);
    this.name = new.target.name;
    this.status = status;
    this.body = body;
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
    // An array is NestJS's list of messages (validation), not a body of its own.
    if (Array.isArray(this.body)) return { statusCode: this.status, error: reasonOf(this.status), message: [...this.body] };
    if (this.body !== undefined && typeof this.body === 'object') return this.body as Record<string, unknown>;
    return { statusCode: this.status, error: reasonOf(this.status), message: this.message };
  }
}

export function reasonOf(status: number): string {
  return STATUS_TEXT[status] ?? (status >= 500 ? 'Server Error' : 'Error');
}

function messageOf(status: number, body: Exclude<HttpExceptionBody, string> | undefined): string {
  if (Array.isArray(body)) return body.join('; ');
  const m = (body as Record<string, unknown> | undefined)?.message;
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

type Body = HttpExceptionBody;

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
