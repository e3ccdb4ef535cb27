import { ForwardReference } from './forward-ref';

/** A class that can be constructed. */
export interface Type<T = any> extends Function {
  new (...args: any[]): T;
}

/** An abstract class, usable as a token (`{ provide: Logger, useClass: PinoLogger }`). */
export type Abstract<T = any> = abstract new (...args: any[]) => T;

/** What a provider is registered under and looked up by: a class, a string or a symbol. */
export type InjectionToken<T = any> = Type<T> | Abstract<T> | string | symbol | Function;

/** How a token reads in an error message: `UsersService`, `'CONFIG'`, `Symbol(CACHE)`. */
export function describeToken(token: unknown): string {
  if (token instanceof ForwardReference) return describeToken(safeResolve(token));
  if (typeof token === 'function') return token.name || 'an anonymous class';
  if (typeof token === 'string') return `'${token}'`;
  if (typeof token === 'symbol') return token.toString();
  if (token === undefined) return 'undefined';
  if (token === null) return 'null';
  return String(token);
}

function safeResolve(ref: ForwardReference): unknown {
  try {
    return ref.resolve();
  } catch {
    return 'forwardRef(?)';
  }
}

/** True for the values a token may be. */
export function isToken(value: unknown): value is InjectionToken {
  return typeof value === 'function' || typeof value === 'string' || typeof value === 'symbol';
}

/**
 * The constructors TypeScript writes into `design:paramtypes` when it has no class to name:
 * `Object` for an interface, a type alias, a union or an `import type`; `undefined` when the
 * imported class was not loaded yet (a circular file import); the primitive wrappers for
 * `string`, `number`, … None of them can be a provider's token by type alone.
 */
const UNUSABLE_PARAM_TYPES: ReadonlySet<unknown> = new Set<unknown>([
  undefined, null, Object, Function, String, Number, Boolean, Symbol, BigInt, Array, Promise,
]);

export function isUsableParamType(type: unknown): boolean {
  return typeof type === 'function' && !UNUSABLE_PARAM_TYPES.has(type);
}
