/**
 * The shape of createServer's options, checked before anything is built: a misspelt key
 * (`bodylimit`) or a value the engine would take wrongly (a `limits` field of NaN switched
 * that limit off; a timeout past Node's timer limit fired after 1 ms) fails with
 * WW_ERR_INVALID_OPTION, naming the option, the value received and what is accepted.
 * Options that own their deeper checks (workers, rateLimit, cors, accessLog, globalPrefix,
 * maxParamLength, bodyLimit) are checked where they are read; here only their outer shape.
 */
import { BootstrapError } from '../core/bootstrap-error';
import { FRAMEWORK_ERROR } from '../core/framework-errors';
import { DEFAULT_LIMITS, type ParserLimits } from '../http/types';
import { closestName, unknownKeyMessage } from '../core/did-you-mean';
import { LOG_LEVELS } from '../ops/logger';
import { SERVER_OPTION_NAMES, type ServerOptions } from './options';

/**
 * Node runs a timer of more than 2^31 − 1 ms after 1 ms (with a TimeoutOverflowWarning): a
 * `requestTimeoutMs` meant as "a month" answered every request 503 at once.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The smallest sensible value of each parser limit, and why. Listed per key of ParserLimits
 * so that a new limit cannot be added to the engine without a range here.
 */
const LIMIT_MINIMUM: Record<keyof ParserLimits, { min: number; why: string }> = {
  // RFC 9112 §3 recommends supporting at least 8000; "GET / HTTP/1.1" alone is 14 octets.
  maxRequestLineBytes: { min: 16, why: "'GET / HTTP/1.1' alone is 14 octets; RFC 9112 §3 recommends 8000 or more" },
  maxHeaderBytes: { min: 16, why: 'an HTTP/1.1 request must carry a Host field (RFC 9112 §3.2)' },
  maxHeaderCount: { min: 1, why: 'an HTTP/1.1 request must carry a Host field (RFC 9112 §3.2)' },
  maxBodyBytes: { min: 0, why: '0 refuses every body with 413' },
  // the parser counts the whole chunk-size line, hex digits included, against this limit
  maxChunkExtensionBytes: { min: 16, why: 'the whole chunk-size line counts, its hex size included' },
  maxTrailerBytes: { min: 0, why: '0 refuses every trailer field' },
};
const LIMIT_NAMES = Object.keys(DEFAULT_LIMITS);
/** The keys of `metrics: { … }` and `health: { … }`; `satisfies` makes tsc fail when ServerOptions gains one. */
const METRICS_OPTION_NAMES = Object.keys({ path: true } satisfies Record<keyof Exclude<ServerOptions['metrics'], boolean | undefined>, true>);
const HEALTH_OPTION_NAMES = Object.keys({
  livenessPath: true, readinessPath: true,
} satisfies Record<keyof Exclude<ServerOptions['health'], boolean | undefined>, true>);

/** Throws a BootstrapError WW_ERR_INVALID_OPTION for the first option that is wrong. */
export function validateServerOptions(options: unknown): asserts options is ServerOptions {
  if (!isObject(options)) {
    throw invalid(`createServer's options must be an object ({ logger, cors, globalPrefix, … }), got ${describeReceived(options)}`);
  }
  refuseUnknownKeys(options, SERVER_OPTION_NAMES, '');
  const o = options as ServerOptions;
  checkLogger(o.logger);
  if (o.cors !== undefined && typeof o.cors !== 'boolean' && !isObject(o.cors)) {
    throw invalid(`cors must be true, false or an object such as { origin: 'https://app.example' }, got ${describeReceived(o.cors)}`);
  }
  if (o.https !== undefined && !isObject(o.https)) {
    throw invalid(`https must be an object of tls.createServer options such as { key, cert }, got ${describeReceived(o.https)}`);
  }
  if (o.guards !== undefined && !Array.isArray(o.guards)) {
    throw invalid(`guards must be an array of guard classes or instances, got ${describeReceived(o.guards)}`);
  }
  if (o.rateLimit !== undefined && !isObject(o.rateLimit)) {
    throw invalid(`rateLimit must be an object such as { limit: 100, windowMs: 60_000 }, got ${describeReceived(o.rateLimit)}`);
  }
  checkSwitchOrObject('metrics', o.metrics, METRICS_OPTION_NAMES);
  checkSwitchOrObject('health', o.health, HEALTH_OPTION_NAMES);
  if (o.requestId !== undefined && typeof o.requestId !== 'boolean') {
    throw invalid(`requestId must be true or false, got ${describeReceived(o.requestId)}`);
  }

  // The engine's numbers: its own check is a bare RangeError, and it takes '5000' as a number.
  for (const name of ['headersTimeoutMs', 'keepAliveTimeoutMs', 'bodyTimeoutMs'] as const) checkMilliseconds(name, o[name], false);
  for (const name of ['drainGraceMs', 'requestTimeoutMs', 'shutdownTimeoutMs', 'shutdownHooksTimeoutMs'] as const) {
    checkMilliseconds(name, o[name], true);
  }
  if (o.maxPipelined !== undefined && !isWholeNumber(o.maxPipelined, 1)) {
    throw invalid(`maxPipelined must be a whole number, 1 or more, got ${describeReceived(o.maxPipelined)}`);
  }
  // NaN made `open >= maxConnections` always false (no limit); 0 refused every connection.
  if (o.maxConnections !== undefined && o.maxConnections !== Infinity && !isWholeNumber(o.maxConnections, 1)) {
    throw invalid(`maxConnections must be a whole number, 1 or more (or Infinity for no limit), got ${describeReceived(o.maxConnections)}`);
  }
  checkLimits(o.limits);
}

