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
