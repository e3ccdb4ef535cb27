/**
 * The metrics wirework serves at /metrics: requests by method, route pattern (never the raw
 * path, whose cardinality a client controls) and status; a latency histogram; open
 * connections; bytes in and out; rate-limited requests; parse errors by status.
 */
import { Counter, Gauge, Histogram, Registry, type HistogramSeries, type Series } from './registry';

/** What the engine reports about its sockets; read at scrape time, not per request. */
export interface EngineStats {
  openConnections: number;
  bytesReceived: number;
  bytesSent: number;
  /** parse errors answered, by status. */
  parseErrors: Readonly<Record<number, number>>;
}

/** Per-route series handles, kept on the route so a request does no label lookup. */
interface RouteSeries {
  duration: HistogramSeries;
  byStatus: Map<number, Series>;
}

export class HttpMetrics {
  readonly registry = new Registry();
  readonly requests: Counter;
  readonly duration: Histogram;
  readonly openConnections: Gauge;
  readonly bytesReceived: Counter;
  readonly bytesSent: Counter;
  readonly rateLimited: Counter;
  readonly parseErrors: Counter;
  private readonly routes = new Map<string, RouteSeries>();
  private engineStats?: () => EngineStats;

  constructor(readonly prefix = 'wirework_') {
    const r = this.registry;
    this.requests = r.register(new Counter(`${prefix}http_requests_total`, 'HTTP requests answered, by method, route pattern and status.', ['method', 'route', 'status']));
    this.duration = r.register(new Histogram(`${prefix}http_request_duration_seconds`, 'Time from a complete request head to the last response byte handed to the socket.', ['method', 'route']));
    this.openConnections = r.register(new Gauge(`${prefix}http_open_connections`, 'Connections open now.', []));
    this.bytesReceived = r.register(new Counter(`${prefix}http_received_bytes_total`, 'Bytes read from client sockets.', []));
    this.bytesSent = r.register(new Counter(`${prefix}http_sent_bytes_total`, 'Bytes written to client sockets.', []));
    this.rateLimited = r.register(new Counter(`${prefix}rate_limited_requests_total`, 'Requests refused with 429 by a rate limit, by route pattern.', ['route']));
    this.parseErrors = r.register(new Counter(`${prefix}http_parse_errors_total`, 'Requests refused by the parser, by the status answered.', ['status']));
    r.onCollect(() => this.readEngine());
  }

  /** The engine's counters are read at scrape time: nothing is counted per byte. */
  observeEngine(stats: () => EngineStats): void {
    this.engineStats = stats;
  }

  /** Counts one finished request. `route` is the pattern ('/users/:id'), or a fixed word for no match. */
  requestDone(rawMethod: string, route: string, status: number, seconds: number): void {
    const method = methodLabel(rawMethod);
    const key = method + ' ' + route;
    let series = this.routes.get(key);
    if (series === undefined) {
      series = { duration: this.duration.labels(method, route), byStatus: new Map() };
      this.routes.set(key, series);
    }
    this.duration.observeInto(series.duration, seconds);
    let counter = series.byStatus.get(status);
    if (counter === undefined) {
      counter = this.requests.labels(method, route, String(status));
      series.byStatus.set(status, counter);
    }
    counter.value++;
    if (status === 429) this.rateLimited.labels(route).value++;
  }

  render(): string {
    return this.registry.render();
  }

  private readEngine(): void {
    const stats = this.engineStats?.();
    if (stats === undefined) return;
    this.openConnections.set(stats.openConnections);
    this.bytesReceived.labels().value = stats.bytesReceived;
    this.bytesSent.labels().value = stats.bytesSent;
    for (const status of Object.keys(stats.parseErrors)) {
      this.parseErrors.labels(status).value = stats.parseErrors[Number(status)];
    }
  }
}

/**
 * The method label. The parser takes any token of up to 32 characters as a method, and a 404,
 * a 405 or an @All route count it: raw, a client sending `A1`, `A2`, … would make one series
 * each, as raw paths would. The methods of RFC 9110 and PATCH keep their name; any other
 * is `OTHER` (as OpenTelemetry's `_OTHER`). A switch: no lookup, no allocation per request.
 */
export function methodLabel(method: string): string {
  switch (method) {
    case 'GET': case 'HEAD': case 'POST': case 'PUT': case 'DELETE':
    case 'PATCH': case 'OPTIONS': case 'TRACE': case 'CONNECT':
      return method;
    default:
      return 'OTHER';
  }
}
