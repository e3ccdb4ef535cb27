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
/** primary → worker: close gracefully (stop accepting, finish in-flight requests) and exit. */
export interface ShutdownMessage { ww: 'shutdown' }

export type WorkerMessage = ListeningMessage | FatalMessage | RequestBatch;
export type PrimaryMessage = ReplyBatch | ShutdownMessage;

export function isOurs(message: unknown): message is { ww: string } {
  return typeof message === 'object' && message !== null && typeof (message as { ww?: unknown }).ww === 'string';
}

/** How long a worker may take to close after shutdown began (`workers.shutdownTimeoutMs`). */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Set in every worker's environment by runPrimary: how a process knows it is one of ours. */
export const WORKER_ENV = 'WIREWORK_WORKER';
