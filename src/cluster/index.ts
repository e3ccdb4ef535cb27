/**
 * Workers (`createServer(AppModule, { workers: N })`): what the composition layer calls.
 * Primary: `runPrimary(...)`. Worker: `isClusterWorker()`, `reportListening`, `reportFatal`,
 * `onShutdown`. Channel requests from a worker: `IpcClient`.
 */
export { runPrimary, resolveWorkerCount } from './primary';
export type { PrimaryOptions, PrimaryHandle, PrimaryLogger, ChannelHandler, WorkerEvent } from './primary';
export { isClusterWorker, workerSlot, reportListening, reportFatal, onShutdown, sendToPrimary } from './worker';
export { IpcClient, IpcTimeoutError, IpcUnavailableError } from './ipc-client';
export type { ListenInfo } from './messages';
