import { constants as osConstants } from 'node:os';

/**
 * A signal repeated within this long of the close's start is the same Ctrl-C again, not an
 * operator insisting: npm or a shell passes one Ctrl-C on to its child, and a Ctrl-C reaches a
 * cluster's primary (which asks each worker to close) and its workers at once, in either order.
 */
export const SIGNAL_ECHO_MS = 1000;

/** Where the lines about a repeated signal go. */
export interface RepeatedSignalLogger {
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
}

/**
 * A shutdown signal that arrives while a graceful close begun at `closeBeganAt` is under way,
 * in a single process (`enableShutdownHooks`) or a cluster worker: within SIGNAL_ECHO_MS it is
 * taken for the same one and the close goes on (`warnEcho` says so in the log); later, it is an
 * operator insisting, as a second Ctrl-C is for most servers, and the process exits at once
 * with the code a shell gives a death by that signal (128 + its number).
 */
export function onSignalWhileClosing(
  signal: NodeJS.Signals,
  closeBeganAt: number,
  logger: RepeatedSignalLogger,
  options: { prefix?: string; warnEcho: boolean },
): void {
  const who = options.prefix === undefined ? '' : `${options.prefix}: `;
  if (Date.now() - closeBeganAt < SIGNAL_ECHO_MS) {
    if (options.warnEcho) {
      logger.warn(`${who}${signal} again while closing: taken for the same one, the graceful close goes on (send it again after ${SIGNAL_ECHO_MS / 1000} s to exit at once)`);
    }
    return;
  }
  logger.error(`${who}${signal} again while closing: exiting now, without waiting for in-flight requests or shutdown hooks`);
  process.exit(128 + (osConstants.signals[signal] ?? 0));
}
