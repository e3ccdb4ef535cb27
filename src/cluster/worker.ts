/**
 * The worker side of `workers: N`. The same entry script runs in the primary and in every
 * worker; in a worker, `app.listen()` binds the shared socket (node:cluster hands every worker
 * the primary's one handle), then calls `reportListening`, and `onShutdown` wires the
 * primary's shutdown request and SIGTERM/SIGINT to a graceful `app.close()`.
 */
import cluster from 'node:cluster';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, WORKER_ENV, isOurs, type ListenInfo, type ShutdownMessage, type WorkerMessage } from './messages';

/** true in a process forked by runPrimary. */
export function isClusterWorker(): boolean {
  return cluster.isWorker && process.env[WORKER_ENV] !== undefined;
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

/**
 * Runs `close` once when the primary asks for shutdown, on SIGTERM/SIGINT (a Ctrl-C reaches the
 * whole process group), or when the primary dies (the IPC pipe closes); then exits 0 (1 if
 * close failed, or if it is still running `timeoutMs` after it began). Returns a function that
 * removes the handlers.
 */
export function onShutdown(close: (signal?: string) => Promise<void>, options: { timeoutMs?: number } = {}): () => void {
  const timeoutMs = options.timeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  let closing = false;
  // The signal goes on to the app's shutdown hooks, as in a single process (NestJS passes it
  // too): the worker's own SIGTERM, or the one the primary got. None when the primary died.
  const run = (signal?: string): void => {
    if (closing) return;
    closing = true;
    // The primary kills a worker still closing after this long; when the primary is dead
    // nobody would, and a stuck shutdown hook would leave an orphan. unref'd: it never keeps
    // a worker that has finished from exiting.
    setTimeout(() => {
      console.error(`wirework worker: still closing ${timeoutMs} ms after shutdown began; exiting`);
      process.exit(1);
    }, timeoutMs).unref();
    close(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        console.error('wirework worker: graceful close failed', error);
        process.exit(1);
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
  const onSignal = (signal: NodeJS.Signals): void => run(signal);
  const disconnects = worker ?? process;
  process.on('message', onMessage);
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  disconnects.on('disconnect', onDisconnect);
  return () => {
    process.removeListener('message', onMessage);
    process.removeListener('SIGTERM', onSignal);
    process.removeListener('SIGINT', onSignal);
    disconnects.removeListener('disconnect', onDisconnect);
  };
}