function checkLimits(limits: unknown): void {
  if (limits === undefined) return;
  if (!isObject(limits)) {
    throw invalid(`limits must be an object such as { maxHeaderCount: 50 }, got ${describeReceived(limits)}`);
  }
  refuseUnknownKeys(limits, LIMIT_NAMES, 'limits');
  for (const name of Object.keys(limits) as Array<keyof ParserLimits>) {
    const value = limits[name];
    if (value === undefined) continue;
    const { min, why } = LIMIT_MINIMUM[name];
    if (!isWholeNumber(value, min)) {
      throw invalid(`limits.${name} must be a whole number, ${min} or more, got ${describeReceived(value)} (${why}; the default is ${DEFAULT_LIMITS[name]})`);
    }
  }
}

/** A timeout option: a number of ms > 0 (or 0 for none, when allowed) within Node's timer limit. */
export function checkMilliseconds(name: string, value: unknown, zeroAllowed: boolean): void {
  if (value === undefined) return;
  if (typeof value === 'number' && (value > 0 || (zeroAllowed && value === 0)) && value <= MAX_TIMER_MS) return;
  const accepted = zeroAllowed ? 'a number of milliseconds > 0 (or 0 for none)' : 'a number of milliseconds > 0';
  throw invalid(`${name} must be ${accepted}, at most ${MAX_TIMER_MS} (Node's timer limit), got ${describeReceived(value)}`);
}

/**
 * Anything with log/warn/error (or pino's info/warn/error), or false; `logger: true` or an
 * object missing error() would only fail later, at the first line the framework logs.
 */
function checkLogger(logger: unknown): void {
  if (logger === undefined || logger === false) return;
  if (Array.isArray(logger)) return checkLogLevels(logger);
  const l = logger as Record<string, unknown> | null;
  const fits =
    l !== null && typeof l === 'object' &&
    (typeof l.log === 'function' || typeof l.info === 'function') &&
    typeof l.warn === 'function' && typeof l.error === 'function';
  if (!fits) {
    throw invalid(
      `logger must be false (silence), undefined (the console), the console's levels (['error', 'warn']) ` +
        `or an object with log, warn and error methods (a pino instance fits as is), got ${describeReceived(logger)}`,
    );
  }
}

/** `logger: ['error', 'warn']`: every entry a level we know, so a typo does not silence a level. */
function checkLogLevels(levels: readonly unknown[]): void {
  for (const level of levels) {
    if (typeof level === 'string' && (LOG_LEVELS as readonly string[]).includes(level)) continue;
    const close = typeof level === 'string' ? closestName(level, LOG_LEVELS) : undefined;
    const hint = close !== undefined ? `did you mean '${close}'?` : `the levels are ${LOG_LEVELS.map((l) => `'${l}'`).join(', ')}`;
    throw invalid(`logger: unknown level ${describeReceived(level)}: ${hint}`);
  }
}

/** `metrics` and `health`: true/false, or an object of a few known keys. */
function checkSwitchOrObject(name: string, value: unknown, keys: readonly string[]): void {
  if (value === undefined || typeof value === 'boolean') return;
  if (!isObject(value)) {
    throw invalid(`${name} must be true, false or an object { ${keys.join(', ')} }, got ${describeReceived(value)}`);
  }
  refuseUnknownKeys(value, keys, name);
}

function refuseUnknownKeys(value: object, known: readonly string[], path: string): void {
  const message = unknownKeyMessage(value, known, path);
  if (message !== undefined) throw invalid(message);
}

function isWholeNumber(value: unknown, min: number): boolean {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= min;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalid(message: string): BootstrapError {
  return new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, message);
}

/** A value as the user would recognise it in their code: strings quoted, no object dumps. */
export function describeReceived(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'function') return value.name ? `the function ${value.name}` : 'a function';
  if (typeof value === 'object' && value !== null) return 'an object';
  return String(value);
}
