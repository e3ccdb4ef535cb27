import { unknownModuleProperty } from './errors';
import { ForwardReference } from './forward-ref';
import { GLOBAL_MODULE_METADATA, MODULE_METADATA } from './metadata-keys';
import { Provider } from './provider';
import { InjectionToken, Type } from './token';

/** What an import entry may be: a module class, a dynamic module, a forward reference to one, or a Promise of a dynamic module. */
export type ModuleImport = Type | DynamicModule | ForwardReference | Promise<DynamicModule>;

/**
 * What `exports` may list: a token this module provides, a token one of its imports exports
 * (re-export), a provider object (its `provide` is the token), or an imported module (all
 * its exports are re-exported).
 */
export type ModuleExport = InjectionToken | Provider | DynamicModule;

export interface ModuleMetadata {
  imports?: readonly ModuleImport[];
  controllers?: readonly Type[];
  providers?: readonly Provider[];
  exports?: readonly ModuleExport[];
}

/**
 * A module configured at the import site: `StaticModule.forRoot({ root: 'public' })` returns
 * `{ module: StaticModule, providers: [{ provide: STATIC_OPTIONS, useValue: … }], exports: … }`.
 * Its lists are added to what `@Module()` on the class declares. Each dynamic module object
 * is its own module instance (two `forRoot()` calls give two independent modules).
 */
export interface DynamicModule extends ModuleMetadata {
  module: Type;
  /** Its exports are visible in every module, as with `@Global()`. */
  global?: boolean;
}

const MODULE_KEYS: ReadonlySet<string> = new Set(['imports', 'controllers', 'providers', 'exports']);
const DYNAMIC_MODULE_KEYS: ReadonlySet<string> = new Set([...MODULE_KEYS, 'module', 'global']);

/** The first key of a dynamic module object that is none of `module`, `global` and the four lists. */
export function unknownDynamicModuleKey(dynamic: DynamicModule): string | undefined {
  return Object.keys(dynamic).find((key) => !DYNAMIC_MODULE_KEYS.has(key));
}

/** `@Module({ imports, controllers, providers, exports })`: the metadata is stored on the class. */
export function Module(metadata: ModuleMetadata = {}): ClassDecorator {
  for (const key of Object.keys(metadata)) {
    // Fail where the typo is, at load time, rather than with a baffling missing provider later.
    if (!MODULE_KEYS.has(key)) {
      throw unknownModuleProperty(key);
    }
  }
  return (target) => {
    Reflect.defineMetadata(MODULE_METADATA, metadata, target);
  };
}

/** Makes the module's exports visible everywhere without importing it (import it once, e.g. in the root). */
export function Global(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(GLOBAL_MODULE_METADATA, true, target);
  };
}

export function readModuleMetadata(target: Function): ModuleMetadata | undefined {
  return Reflect.getOwnMetadata(MODULE_METADATA, target) as ModuleMetadata | undefined;
}

export function isModuleClass(value: unknown): value is Type {
  return typeof value === 'function' && readModuleMetadata(value) !== undefined;
}

export function isGlobalModuleClass(target: Function): boolean {
  return Reflect.getOwnMetadata(GLOBAL_MODULE_METADATA, target) === true;
}

export function isDynamicModule(value: unknown): value is DynamicModule {
  return typeof value === 'object' && value !== null && typeof (value as DynamicModule).module === 'function';
}
