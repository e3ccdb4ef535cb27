/**
 * The worker side of `workers: N`. The same entry script runs in the primary and in every
 * worker; in a worker, `app.listen()` binds the shared socket (node:cluster hands every worker
 * the primary's one handle), then calls `reportListening`, and `onShutdown` wires the
 * primary's shutdown request and SIGTERM/SIGINT to a graceful `app.close()`.
 */
import cluster from 'node:cluster';
import { onSignalWhileClosing, type RepeatedSignalLogger } from './repeated-signal';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, WORKER_ENV, isOurs, type ListenInfo, type ShutdownMessage, type WorkerMessage } from './messages';

/** true in a process forked by runPrimary. */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] !== undefined;
}

/**
 * true in a node:cluster worker that runPrimary did not fork: PM2's cluster mode (`pm2 start
 * -i 4`) or a `cluster.fork()` of the user's own. Such a process cannot fork workers itself.
 */
export function isForeignClusterWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] === undefined;
}

/** the 1-based slot of this worker (stable across restarts of that slot), or 0 outside a cluster. */
export function workerSlot(): number {
  return isClusterWorker() ? Number(process.env[WORKER_ENV]) : 0;
}

export function sendToPrimary(message: WorkerMessage): boolean {
  if (!process.send || !process.connected) return false;
  // A callback, so a channel that breaks mid-write is not an uncaught 'error' on `process`:
  // the primary is gone then, and there is nobody left to tell.
  process.send(message, () => undefined);
  return true;
}

export function reportListening(address: ListenInfo): void {
  sendToPrimary({ ww: 'listening', address: { port: address.port, address: address.address, family: address.family } });
}

/** A worker whose bootstrap failed says why before it exits, so the primary's listen() rejects with it. */
export function reportFatal(error: unknown): void {
  sendToPrimary({ ww: 'fatal', message: error instanceof Error ? error.message : String(error) });
}

/** Where a worker's own shutdown lines go: the app's logger (`logger` option), else the console. */
export type ShutdownLogger = RepeatedSignalLogger;

/**
 * Runs `close` once when the primary asks for shutdown, on SIGTERM/SIGINT (a Ctrl-C reaches the
 * whole process group), or when the primary dies (the IPC pipe closes); then exits 0 (1 if
 * close failed, or if it is still running `timeoutMs` after it began). A signal more than
 * SIGNAL_ECHO_MS into the close is an operator insisting, as a second Ctrl-C is for most
 * servers (and for a single process with enableShutdownHooks): the worker exits at once with
 * 128 + the signal's number. Its lines go to `logger` (the app's), else the console. Returns a
 * function that removes the handlers (and the deadline of a close under way).
 */
export function onShutdown(
  close: (signal?: string) => Promise<void>,
  options: { timeoutMs?: number; logger?: ShutdownLogger } = {},
): () => void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const logger: ShutdownLogger = options.logger ?? console;
  const name = `worker ${workerSlot()} (pid ${process.pid})`;
  /** when the close began (0: not yet), and whether a signal began it. */
  let closeBeganAt = 0;
  let begunBySignal = false;
  let deadline: NodeJS.Timeout | undefined;
  // The signal goes on to the app's shutdown hooks, as in a single process (NestJS passes it
  // too): the worker's own SIGTERM, or the one the primary got. None when the primary died.
  const run = (signal?: string): void => {
    if (closeBeganAt !== 0) return;
    closeBeganAt = Date.now();
    // The primary kills a worker still closing after this long; when the primary is dead
    // nobody would, and a stuck shutdown hook would leave an orphan. unref'd: it never keeps
    // a worker that has finished from exiting.
    deadline = setTimeout(() => {
      logger.error(`${name}: still closing ${timeoutMs} ms after shutdown began (workers.shutdownTimeoutMs); exiting`);
      process.exit(1);
    }, timeoutMs);
    deadline.unref();
    const settled = (code: number) => {
      clearTimeout(deadline);
      process.exit(code);
    };
    close(signal).then(
      () => settled(0),
      (error: unknown) => {
        logger.error(`${name}: graceful close failed`, error);
        settled(1);
      },
    );
  };
  const onMessage = (message: unknown): void => {
    if (isOurs(message) && message.ww === 'shutdown') {
      const signal = (message as ShutdownMessage).signal;
      run(typeof signal === 'string' ? signal : undefined);
    }
  };
  // When the primary dies, node:cluster's own handler exits the worker at once, cutting the
  // requests it is serving. It emits the worker's 'disconnect' first and then exits only if
  // `exitedAfterDisconnect` is not set: setting it there lets the graceful close run instead.
  const worker = cluster.worker;
  const onDisconnect = (): void => {
    if (worker) worker.exitedAfterDisconnect = true;
    run();
  };
  const onSignal = (signal: NodeJS.Signals): void => {
    if (closeBeganAt === 0) {
      begunBySignal = true;
      return run(signal);
    }
    // Soon after the close began it is the same event (see SIGNAL_ECHO_MS); it is worth a warning
    // only when a signal began the close, not when the primary's request did.
    onSignalWhileClosing(signal, closeBeganAt, logger, { prefix: name, warnEcho: begunBySignal });
  };
  const disconnects = worker ?? process;
  process.on('message', onMessage);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  disconnects.on('disconnect', onDisconnect);
  return () => {
    clearTimeout(deadline);
    process.removeListener('message', onMessage);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    disconnects.removeListener('disconnect', onDisconnect);
  };
}
