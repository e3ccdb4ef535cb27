/**
 * The engine's HttpError (a body over its limit, a broken chunk, a bad path encoding) as the
 * framework's exception of the same status, so filters written for HttpExceptions — a global
 * `@Catch(HttpException)` that formats every error, or `@Catch(PayloadTooLargeException)` —
 * see these errors as they see a thrown NotFoundException, as in NestJS. The HttpError stays
 * as its `cause`, with its stable `code`.
 */
import { HttpError } from '../../http/errors';
import {
  BadRequestException, ForbiddenException, GatewayTimeoutException, HttpException, type HttpExceptionBody,
  type HttpExceptionOptions, InternalServerErrorException, MethodNotAllowedException, NotFoundException,
  NotImplementedException, PayloadTooLargeException, RequestTimeoutException, ServiceUnavailableException,
  TooManyRequestsException, UnsupportedMediaTypeException,
} from './http-exception';

type ExceptionClass = new (body?: HttpExceptionBody, options?: HttpExceptionOptions) => HttpException;

const CLASS_BY_STATUS: Readonly<Record<number, ExceptionClass>> = {
  400: BadRequestException,
  403: ForbiddenException,
  404: NotFoundException,
  405: MethodNotAllowedException,
  408: RequestTimeoutException,
  413: PayloadTooLargeException,
  415: UnsupportedMediaTypeException,
  429: TooManyRequestsException,
  500: InternalServerErrorException,
  501: NotImplementedException,
  503: ServiceUnavailableException,
  504: GatewayTimeoutException,
};

/** An HttpError as its HttpException; anything else (an HttpError with no error status too) as it is. */
export function asHttpException(error: unknown): unknown {
  if (!(error instanceof HttpError) || !Number.isInteger(error.status) || error.status < 400 || error.status > 599) return error;
  const options = { cause: error };
  const Type = CLASS_BY_STATUS[error.status];
  return Type !== undefined ? new Type(error.message, options) : new HttpException(error.status, error.message, options);
}
