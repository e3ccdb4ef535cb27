/**
 * runLoad(): open N keep-alive connections to one URL, keep them busy for a duration (after
 * an optional warm-up whose numbers are thrown away), and report throughput, latency
 * percentiles, statuses and errors.
 */
import { performance } from 'node:perf_hooks';
import { LoadConnection, type ConnectionPlan } from './load-connection';
import { LoadStats } from './load-stats';
import { buildRequest, repeatRequest } from './request-bytes';
import { targetAddress } from './target-address';

export interface LoadOptions {
  /** http://host:port/path?query (https is not supported: we measure the HTTP/1.1 engine) */
  url: string;
  connections?: number;
  durationMs?: number;
  /** measured time starts after this; counters are reset, connections kept */
  warmupMs?: number;
  /** requests written back to back per connection before waiting for their responses */
  pipelining?: number;
  method?: string;
  headers?: ReadonlyArray<readonly [string, string]>;
  body?: Buffer;
  /** a connection with responses owed that stays silent this long is counted and replaced */
  timeoutMs?: number;
  /** end the run early once this many responses were counted (measured phase) */
  maxResponses?: number;
  /** called about once a second with the measured phase so far */
  onProgress?: (progress: LoadProgress) => void;
  /** ends the run early (Ctrl-C); the result covers what was counted until then */
  signal?: AbortSignal;
}

export interface LoadProgress {
  phase: 'warmup' | 'measure';
  elapsedMs: number;
  responses: number;
  /** responses per second over the last interval */
  currentRate: number;
  errors: number;
}

export interface LoadResult {
  url: string;
  method: string;
  connections: number;
  pipelining: number;
  durationSeconds: number;
  responses: number;
  /**
   * requests written whose response had not fully arrived when the run ended (at -d, -n or
   * Ctrl-C): dropped, as wrk drops them, and in no other count — not responses, not latency,
   * not errors. A server that stalls for less than the timeout shows here.
   */
  inFlightAtEnd: number;
  requestsPerSecond: number;
  bytesRead: number;
  bytesPerSecond: number;
  /** milliseconds; percentiles from the log-linear histogram (≤ 0.8 % above the true value) */
  latencyMs: { min: number; mean: number; p50: number; p90: number; p99: number; p999: number; max: number };
  /** count per status code, e.g. { "200": 1234 } */
  statuses: Record<string, number>;
  non2xx: number;
  /** count per error kind: connect, reset, timeout, closed, framing, … */
  errors: Record<string, number>;
  errorCount: number;
  /** the first framing problem seen, '' if none */
  framingError: string;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const url = new URL(options.url);
  if (url.protocol !== 'http:') throw new Error(`only http:// URLs are supported, not ${url.protocol}`);
  const connections = positiveInt('connections', options.connections ?? 10);
  const pipelining = positiveInt('pipelining', options.pipelining ?? 1);
  const durationMs = Math.max(0, options.durationMs ?? 10_000);
  const warmupMs = Math.max(0, options.warmupMs ?? 0);
  const method = (options.method ?? 'GET').toUpperCase();
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? 80 : Number(url.port);
  const timeoutMs = options.timeoutMs ?? 10_000;
  // Resolve once: a new connection per request must not pay a DNS lookup each time.
  const address = await targetAddress(hostname, port, timeoutMs);

  const request = buildRequest({
    method,
    target: url.pathname + url.search,
    host: url.host,
    headers: options.headers ?? [],
    body: options.body,
  });
  const plan: ConnectionPlan = {
    host: address,
    port,
    batch: repeatRequest(request, pipelining),
    pipelining,
    headRequests: method === 'HEAD',
    timeoutMs,
  };

  let finish: () => void = () => undefined;
  let ended = false;
  const finished = new Promise<void>((resolve) => {
    finish = () => {
      ended = true;
      resolve();
    };
  });
  const stats = new LoadStats(() => finish(), warmupMs > 0 ? Infinity : (options.maxResponses ?? Infinity));
  const pool: LoadConnection[] = [];
  for (let k = 0; k < connections; k++) pool.push(new LoadConnection(plan, stats));

  let phase: LoadProgress['phase'] = warmupMs > 0 ? 'warmup' : 'measure';
  let phaseStart = performance.now();
  let lastTick = phaseStart;
  let lastResponses = 0;
  const ticker = setInterval(() => {
    const now = performance.now();
    const rate = ((stats.responses - lastResponses) * 1000) / (now - lastTick);
    lastTick = now;
    lastResponses = stats.responses;
    options.onProgress?.({ phase, elapsedMs: now - phaseStart, responses: stats.responses, currentRate: rate, errors: stats.errorCount });
  }, 1000);

  let inFlightAtEnd = 0;
  if (options.signal?.aborted) finish();
  options.signal?.addEventListener('abort', finish);
  for (const c of pool) c.open();
  try {
    if (warmupMs > 0) await sleepUnless(warmupMs, finished);
    // Interrupted during the warm-up, the warm-up's counts are the only ones there are.
    if (warmupMs > 0 && !ended) {
      stats.reset();
      stats.maxResponses = options.maxResponses ?? Infinity;
      phase = 'measure';
      phaseStart = lastTick = performance.now();
      lastResponses = 0;
    }
    await sleepUnless(durationMs, finished);
  } finally {
    stats.done = true;
    options.signal?.removeEventListener('abort', finish);
    clearInterval(ticker);
    for (const c of pool) inFlightAtEnd += c.stop();
  }
  const seconds = (performance.now() - phaseStart) / 1000;
  return summarize(options.url, method, connections, pipelining, seconds, stats, inFlightAtEnd);
}

function summarize(
  url: string,
  method: string,
  connections: number,
  pipelining: number,
  seconds: number,
  stats: LoadStats,
  inFlightAtEnd: number,
): LoadResult {
  const h = stats.latency;
  const ms = (us: number) => Math.round(us) / 1000;
  const statuses: Record<string, number> = {};
  let non2xx = 0;
  for (let s = 100; s < 600; s++) {
    const n = stats.statusCounts[s];
    if (n === 0) continue;
    statuses[String(s)] = n;
    if (s < 200 || s > 299) non2xx += n;
  }
  return {
    url,
    method,
    connections,
    pipelining,
    durationSeconds: Math.round(seconds * 1000) / 1000,
    responses: stats.responses,
    inFlightAtEnd,
    requestsPerSecond: seconds > 0 ? Math.round((stats.responses / seconds) * 10) / 10 : 0,
    bytesRead: stats.bytesRead,
    bytesPerSecond: seconds > 0 ? Math.round(stats.bytesRead / seconds) : 0,
    latencyMs: {
      min: ms(h.min),
      mean: ms(h.mean),
      p50: ms(h.percentile(50)),
      p90: ms(h.percentile(90)),
      p99: ms(h.percentile(99)),
      p999: ms(h.percentile(99.9)),
      max: ms(h.max),
    },
    statuses,
    non2xx,
    errors: Object.fromEntries(stats.errors),
    errorCount: stats.errorCount,
    framingError: stats.firstFramingError,
  };
}

function positiveInt(name: string, value: number): number {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${name} must be a whole number ≥ 1, got ${value}`);
  return value;
}

/** Wait `ms`, or less if `early` settles first; the timer is cleared either way. */
async function sleepUnless(ms: number, early: Promise<void>): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([new Promise<void>((resolve) => (timer = setTimeout(resolve, ms))), early]);
  } finally {
    clearTimeout(timer);
  }
}
