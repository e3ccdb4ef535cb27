/**
 * How `app.listen()` serves: one process binds the port (the default), or `workers: N`
 * (node:cluster). With workers the same entry script runs in every process: the primary's
 * `listen()` forks the workers and resolves once they all listen; each worker's `listen()`
 * binds the shared socket and tells the primary. Rate-limit counts are shared through the
 * primary (ClusterStore in the workers, one MemoryStore in the primary).
 */
import type { HttpServer, ListenAddress } from '../http/server';
import type { FrameworkLogger } from '../core/logger';
import { BootstrapError } from '../core/bootstrap-error';
import { FRAMEWORK_ERROR } from '../core/framework-errors';
import { runPrimary, type PrimaryHandle } from '../cluster/primary';
import { isClusterWorker, isForeignClusterWorker, onShutdown, reportFatal, reportListening } from '../cluster/worker';
import { ClusterStore, createRateLimitHost, type RateLimitHost } from '../rate-limit/cluster-store';
import type { MemoryStore } from '../rate-limit/memory-store';
import { createMetricsHost } from '../ops/metrics/cluster-metrics';
import type { RateLimitStore } from '../rate-limit/types';
import type { ServerOptions, WorkersOptions } from './options';
import { checkMilliseconds } from './validate-options';
import { unknownKeyMessage } from '../core/did-you-mean';

/**
 * The keys of `workers: { … }`; `satisfies` makes tsc fail when WorkersOptions gains one.
 * `{ count: 2, startupTimeoutMS: 5000 }` was served with the default timeout, silently.
 */
const WORKERS_OPTION_NAMES = Object.keys({
  count: true, startupTimeoutMs: true, shutdownTimeoutMs: true,
} satisfies Record<keyof WorkersOptions, true>);

export type ProcessRole = 'single' | 'primary' | 'worker';

/** `app.listen()` after `app.close()`: the engine would bind a port and drop every connection on it. */
export class AppClosedError extends Error {
  readonly code = 'WW_ERR_APP_CLOSED';
  constructor() {
    super('WW_ERR_APP_CLOSED: app.listen() after app.close() was called; a closed app does not serve again. Call createServer() again for a new app.');
    this.name = 'AppClosedError';
  }
}

/** A second `app.listen()`: in the primary of `workers: N` it forked a second set of workers that close() never stopped. */
export class AlreadyListeningError extends Error {
  readonly code = 'WW_ERR_ALREADY_LISTENING';
  constructor() {
    super('WW_ERR_ALREADY_LISTENING: app.listen() was already called on this app; an app listens on one address. To serve a second port, create a second app with createServer().');
    this.name = 'AlreadyListeningError';
  }
}

export interface Listener {
  readonly role: ProcessRole;
  listen(port: number, host: string | undefined): Promise<ListenAddress>;
  /** stops serving (the workers, in the primary, passing them `signal`); the server itself is closed by the app. */
  close(signal?: string): Promise<void>;
}

/** Which role this process plays for the `workers` option. */
export function roleFor(workers: ServerOptions['workers']): ProcessRole {
  if (typeof workers === 'object' && workers !== null) {
    const unknown = unknownKeyMessage(workers, WORKERS_OPTION_NAMES, 'workers');
    if (unknown !== undefined) throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, unknown);
  }
  const options = workersOptions(workers);
  const count = options.count;
  if (count === 0) return 'single';
  if (count !== 'auto' && (!Number.isInteger(count) || count < 0)) {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `workers must be a whole number >= 0 or 'auto', got ${String(count)}`);
  }
  // Node runs a timer of NaN, ≤ 0 or > 2^31 − 1 ms after 1 ms: an unset environment variable
  // through Number() would kill every worker mid-request at each shutdown.
  for (const field of ['startupTimeoutMs', 'shutdownTimeoutMs'] as const) checkMilliseconds(`workers.${field}`, options[field], false);
  // It would take itself for the primary, and its listen() reject with "runPrimary() must
  // run in the primary process", which says nothing of PM2.
  if (isForeignClusterWorker()) {
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_OPTION,
      `workers is ${String(count)} in a process that is already a node:cluster worker (PM2 in cluster mode, pm2 start -i, or a cluster.fork() of your own), which cannot fork workers itself. ` +
        "Leave workers out there (PM2 forks the processes and shares the port), or run PM2 in fork mode (exec_mode: 'fork') and let workers fork them.",
    );
  }
  return isClusterWorker() ? 'worker' : 'primary';
}

