/**
 * Errors of the rate-limit feature. Bad options are found at bootstrap (BootstrapError with a
 * stable code); a store that cannot answer at request time raises RateLimitStoreError, which
 * the guard turns into `onStoreError` (allow or deny), never into a 500.
 */
import { BootstrapError } from '../core/bootstrap-error';

export class RateLimitConfigError extends BootstrapError {
  constructor(message: string) {
    super('WW_ERR_RATE_LIMIT_CONFIG', message);
    this.name = 'RateLimitConfigError';
  }
}

export class RateLimitStoreError extends Error {
  readonly code: string;
  constructor(code: 'WW_ERR_RATE_LIMIT_STORE_TIMEOUT' | 'WW_ERR_RATE_LIMIT_STORE_FAILED', message: string, options?: { cause?: unknown }) {
    super(`${code}: ${message}`, options);
    this.code = code;
    this.name = 'RateLimitStoreError';
  }
}

/**
 * A `key(req)` function answered something that is not a key (undefined, null, an object).
 * Turning it into a string would put every such client in one bucket ("undefined"), so the
 * request fails with a 500 that names the function instead. What a key function throws is not
 * wrapped: an `UnauthorizedException` from it answers 401.
 */
export class RateLimitKeyError extends Error {
  readonly code = 'WW_ERR_RATE_LIMIT_KEY';
  constructor(owner: string, value: unknown) {
    const got = value === null ? 'null' : typeof value === 'object' ? 'an object' : typeof value === 'string' ? JSON.stringify(value) : String(value);
    super(
      `WW_ERR_RATE_LIMIT_KEY: the key function of ${owner} returned ${got}; return a string or a number ` +
        '(or a promise of one) for every request, e.g. fall back to req.remoteAddress when the client has no id',
    );
    this.name = 'RateLimitKeyError';
  }
}
