/**
 * Request/response over the worker's IPC pipe to the primary: ids, batching and a timeout.
 *
 * Batching: requests made in one event-loop turn go out as one `process.send` (one JSON
 * serialisation, one write) — under load that is most of the cost of IPC. Timeouts: replies
 * come back in order of deadline, so one `unref`'d interval walks the pending map from its
 * oldest entry instead of arming a timer per request.
 */
import { isOurs, type ReplyBatch } from './messages';

export class IpcTimeoutError extends Error {
  readonly code = 'WW_ERR_IPC_TIMEOUT';
  constructor(channel: string, ms: number) {
    super(`WW_ERR_IPC_TIMEOUT: the primary did not answer on "${channel}" within ${ms} ms`);
    this.name = 'IpcTimeoutError';
  }
}

export class IpcUnavailableError extends Error {
  readonly code = 'WW_ERR_IPC_UNAVAILABLE';
  constructor(reason: string) {
    super(`WW_ERR_IPC_UNAVAILABLE: ${reason}`);
    this.name = 'IpcUnavailableError';
  }
}

interface Pending {
  resolve(body: unknown): void;
  reject(error: Error): void;
  deadline: number;
  channel: string;
}

export class IpcClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly outbox = new Map<string, Array<[number, unknown]>>();
  private flushScheduled = false;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly onMessage = (message: unknown): void => {
    if (isOurs(message) && message.ww === 'res') this.settle(message as ReplyBatch);
  };
  private readonly onDisconnect = (): void => this.failAll(new IpcUnavailableError('the IPC channel to the primary closed'));

  constructor(private readonly timeoutMs: number) {
    if (!process.send) throw new IpcUnavailableError('this process has no IPC channel (it was not forked as a worker)');
    process.on('message', this.onMessage);
    process.on('disconnect', this.onDisconnect);
  }

  request(channel: string, body: unknown): Promise<unknown> {
    if (!process.connected) return Promise.reject(new IpcUnavailableError('the IPC channel to the primary is closed'));
    const id = this.nextId++;
    let batch = this.outbox.get(channel);
    if (!batch) this.outbox.set(channel, (batch = []));
    batch.push([id, body]);
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(this.flush);
    }
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, deadline: Date.now() + this.timeoutMs, channel });
      this.armSweep();
    });
  }

  close(): void {
    process.removeListener('message', this.onMessage);
    process.removeListener('disconnect', this.onDisconnect);
    if (this.sweepTimer) clearInterval(this.sweepTimer);
    this.sweepTimer = undefined;
    this.failAll(new IpcUnavailableError('the IPC client was closed'));
  }

  private readonly flush = (): void => {
    this.flushScheduled = false;
    for (const [channel, batch] of this.outbox) {
      const failed = (error: unknown): void => {
        for (const [id] of batch) this.fail(id, new IpcUnavailableError(`sending to the primary failed: ${String((error as Error)?.message ?? error)}`));
      };
      try {
        // With no callback, a send on a channel that closed since request() (the primary died
        // this turn) or broke mid-write is emitted as an 'error' on `process`: uncaught, it
        // would crash the worker in the middle of its graceful close.
        process.send!({ ww: 'req', ch: channel, batch }, (error: Error | null) => {
          if (error) failed(error);
        });
      } catch (error) {
        failed(error);
      }
    }
    this.outbox.clear();
  };

  private settle(message: ReplyBatch): void {
    for (const [id, body, error] of message.batch) {
      const p = this.pending.get(id);
      if (!p) continue; // timed out already
      this.pending.delete(id);
      if (error !== undefined) p.reject(new Error(error));
      else p.resolve(body);
    }
  }

  private fail(id: number, error: Error): void {
    const p = this.pending.get(id);
    if (!p) return;
    this.pending.delete(id);
    p.reject(error);
  }

  private failAll(error: Error): void {
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
  }

  private armSweep(): void {
    if (this.sweepTimer) return;
    this.sweepTimer = setInterval(() => {
      const now = Date.now();
      // Map iterates in insertion order = deadline order: stop at the first live request.
      for (const [id, p] of this.pending) {
        if (p.deadline > now) break;
        this.pending.delete(id);
        p.reject(new IpcTimeoutError(p.channel, this.timeoutMs));
      }
      if (this.pending.size === 0 && this.sweepTimer) {
        clearInterval(this.sweepTimer);
        this.sweepTimer = undefined;
      }
    }, Math.max(5, Math.floor(this.timeoutMs / 4)));
    this.sweepTimer.unref();
  }
}