function workersOptions(workers: ServerOptions['workers']): WorkersOptions {
  if (workers === undefined) return { count: 0 };
  return typeof workers === 'object' && workers !== null ? workers : { count: workers };
}

/** Workers count hits in the primary, so N workers still let `limit` through, not N × limit. */
export function rateLimitStoreFor(role: ProcessRole): (() => RateLimitStore) | undefined {
  return role === 'worker' ? () => new ClusterStore() : undefined;
}

/** A worker whose bootstrap failed tells the primary why, so the primary's listen() rejects with it. */
export function reportBootstrapFailure(role: ProcessRole, error: unknown): void {
  if (role === 'worker') reportFatal(error);
}

export function createListener(
  role: ProcessRole, server: HttpServer, workers: ServerOptions['workers'], logger: FrameworkLogger,
  closeApp: (signal?: string) => Promise<void>, rateLimitStore?: MemoryStore,
): Listener {
  if (role === 'worker') return new WorkerListener(server, workersOptions(workers), logger, closeApp);
  if (role === 'primary') return new PrimaryListener(workersOptions(workers), logger, rateLimitStore);
  return {
    role,
    listen: (port, host) => server.listen(port, host),
    close: () => Promise.resolve(),
  };
}

class WorkerListener implements Listener {
  readonly role = 'worker' as const;
  constructor(private readonly server: HttpServer, workers: WorkersOptions, logger: FrameworkLogger, closeApp: (signal?: string) => Promise<void>) {
    // From the start, not from listen(): a shutdown request may arrive while this worker is
    // still booting (the primary closing during startup), and must not be lost.
    // The primary's request, SIGTERM/SIGINT or a dead primary → graceful close, then exit.
    // It exits by itself after `workers.shutdownTimeoutMs`, as the primary would kill it.
    // The handlers stay until the process exits: a second signal during the close must find
    // them, not Node's default action (they run the close once; a later signal exits at once).
    // Its lines ("still closing", "close failed") go to the app's logger, as the app's own do.
    onShutdown(closeApp, { timeoutMs: workers.shutdownTimeoutMs, logger });
  }

  async listen(port: number, host: string | undefined): Promise<ListenAddress> {
    let address: ListenAddress;
    try {
      address = await this.server.listen(port, host);
    } catch (error) {
      reportFatal(error); // the primary's listen() rejects with this reason
      throw error;
    }
    reportListening(address);
    return address;
  }

  async close(): Promise<void> {}
}

class PrimaryListener implements Listener {
  readonly role = 'primary' as const;
  private handle: PrimaryHandle | undefined;
  /** the start in progress, until every worker listens. */
  private starting: Promise<PrimaryHandle> | undefined;
  /** close() before the workers all listen: there is no handle yet, so it calls the start off. */
  private readonly stop = new AbortController();
  private readonly host: RateLimitHost;
  private readonly metrics = createMetricsHost();
  /** `rateLimitStore`: the app's own MemoryStore, so `rateLimit.maxKeys` caps the count of every worker. */
  constructor(private readonly workers: WorkersOptions, private readonly logger: FrameworkLogger, rateLimitStore?: MemoryStore) {
    this.host = createRateLimitHost({ store: rateLimitStore });
  }

  async listen(port: number, host: string | undefined): Promise<ListenAddress> {
    // The primary serves no HTTP: the workers run this same script and bind `port` themselves
    // (node:cluster shares one socket, port 0 included). `port`/`host` are theirs to use.
    void port;
    void host;
    this.starting = runPrimary({
      workers: this.workers.count,
      startupTimeoutMs: this.workers.startupTimeoutMs,
      shutdownTimeoutMs: this.workers.shutdownTimeoutMs,
      // Rate-limit hits, and the workers' metrics snapshots (summed into every /metrics scrape).
      handlers: { [this.host.channel]: this.host.handle, [this.metrics.channel]: this.metrics.handle },
      logger: this.logger,
      // Signals are the app's: its close() stops the workers and then runs the shutdown hooks.
      handleSignals: false,
      signal: this.stop.signal,
    });
    this.handle = await this.starting;
    return this.handle.address;
  }

  async close(signal?: string): Promise<void> {
    this.stop.abort();
    try {
      // Workers still starting: the abort stops them and the start rejects once they are
      // gone (listen() rejects with that). A start that won the race gives a handle to close.
      const handle = this.handle ?? (await this.starting?.catch(() => undefined));
      await handle?.close(signal);
    } finally {
      this.host.close();
    }
  }
}
