/**
 * The primary side of `workers: N`: forks the workers (node:cluster, one shared listening
 * socket), answers their IPC requests (e.g. the ClusterStore's hits), restarts a worker that
 * dies with exponential back-off, and shuts them all down gracefully on `close()` or SIGTERM.
 *
 * The primary serves no HTTP itself. `runPrimary` resolves once every worker is listening,
 * with the address they share; it rejects if a worker fails before it listens (a bootstrap
 * error, a port in use) and then stops the others.
 */
import cluster, { type Worker } from 'node:cluster';
import { EventEmitter } from 'node:events';
import { availableParallelism } from 'node:os';
import { DEFAULT_SHUTDOWN_TIMEOUT_MS, WORKER_ENV, checkWorkerMessage, isOurs, type ListenInfo, type RequestBatch, type ReplyBatch, type ShutdownMessage } from './messages';

/** Answers one request body from a worker (sync or async); a throw becomes the worker's rejection. */
export type ChannelHandler = (body: unknown, worker: Worker) => unknown;

export interface PrimaryLogger {
  log(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

export interface PrimaryOptions {
  /** how many workers; 'auto' = os.availableParallelism(). */
  workers: number | 'auto';
  /** named request channels the workers may call (e.g. the ClusterStore's). */
  handlers?: Readonly<Record<string, ChannelHandler>>;
  /** the script workers run (default: this process's entry script, as node:cluster does). */
  exec?: string;
  args?: string[];
  execArgv?: string[];
  /** extra environment for the workers. */
  env?: Record<string, string>;
  logger?: PrimaryLogger | false;
  /** first restart delay, doubled per consecutive crash up to `maxRestartDelayMs` (default 100 / 10 000). */
  restartDelayMs?: number;
  maxRestartDelayMs?: number;
  /** a worker that lived this long resets its slot's back-off (default 10 000). */
  stableAfterMs?: number;
  /** workers still running this long after a shutdown request are killed (default 10 000). */
  shutdownTimeoutMs?: number;
  /** give up if the workers are not all listening after this long (default 120 000: a worker may compile or warm caches first). */
  startupTimeoutMs?: number;
  /** close on SIGTERM / SIGINT (default true). */
  handleSignals?: boolean;
  /**
   * Aborting it before every worker listens stops the workers and rejects: the start was
   * called off (an app.close() during startup). There is no handle to close yet, and the
   * forked workers would otherwise run on and keep the process alive. After the start,
   * close the handle instead.
   */
  signal?: AbortSignal;
}

/** The start was called off through `signal` before every worker listened. */
export class WorkersStartAbortedError extends Error {
  constructor() {
    super('app.close() was called while the workers were starting: they were stopped before listening, and this process serves nothing');
    this.name = 'WorkersStartAbortedError';
  }
}

/**
 * close() finished, but not every worker shut down cleanly: one was still running after
 * `shutdownTimeoutMs` and was killed, or one exited with a failure code (its own log says
 * why: a shutdown hook past its deadline, a close that threw). The process should exit 1.
 */
export class WorkersShutdownError extends Error {
  readonly code = 'WW_ERR_WORKERS_SHUTDOWN';
  constructor(readonly failures: readonly string[]) {
    super(`WW_ERR_WORKERS_SHUTDOWN: not every worker shut down cleanly: ${failures.join('; ')}`);
    this.name = 'WorkersShutdownError';
  }
}

export interface WorkerEvent {
  slot: number;
  pid: number | undefined;
}

export interface PrimaryHandle {
  /** the address the workers share. */
  readonly address: ListenInfo;
  /** worker pids by slot (1-based), current ones. */
  pids(): number[];
  /**
   * Stops restarting, asks every worker to close gracefully, kills stragglers; idempotent.
   * Rejects with a WorkersShutdownError, once every worker is gone, if one had to be killed
   * or exited with a failure code. `signal` (the primary's SIGTERM) goes to the workers' shutdown hooks.
   */
  close(signal?: string): Promise<void>;
  /** 'listening' (WorkerEvent & { address }), 'exit' (WorkerEvent & { code, signal }), 'restart' (WorkerEvent & { delayMs }). */
  readonly events: EventEmitter;
}

interface Slot {
  slot: number;
  worker: Worker | undefined;
  startedAt: number;
  failures: number;
  listening: boolean;
  timer: NodeJS.Timeout | undefined;
  /** a replacement worker not listening by startupTimeoutMs is killed (and replaced) at this. */
  readyTimer: NodeJS.Timeout | undefined;
}

export function resolveWorkerCount(workers: number | 'auto'): number {
  const n = workers === 'auto' ? availableParallelism() : workers;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`workers must be a whole number >= 1 or 'auto', got ${String(workers)}`);
  return n;
}

export function runPrimary(options: PrimaryOptions): Promise<PrimaryHandle> {
  if (!cluster.isPrimary) return Promise.reject(new Error('runPrimary() must run in the primary process'));
  if (options.signal?.aborted) return Promise.reject(new WorkersStartAbortedError());
  const count = resolveWorkerCount(options.workers);
  const logger: PrimaryLogger = options.logger === false ? { log() {}, warn() {}, error() {} } : options.logger ?? console;
  const handlers = options.handlers ?? {};
  const restartDelay = options.restartDelayMs ?? 100;
  const maxRestartDelay = options.maxRestartDelayMs ?? 10_000;
  const stableAfter = options.stableAfterMs ?? 10_000;
  const shutdownTimeout = options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
  const startupTimeoutMs = options.startupTimeoutMs ?? 120_000;
  const events = new EventEmitter();
  const slots: Slot[] = [];
  let closing: Promise<void> | undefined;
  let started = false;
  let address: ListenInfo | undefined;

  const settings: Parameters<typeof cluster.setupPrimary>[0] = {};
  if (options.exec !== undefined) settings.exec = options.exec;
  if (options.args !== undefined) settings.args = options.args;
  if (options.execArgv !== undefined) settings.execArgv = options.execArgv;
  cluster.setupPrimary(settings);

  return new Promise<PrimaryHandle>((resolve, reject) => {
    const startupTimer = setTimeout(() => failStartup(new Error(`workers were not all listening after ${startupTimeoutMs} ms (startupTimeoutMs)`)), startupTimeoutMs);
    startupTimer.unref();

    const failStartup = (error: Error): void => {
      if (started || closing) return;
      clearTimeout(startupTimer);
      // The start failed already: how its workers ended adds nothing to that error.
      void close().catch(() => undefined).then(() => reject(error));
    };

    const onAbort = (): void => failStartup(new WorkersStartAbortedError());
    options.signal?.addEventListener('abort', onAbort, { once: true });

    const fork = (slot: Slot): void => {
      slot.timer = undefined;
      slot.listening = false;
      slot.startedAt = Date.now();
      const worker = cluster.fork({ ...options.env, [WORKER_ENV]: String(slot.slot) });
      slot.worker = worker;
      if (started) {
        // The start has its own deadline; a replacement stuck in its bootstrap (a connect
        // with no timeout) would leave its slot empty for good, with no line in the log.
        slot.readyTimer = setTimeout(() => {
          if (closing || slot.worker !== worker || slot.listening) return;
          logger.error(`worker ${slot.slot} (pid ${worker.process.pid}) was not listening ${startupTimeoutMs} ms after it was started (startupTimeoutMs); killing it`);
          worker.process.kill('SIGKILL');
        }, startupTimeoutMs);
        slot.readyTimer.unref();
      }
      worker.on('message', (raw: unknown) => {
        if (!isOurs(raw)) return;
        const message = checkWorkerMessage(raw);
        if (typeof message === 'string') {
          logger.warn(`worker ${slot.slot} (pid ${worker.process.pid}) sent a malformed message (${message}); ignored`);
          return;
        }
        if (message.ww === 'req') return void answer(worker, message);
        if (message.ww === 'listening') {
          slot.listening = true;
          clearTimeout(slot.readyTimer);
          const info = message.address;
          address ??= info;
          events.emit('listening', { slot: slot.slot, pid: worker.process.pid, address: info });
          if (!started && slots.every((s) => s.listening)) {
            started = true;
            clearTimeout(startupTimer);
            options.signal?.removeEventListener('abort', onAbort);
            resolve(handle);
          }
        } else if (message.ww === 'fatal') {
          const text = message.message;
          logger.error(`worker ${slot.slot} (pid ${worker.process.pid}) failed: ${text}`);
          if (!started) failStartup(new Error(`worker ${slot.slot} failed to start: ${text}`));
        }
      });
      worker.on('exit', (code, signal) => {
        if (slot.worker !== worker) return;
        slot.worker = undefined;
        clearTimeout(slot.readyTimer);
        events.emit('exit', { slot: slot.slot, pid: worker.process.pid, code, signal });
        if (closing) return;
        if (!started) {
          failStartup(new Error(`worker ${slot.slot} exited (${signal ?? `code ${code}`}) before it was listening`));
          return;
        }
        if (Date.now() - slot.startedAt >= stableAfter) slot.failures = 0;
        const delayMs = Math.min(maxRestartDelay, restartDelay * 2 ** slot.failures);
        slot.failures++;
        logger.warn(`worker ${slot.slot} (pid ${worker.process.pid}) exited (${signal ?? `code ${code}`}); restarting in ${delayMs} ms`);
        events.emit('restart', { slot: slot.slot, pid: worker.process.pid, delayMs });
        slot.timer = setTimeout(() => fork(slot), delayMs);
      });
    };

    const answer = (worker: Worker, message: RequestBatch): void => {
      const handler = handlers[message.ch];
      const replies: ReplyBatch['batch'] = [];
      let waiting = 0;
      const send = (): void => {
        if (worker.isConnected()) worker.send({ ww: 'res', batch: replies } satisfies ReplyBatch);
      };
      for (const [id, body] of message.batch) {
        if (!handler) {
          replies.push([id, null, `no handler for channel "${message.ch}" in the primary`]);
          continue;
        }
        let result: unknown;
        try {
          result = handler(body, worker);
        } catch (error) {
          replies.push([id, null, String((error as Error)?.message ?? error)]);
          continue;
        }
        if (typeof (result as Promise<unknown>)?.then === 'function') {
          waiting++;
          (result as Promise<unknown>).then(
            (value) => { replies.push([id, value]); if (--waiting === 0) send(); },
            (error: unknown) => { replies.push([id, null, String((error as Error)?.message ?? error)]); if (--waiting === 0) send(); },
          );
        } else replies.push([id, result]);
      }
      if (waiting === 0) send();
    };

    const close = (signal?: string): Promise<void> => {
      closing ??= (async () => {
        removeSignals();
        options.signal?.removeEventListener('abort', onAbort);
        clearTimeout(startupTimer);
        const exits: Promise<void>[] = [];
        const failures: string[] = [];
        for (const slot of slots) {
          if (slot.timer) clearTimeout(slot.timer);
          clearTimeout(slot.readyTimer);
          const worker = slot.worker;
          if (!worker) continue;
          exits.push(new Promise<void>((done) => {
            if (worker.isDead()) return done();
            const name = `worker ${slot.slot} (pid ${worker.process.pid})`;
            let killed = false;
            // A worker killed here, or one whose own close failed (it exits 1, saying why), is a
            // shutdown that did not go as planned: the process must not report success. A worker
            // stopped by the SIGTERM below while booting ends by that signal, which is no failure.
            worker.once('exit', (code: number | null) => {
              clearTimeout(kill);
              if (killed) failures.push(`${name} was still running ${shutdownTimeout} ms after shutdown began and was killed (workers.shutdownTimeoutMs)`);
              else if (code !== null && code !== 0) failures.push(`${name} exited with code ${code} while shutting down (its log says why)`);
              done();
            });
            const kill = setTimeout(() => {
              logger.warn(`${name} still running ${shutdownTimeout} ms after shutdown; killing it`);
              killed = true;
              worker.process.kill('SIGKILL');
            }, shutdownTimeout);
            kill.unref();
            // A worker still booting has no handler for the message yet and would drop it,
            // serving on until the kill. It serves nothing yet, so SIGTERM: that stops it at
            // once, or runs its graceful close if its app is built and listens for signals.
            if (slot.listening && worker.isConnected()) worker.send({ ww: 'shutdown', signal } satisfies ShutdownMessage);
            else worker.process.kill('SIGTERM');
          }));
        }
        // The primary exiting before its workers are gone (a second SIGTERM or Ctrl-C: "exit
        // now") takes them with it: orphaned, they would serve on until their own
        // workers.shutdownTimeoutMs, the operator's "now" unheeded. 'exit' listeners run
        // synchronously, and kill() is a synchronous system call.
        const killOnExit = (): void => {
          for (const slot of slots) if (slot.worker && !slot.worker.isDead()) slot.worker.process.kill('SIGKILL');
        };
        process.once('exit', killOnExit);
        try {
          await Promise.all(exits);
        } finally {
          process.removeListener('exit', killOnExit);
        }
        if (failures.length > 0) throw new WorkersShutdownError(failures);
      })();
      return closing;
    };

    const onSignal = (signal: NodeJS.Signals): void => {
      logger.log(`primary: ${signal}, shutting the workers down`);
      close(signal).then(
        () => process.exit(0),
        (error: unknown) => {
          logger.error(String((error as Error)?.message ?? error));
          process.exit(1);
        },
      );
    };
    const removeSignals = (): void => {
      process.removeListener('SIGTERM', onSignal);
      process.removeListener('SIGINT', onSignal);
    };
    if (options.handleSignals !== false) {
      process.on('SIGTERM', onSignal);
      process.on('SIGINT', onSignal);
    }

    const handle: PrimaryHandle = {
      get address() {
        return address!;
      },
      pids: () => slots.map((s) => s.worker?.process.pid).filter((p): p is number => p !== undefined),
      close,
      events,
    };

    for (let i = 1; i <= count; i++) {
      const slot: Slot = { slot: i, worker: undefined, startedAt: 0, failures: 0, listening: false, timer: undefined, readyTimer: undefined };
      slots.push(slot);
    }
    for (const slot of slots) fork(slot);
  });
}
