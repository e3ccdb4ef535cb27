/**
 * Writing helpers for decorators. A list is copied before it grows, so a subclass decorator
 * never mutates the array its base class holds (metadata lookups walk the prototype chain).
 */
type Key = string | symbol;

export function appendMetadata<T>(key: Key, items: readonly T[], target: object, property?: Key): void {
  const existing =
    property === undefined
      ? (Reflect.getOwnMetadata(key, target) as T[] | undefined)
      : (Reflect.getOwnMetadata(key, target, property) as T[] | undefined);
  const next = existing ? existing.concat(items) : items.slice();
  if (property === undefined) Reflect.defineMetadata(key, next, target);
  else Reflect.defineMetadata(key, next, target, property);
}

/** Class decorators get the constructor; method decorators get (prototype, name). */
export function defineOn(key: Key, value: unknown, target: object, property?: Key): void {
  if (property === undefined) Reflect.defineMetadata(key, value, target);
  else Reflect.defineMetadata(key, value, target, property);
}
