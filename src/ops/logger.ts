/**
 * The logger seam. Anything with `log`/`warn`/`error` (and optionally `debug`) fits, and so
 * does a pino instance as is (pino has `info` where we say `log`).
 */
export interface Logger {
  log(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
  debug?(message: string, ...meta: unknown[]): void;
}

/** What users may pass as the `logger` option. */
export type LoggerOption = Logger | PinoLike | false | undefined;

interface PinoLike {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug?(...args: unknown[]): void;
}

const noop = (): void => {};

/** `logger: false`: every call is dropped. */
export const silentLogger: Logger = Object.freeze({ log: noop, warn: noop, error: noop, debug: noop });

/** The default: one concise line per event on stderr/stdout, an error's stack when given. */
export class ConsoleLogger implements Logger {
  constructor(private readonly context = 'wirework', private readonly debugEnabled = false) {}

  log(message: string, ...meta: unknown[]): void {
    console.log(this.line('info', message), ...meta);
  }
  warn(message: string, ...meta: unknown[]): void {
    console.warn(this.line('warn', message), ...meta);
  }
  error(message: string, ...meta: unknown[]): void {
    console.error(this.line('error', message), ...meta);
  }
  debug(message: string, ...meta: unknown[]): void {
    if (this.debugEnabled) console.debug(this.line('debug', message), ...meta);
  }

  private line(level: string, message: string): string {
    return `[${this.context}] ${level} ${message}`;
  }
}

/** Turns the `logger` option into a Logger; pino's `info` stands in for `log`. */
export function resolveLogger(option: LoggerOption): Logger {
  if (option === false) return silentLogger;
  if (option === undefined) return new ConsoleLogger();
  if (typeof (option as Logger).log === 'function') return option as Logger;
  const pino = option as PinoLike;
  if (typeof pino.info === 'function') {
    return {
      // pino takes (obj, msg) or (msg, ...args); a message first is the form both accept.
      log: (message, ...meta) => pino.info(message, ...meta),
      warn: (message, ...meta) => pino.warn(message, ...meta),
      error: (message, ...meta) => pino.error(message, ...meta),
      debug: (message, ...meta) => pino.debug?.(message, ...meta),
    };
  }
  throw new TypeError('The logger option needs log/warn/error methods (or a pino instance), or false to silence it.');
}
