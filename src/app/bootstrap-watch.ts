/**
 * A factory or `onModuleInit` whose promise never settles leaves `createServer` waiting
 * forever — and if nothing else keeps the event loop alive, Node simply exits with code 0,
 * the server never listening and nothing said. The watch names what bootstrap waits for:
 * a warning every `warnEveryMs` while it is slow, and, when the loop empties with bootstrap
 * unfinished (so it can never finish), an error and exit code 1.
 */
import type { Awaiting } from '../core/di/awaiting';
import type { FrameworkLogger } from '../core/logger';

export const BOOTSTRAP_WARN_EVERY_MS = 10_000;

export class BootstrapWatch {
  private awaiting?: Awaiting;
  private logger?: FrameworkLogger;
  private readonly startedAt = Date.now();
  private timer?: NodeJS.Timeout;

  constructor(private readonly warnEveryMs = BOOTSTRAP_WARN_EVERY_MS) {
    process.on('beforeExit', this.onBeforeExit);
  }

  /** Starts watching once there is a container to ask and a logger to tell. */
  follow(awaiting: Awaiting, logger: FrameworkLogger): void {
    this.awaiting = awaiting;
    this.logger = logger;
    // unref: the watch must not be what keeps a stuck process alive (beforeExit reports that).
    this.timer = setInterval(this.onSlow, this.warnEveryMs).unref();
  }

  stop(): void {
    clearInterval(this.timer);
    process.off('beforeExit', this.onBeforeExit);
  }

  private waitingFor(): string {
    const label = this.awaiting?.label;
    return label === undefined ? 'a promise' : `${label}, whose promise has not settled`;
  }

  private readonly onSlow = (): void => {
    const seconds = Math.round((Date.now() - this.startedAt) / 1000);
    this.logger?.warn(`createServer has waited ${seconds} s for ${this.waitingFor()}; the server listens only once every factory and onModuleInit/onApplicationBootstrap hook has settled.`);
  };

  private readonly onBeforeExit = (): void => {
    if (this.logger === undefined) return;
    this.logger.error(
      `createServer can never finish: it waits for ${this.waitingFor()}, and nothing else is left for Node to do, so it never will. ` +
        'Make that promise resolve or reject (a missing resolve() or an event that never comes is the usual cause). Exiting with code 1.',
    );
    process.exitCode = 1;
    this.stop();
  };
}
