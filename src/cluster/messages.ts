/**
 * What primary and workers say to each other over the `node:cluster` IPC pipe. Every message
 * carries `ww` so ours never collide with an application's own `process.send` traffic.
 */
export interface ListenInfo {
  port: number;
  address: string;
  family: string;
}

/** worker → primary: the server is listening (the shared handle is bound). */
export interface ListeningMessage { ww: 'listening'; address: ListenInfo }
/** worker → primary: bootstrap failed; the message is what the primary reports. */
export interface FatalMessage { ww: 'fatal'; message: string }
/** worker → primary: requests on a named channel, batched per event-loop turn. */
export interface RequestBatch { ww: 'req'; ch: string; batch: Array<[id: number, body: unknown]> }
/** primary → worker: answers, batched too; `e` carries an error message instead of a body. */
export interface ReplyBatch { ww: 'res'; batch: Array<[id: number, body: unknown, e?: string]> }
/** primary → worker: close gracefully (stop accepting, finish in-flight requests) and exit; `signal`: what the primary got, for the worker's shutdown hooks. */
export interface ShutdownMessage { ww: 'shutdown'; signal?: string }

export type WorkerMessage = ListeningMessage | FatalMessage | RequestBatch;
export type PrimaryMessage = ReplyBatch | ShutdownMessage;

export function isOurs(message: unknown): message is { ww: string } {
  return typeof message === 'object' && message !== null && typeof (message as { ww?: unknown }).ww === 'string';
}

/**
 * A message tagged as ours, checked before the primary acts on it: it comes from another
 * process (an app's own `process.send` may carry a `ww` field too), and one the primary read
 * blindly — a `req` without its batch — threw in its message handler and took down the whole
 * server. Returns the message, or why it is malformed.
 */
export function checkWorkerMessage(message: { ww: string }): WorkerMessage | string {
  const m = message as Record<string, unknown>;
  switch (m.ww) {
    case 'req':
      if (typeof m.ch !== 'string') return 'a request without a channel name';
      if (!Array.isArray(m.batch) || !m.batch.every((entry) => Array.isArray(entry) && Number.isInteger(entry[0]))) {
        return `a request on "${m.ch}" whose batch is not a list of [id, body]`;
      }
      return message as RequestBatch;
    case 'listening': {
      const a = m.address as Record<string, unknown> | undefined;
      if (typeof a !== 'object' || a === null || !Number.isInteger(a.port) || typeof a.address !== 'string' || typeof a.family !== 'string') {
        return "'listening' without an address { port, address, family }";
      }
      return message as ListeningMessage;
    }
    case 'fatal':
      return typeof m.message === 'string' ? (message as FatalMessage) : "'fatal' without a message";
    default:
      return `an unknown type "${m.ww}"`;
  }
}

/** How long a worker may take to close after shutdown began (`workers.shutdownTimeoutMs`). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Set in every worker's environment by runPrimary: how a process knows it is one of ours. */
export const WORKER_ENV = 'WIREWORK_WORKER';
