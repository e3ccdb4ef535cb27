/**
 * A reference read later, at bootstrap, instead of when the decorator runs. Needed when two
 * files import each other: while one of them is still loading, the other's class is
 * `undefined`, so `imports: [BModule]` or `@Inject(B)` would capture `undefined`.
 * `forwardRef(() => BModule)` defers the read until every file has loaded.
 *
 * On every constructor parameter of a loop of class providers (A needs B needs A), it also
 * says the author accepts an unfinished instance there, and the loop resolves as in NestJS
 * (see cycle-placeholder.ts). A loop with a step written without it stays
 * WW_ERR_DEPENDENCY_CYCLE.
 */
export class ForwardReference<T = unknown> {
  constructor(readonly resolve: () => T) {}
}

export function forwardRef<T>(resolve: () => T): ForwardReference<T> {
  return new ForwardReference(resolve);
}

/** The referenced value, or the value itself when it is not a forward reference. */
export function unwrapForwardRef<T>(value: T | ForwardReference<T>): T {
  return value instanceof ForwardReference ? value.resolve() : value;
}
