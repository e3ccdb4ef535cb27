/**
 * Request ids, the access log and request metrics, installed on the dispatcher's two hooks.
 * Nothing is installed for a feature that is off, so an app without them pays one length
 * check per request and nothing else.
 */
import type { Request } from '../http/request';
import type { Response } from '../http/response';
import type { RequestHook, ResponseHook } from '../core/dispatcher';
import { ROUTE_INFO } from '../core/dispatcher';
import type { RouteInfo } from '../core/guards/execution-context';
import { formatAccessLog, type AccessLogFormat } from './access-log';
import type { Logger } from './logger';
import type { HttpMetrics } from './metrics/http-metrics';
import { isSaneRequestId, RequestIdGenerator } from './request-id';

export interface InstrumentOptions {
  /** honour a sane incoming X-Request-Id, else generate one; echo it on the response. */
  requestId: boolean;
  accessLog: AccessLogFormat | false;
  metrics?: HttpMetrics;
  logger: Logger;
}

export interface Hooks {
  onRequest(hook: RequestHook): unknown;
  onResponse(hook: ResponseHook): unknown;
}

const STARTED_AT: unique symbol = Symbol('wirework.startedAt');
/** The label for requests no route claimed (404, 405, parse-level refusals): raw paths would explode cardinality. */
const UNMATCHED_ROUTE = '(unmatched)';

/**
 * The status to log and count. A connection that closed before any answer was sent has no
 * status of its own: `res.statusCode` would still say 200 for a request nobody answered. nginx's
 * 499 (client closed request) is what log and dashboard readers know for that.
 */
export const CLIENT_CLOSED_REQUEST = 499;

function statusOf(res: Response, aborted: boolean): number {
  return aborted && !res.headersSent ? CLIENT_CLOSED_REQUEST : res.statusCode;
}

export function instrument(hooks: Hooks, options: InstrumentOptions): void {
  const { metrics, accessLog, logger } = options;
  const timed = metrics !== undefined || accessLog !== false;
  if (options.requestId) {
    const ids = new RequestIdGenerator();
    hooks.onRequest((req, res) => {
      const incoming = req.header('x-request-id');
      const id = isSaneRequestId(incoming) ? incoming : ids.next();
      req.id = id;
      res.setHeader('X-Request-Id', id);
    });
  }
  if (!timed) return;
  hooks.onRequest((req) => {
    req.locals[STARTED_AT] = performance.now();
  });
  hooks.onResponse((req: Request, res: Response, error?: Error) => {
    const started = req.locals[STARTED_AT] as number;
    const ms = performance.now() - started;
    const info = req.locals[ROUTE_INFO] as RouteInfo | undefined;
    const aborted = error !== undefined;
    const status = statusOf(res, aborted);
    if (metrics !== undefined) metrics.requestDone(req.method, info === undefined ? UNMATCHED_ROUTE : info.path, status, ms / 1000);
    if (accessLog !== false) {
      logger.log(formatAccessLog({
        time: new Date(), method: req.method, path: req.path, status, bytes: res.bytesSent,
        ms, requestId: req.id, remoteAddress: req.remoteAddress, aborted,
      }, accessLog));
    }
  });
}
