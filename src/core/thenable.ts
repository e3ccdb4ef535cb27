/**
 * The sync path stays sync: we only await what is really a promise. Checking `then` (not just
 * `instanceof Promise`) accepts any thenable a user returns.
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/**
 * An RxJS-style Observable, as NestJS guards and interceptors return. We have no RxJS, and the
 * object itself is truthy and serialisable, so it must be caught where an answer is read.
 */
export function isObservable(value: unknown): boolean {
  return value !== null && typeof value === 'object' && typeof (value as { subscribe?: unknown }).subscribe === 'function';
}
