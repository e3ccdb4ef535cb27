/**
 * Turns an error into a response: route filters, then global filters, then the default JSON
 * body `{ statusCode, error, message }`. Anything that is not an HttpException or the engine's
 * HttpError answers 500 with no internals and is logged.
 */
import type { Request } from '../../http/request';
import type { Response } from '../../http/response';
import { isThenable } from '../thenable';
import type { FrameworkLogger } from '../logger';
import { HttpExecutionContext, type RouteFacts } from '../guards/execution-context';
import { errorAnswer } from './error-body';
import { asHttpException } from './engine-error';
import { HttpException } from './http-exception';
import type { FilterEntry } from './filter-entry';

const NO_FILTERS: readonly FilterEntry[] = [];
const JSON_TYPE = 'application/json; charset=utf-8';

export class ErrorResponder {
  /** app-wide filters, tried after a route's own. */
  readonly globalFilters: FilterEntry[] = [];

  constructor(private readonly logger: FrameworkLogger) {}

  /**
   * `facts` is the route that failed, or the dispatcher's stand-in for errors before routing
   * (404, 405, a bad path). `context` is reused when the route already built one.
   */
  handle(
    error: unknown,
    req: Request,
    res: Response,
    facts: RouteFacts,
    routeFilters: readonly FilterEntry[] = NO_FILTERS,
    context?: HttpExecutionContext,
  ): void | Promise<void> {
    error = asHttpException(error);
    // A filter answers; once the head is out it cannot, and what it wrote would be glued onto
    // the body already started (then framed as complete). Straight to the after-start path.
    if (res.headersSent || res.finished) return this.afterStart(error, req, res, facts);
    const entry = this.findFilter(error, routeFilters);
    if (entry === undefined) return this.sendDefault(error, req, res, facts);
    const host = context ?? new HttpExecutionContext(facts, req, res);
    let outcome: unknown;
    try {
      outcome = entry.filter.catch(error, host);
    } catch (filterError) {
      return this.filterFailed(filterError, entry, error, req, res, facts);
    }
    if (isThenable(outcome)) {
      return Promise.resolve(outcome).then(
        () => this.ensureAnswered(error, req, res, facts),
        (filterError: unknown) => this.filterFailed(filterError, entry, error, req, res, facts),
      );
    }
    return this.ensureAnswered(error, req, res, facts);
  }

  /** A filter that handled the error but sent nothing must not leave the client hanging. */
  private ensureAnswered(error: unknown, req: Request, res: Response, facts: RouteFacts): void {
    if (!res.headersSent && !res.finished) this.sendDefault(error, req, res, facts);
  }

  /**
   * A filter threw (or rejected). An HttpException is its answer (a filter may rethrow another
   * one). Anything else is a bug in the filter: the log names the filter and the error it was
   * handling, which the 500 would otherwise hide behind the filter's own.
   */
  private filterFailed(
    filterError: unknown, entry: FilterEntry, error: unknown, req: Request, res: Response, facts: RouteFacts,
  ): void {
    if (res.headersSent || res.finished || !errorAnswer(filterError).unexpected) {
      return this.sendDefault(filterError, req, res, facts);
    }
    this.logger.error(
      `${req.method} ${req.path} → 500: the exception filter ${entry.filter.constructor.name} threw ${describe(filterError)} ` +
        `while handling ${describe(error)} from ${facts.info.handlerName}`,
      filterError,
      error,
    );
    this.sendDefault(filterError, req, res, facts, true);
  }

  private findFilter(error: unknown, routeFilters: readonly FilterEntry[]): FilterEntry | undefined {
    for (const entry of routeFilters) if (entry.matches(error)) return entry;
    for (const entry of this.globalFilters) if (entry.matches(error)) return entry;
    return undefined;
  }

  /** `logged`: the caller has logged the error already, with more to say than this would. */
  sendDefault(error: unknown, req: Request, res: Response, facts: RouteFacts, logged = false): void {
    if (res.headersSent || res.finished) return this.afterStart(error, req, res, facts);
    const answer = errorAnswer(error);
    if (answer.unexpected && !logged) {
      this.logger.error(
        `${req.method} ${req.path} → 500: ${facts.info.handlerName} threw ${describe(error)}`,
        error,
      );
    }
    const status = answer.status >= 200 && answer.status <= 599 ? answer.status : 500;
    // The error body is JSON whatever the handler meant to send (it may have set another
    // Content-Type before it threw); headers a guard set, e.g. Retry-After, stay, and so do
    // those the exception carries.
    if (error instanceof HttpException && error.headers !== undefined) {
      for (const name in error.headers) res.setHeader(name, error.headers[name]);
    }
    res.setHeader('Content-Type', JSON_TYPE);
    try {
      res.json(answer.body, status);
    } catch (serializeError) {
      // An HttpException body JSON cannot carry (a BigInt, a cycle): still a JSON 500, logged,
      // instead of escaping to the engine's plain-text 500 (async) or being blamed on routing (sync).
      this.logger.error(`${req.method} ${req.path} → 500: the body of ${describe(error)} from ${facts.info.handlerName} cannot be sent as JSON`, serializeError);
      res.json(errorAnswer(undefined).body, 500);
    }
  }

  /**
   * Part of the answer is already on the wire: a status can no longer be sent. Unfinished:
   * rethrow so the engine cuts the connection rather than letting a truncated body pass as
   * whole — the engine logs it then (options.onError), so it is not logged here too.
   * Finished: nothing can be cut; it is logged here, once.
   */
  private afterStart(error: unknown, req: Request, res: Response, facts: RouteFacts): void {
    if (!res.finished) throw error;
    const line = `${req.method} ${req.path}: ${facts.info.handlerName} threw ${describe(error)} after the response was sent`;
    if (errorAnswer(error).unexpected) this.logger.error(line, error);
    else this.logger.warn(line);
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    // `class OrderArchived extends Error {}` keeps the name 'Error'; its class says more.
    const name = error.name === 'Error' && typeof error.constructor === 'function' && error.constructor.name !== '' ? error.constructor.name : error.name;
    return `${name}: ${error.message}`;
  }
  return typeof error === 'string' ? error : Object.prototype.toString.call(error);
}
