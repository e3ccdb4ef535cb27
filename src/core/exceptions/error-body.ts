import { HttpError } from '../../http/errors';
import { HttpException, reasonOf } from './http-exception';

/** What an error answers: status and JSON body. Anything unknown is a 500 without internals. */
export interface ErrorAnswer {
  status: number;
  body: Record<string, unknown>;
  /** true when the error is not one we meant to send: the caller logs it. */
  unexpected: boolean;
}

export function errorAnswer(error: unknown): ErrorAnswer {
  if (error instanceof HttpException) {
    return { status: error.status, body: error.getResponse() as Record<string, unknown>, unexpected: false };
  }
  if (error instanceof HttpError) {
    // The engine's own errors (413 body too large, 400 bad chunk, 408 body timeout).
    return {
      status: error.status,
      body: { statusCode: error.status, error: reasonOf(error.status), message: error.message },
      unexpected: false,
    };
  }
  return {
    status: 500,
    body: { statusCode: 500, error: reasonOf(500), message: reasonOf(500) },
    unexpected: true,
  };
}
