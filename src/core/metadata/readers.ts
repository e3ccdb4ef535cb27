/**
 * Readers over the metadata our decorators write. Bootstrap-only: the route compiler calls
 * these once per controller method and keeps what it needs in the compiled route.
 */
import { META } from './keys';
import type { ParamDefinition, RedirectDefinition, RouteDefinition } from './definitions';

type Key = string | symbol;

/** Own-or-inherited metadata on a class (`target` = constructor) or method (prototype, name). */
function read<T>(key: Key, target: object, property?: Key): T | undefined {
  return property === undefined
    ? (Reflect.getMetadata(key, target) as T | undefined)
    : (Reflect.getMetadata(key, target, property) as T | undefined);
}

export function readControllerPrefix(controller: Function): string | undefined {
  return read<string>(META.controller, controller);
}

export function isController(controller: Function): boolean {
  return readControllerPrefix(controller) !== undefined;
}

export function readRoutes(proto: object, name: Key): RouteDefinition[] {
  return read<RouteDefinition[]>(META.routes, proto, name) ?? [];
}

export function readParams(proto: object, name: Key): ParamDefinition[] {
  return read<ParamDefinition[]>(META.params, proto, name) ?? [];
}

export function readParamTypes(proto: object, name: Key): unknown[] | undefined {
  return read<unknown[]>('design:paramtypes', proto, name);
}

export function readHttpCode(proto: object, name: Key): number | undefined {
  return read<number>(META.httpCode, proto, name);
}

export function readHeaders(proto: object, name: Key): [string, string][] {
  return read<[string, string][]>(META.headers, proto, name) ?? [];
}

export function readRedirect(proto: object, name: Key): RedirectDefinition | undefined {
  return read<RedirectDefinition>(META.redirect, proto, name);
}

/** Method-level value wins over class-level. */
export function readOverride<T>(key: Key, controller: Function, name: Key): T | undefined {
  const onMethod = read<T>(key, controller.prototype, name);
  return onMethod !== undefined ? onMethod : read<T>(key, controller);
}

/**
 * Every metadata key on the class and the method, method-level winning: what an
 * ExecutionContext answers per request without touching Reflect again.
 */
export function readAllMetadata(controller: Function, name: Key): Map<Key, unknown> {
  const map = new Map<Key, unknown>();
  for (const key of Reflect.getMetadataKeys(controller) as Key[]) {
    map.set(key, Reflect.getMetadata(key, controller));
  }
  for (const key of Reflect.getMetadataKeys(controller.prototype, name) as Key[]) {
    map.set(key, Reflect.getMetadata(key, controller.prototype, name));
  }
  return map;
}

/** Method names with at least one route decorator, own and inherited, base class first. */
export function listRouteMethods(controller: Function): string[] {
  const chain: object[] = [];
  for (let p = controller.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) chain.unshift(p);
  const names: string[] = [];
  const seen = new Set<string>();
  for (const proto of chain) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      if (readRoutes(controller.prototype, name).length > 0) names.push(name);
    }
  }
  return names;
}

/** Method names that carry parameter decorators (to catch those that are not routes). */
export function listParamMethods(controller: Function): string[] {
  const names: string[] = [];
  const seen = new Set<string>();
  for (let p = controller.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const name of Object.getOwnPropertyNames(p)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      if (readParams(controller.prototype, name).length > 0) names.push(name);
    }
  }
  return names;
}
