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
