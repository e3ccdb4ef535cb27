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

/**
 * The levels a `logger: ['error', 'warn']` list may name: NestJS's, so that option ports as is.
 * wirework writes lines at log, warn, error and debug; 'verbose' shows the debug lines too (there
 * is nothing finer), and 'fatal' is accepted but names no line of ours.
 */
export type LogLevel = 'log' | 'warn' | 'error' | 'debug' | 'verbose' | 'fatal';

/** Every LogLevel; `satisfies` makes tsc fail when the type gains one this list lacks. */
export const LOG_LEVELS = Object.keys({
  log: true, warn: true, error: true, debug: true, verbose: true, fatal: true,
} satisfies Record<LogLevel, true>) as readonly LogLevel[];

/** The console logger's levels when none are given: everything but debug. */
const DEFAULT_LEVELS: readonly LogLevel[] = ['log', 'warn', 'error'];

/**
 * What users may pass as the `logger` option: their logger, a pino instance, the console
 * logger's levels (`['error', 'warn']`, or with 'debug' for the route table at startup), or false.
 */
export type LoggerOption = Logger | PinoLike | readonly LogLevel[] | false | undefined;

interface PinoLike {
  info(...args: unknown[]): void;
  warn(...args: unknown[]): void;
  error(...args: unknown[]): void;
  debug?(...args: unknown[]): void;
}

const noop = (): void => {};

/** `logger: false`: every call is dropped. */
export const silentLogger: Logger = Object.freeze({ log: noop, warn: noop, error: noop, debug: noop });

/**
 * The default: one concise line per event on stderr/stdout, an error's stack when given. A level
 * not enabled is a method that does nothing, decided once here rather than tested per line.
 */
export class ConsoleLogger implements Logger {
  readonly log: (message: string, ...meta: unknown[]) => void = noop;
  readonly warn: (message: string, ...meta: unknown[]) => void = noop;
  readonly error: (message: string, ...meta: unknown[]) => void = noop;
  readonly debug: (message: string, ...meta: unknown[]) => void = noop;

  constructor(private readonly context = 'wirework', levels: readonly LogLevel[] = DEFAULT_LEVELS) {
    if (levels.includes('log')) this.log = (message, ...meta) => console.log(this.line('info', message), ...meta);
    if (levels.includes('warn')) this.warn = (message, ...meta) => console.warn(this.line('warn', message), ...meta);
    if (levels.includes('error')) this.error = (message, ...meta) => console.error(this.line('error', message), ...meta);
    if (levels.includes('debug') || levels.includes('verbose')) {
      this.debug = (message, ...meta) => console.debug(this.line('debug', message), ...meta);
    }
  }

  private line(level: string, message: string): string {
    return `[${this.context}] ${level} ${message}`;
  }
}

/**
 * Turns the `logger` option into a Logger; pino's `info` stands in for `log`. A logger of the
 * user's is guarded (guardLogger): the framework logs from the error path, timers and the
 * cluster primary, where a throw would replace a JSON 500 with the engine's plain one or
 * crash the process.
 */
export function resolveLogger(option: LoggerOption): Logger {
  if (option === false) return silentLogger;
  if (option === undefined) return new ConsoleLogger();
  if (Array.isArray(option)) return new ConsoleLogger('wirework', option as readonly LogLevel[]);
  if (typeof (option as Logger).log === 'function') return guardLogger(option as Logger);
  const pino = option as PinoLike;
  if (typeof pino.info === 'function') {
    return guardLogger({
      log: (message, ...meta) => pino.info(...pinoArgs(message, meta)),
      warn: (message, ...meta) => pino.warn(...pinoArgs(message, meta)),
      error: (message, ...meta) => pino.error(...pinoArgs(message, meta)),
      debug: (message, ...meta) => pino.debug?.(...pinoArgs(message, meta)),
    });
  }
  throw new TypeError('The logger option needs log/warn/error methods (or a pino instance), or false to silence it.');
}

type Level = 'log' | 'warn' | 'error' | 'debug';

/**
 * A logger whose throws stay inside it: a line its method threw on goes to `fallback` (the
 * console) instead, and the first throw is reported there once, with its error, so a broken
 * logger is noticed without a stack per request. Methods are called on the logger itself
 * (`this` intact), and `debug` stays absent when the logger has none.
 */
export function guardLogger(target: Logger, fallback: Logger = new ConsoleLogger()): Logger {
  let reported = false;
  const guard = (level: Level): ((message: string, ...meta: unknown[]) => void) => (message, ...meta) => {
    try {
      target[level]!(message, ...meta);
    } catch (error) {
      if (!reported) {
        reported = true;
        fallback.error(`logger.${level} threw ${describeThrown(error)}; this and later lines it cannot write go to the console`, error);
      }
      fallback[level]?.(message, ...meta);
    }
  };
  const guarded: Logger = { log: guard('log'), warn: guard('warn'), error: guard('error') };
  if (typeof target.debug === 'function') guarded.debug = guard('debug');
  return guarded;
}

function describeThrown(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}

/**
 * pino takes (mergingObject, msg): what follows a message is only printf arguments, and since
 * pino 6 it is dropped when the message has no placeholder — an error passed after the message
 * would vanish from the log. So an Error goes in as `err` (pino's error serializer prints its
 * stack) and anything else as `meta`, in the object before the message.
 */
function pinoArgs(message: string, meta: unknown[]): [string] | [object, string] {
  if (meta.length === 0) return [message];
  const fields: { err?: unknown; meta?: unknown[] } = {};
  const rest: unknown[] = [];
  for (const value of meta) {
    if (fields.err === undefined && value instanceof Error) fields.err = value;
    else rest.push(value);
  }
  if (rest.length > 0) fields.meta = rest;
  return [fields, message];
}
