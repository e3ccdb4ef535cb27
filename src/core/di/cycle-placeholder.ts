import { UnbuiltPlaceholderRead } from './errors';

const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * NestJS's answer to a provider cycle written with forwardRef() on both sides (A needs B needs
 * A): when the loop comes back to A, A's constructor has not run yet, so B receives a
 * placeholder for A. Once A's constructor has run, its instance's own properties are copied
 * onto the placeholder, which becomes the one A instance every holder and `app.get(A)` share.
 *
 * Until then, the placeholder's prototype is a Proxy that throws on any member read, so B's
 * constructor using A gets an error naming both (in Nest it reads `undefined` fields: a
 * TypeError, or worse a wrong value kept for good). After it, the placeholder is a plain object with A's prototype and fields: the
 * Proxy is gone, so nothing here costs a request anything.
 *
 * What cannot be carried over (documented): `#private` fields (the engine stamps them on the
 * object the constructor built, and no copy moves them), and `this` captured during the
 * constructor (arrow-function fields, callbacks it registered) points at that first object.
 */
export function createPlaceholder(type: Function): object {
  const className = type.name;
  // Logging the dependency in a constructor (console.log, `${dep}`) is debugging, not use: it
  // prints this instead of failing bootstrap.
  const describe = () => `[${className}, still being built]`;
  const unbuilt = new Proxy(Object.create(null) as object, {
    get(_target, key) {
      if (key === INSPECT || key === 'toString') return describe;
      if (key === 'constructor') return type;
      // `then`: the placeholder passes through `await` (resolution is async), which asks for it.
      // Other symbols (Symbol.toPrimitive, Symbol.toStringTag…) are the runtime's, not the user's members.
      if (typeof key === 'symbol' || key === 'then') return undefined;
      throw new UnbuiltPlaceholderRead(className, key);
    },
  });
  return Object.create(unbuilt) as object;
}

/**
 * Makes `placeholder` the instance `built`: its prototype, then every own property with its
 * descriptor (Nest's Object.assign drops accessors and non-enumerable properties).
 */
export function fillPlaceholder(placeholder: object, built: unknown): object {
  const instance = built as object;
  Object.setPrototypeOf(placeholder, Object.getPrototypeOf(instance));
  Object.defineProperties(placeholder, Object.getOwnPropertyDescriptors(instance));
  return placeholder;
}
