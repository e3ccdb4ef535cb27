/**
 * Keys of the metadata the DI decorators write ON the decorated classes (never in a global
 * registry: two applications built from the same classes must not see each other's state).
 * Symbols, so no user metadata can collide with ours.
 */
export const INJECTABLE_METADATA = Symbol('wirework:injectable');
/** `Record<number, InjectionToken | ForwardReference>`: `@Inject(token)` per constructor index. */
export const INJECT_TOKENS_METADATA = Symbol('wirework:inject-tokens');
/** `readonly number[]`: the constructor indexes marked `@Optional()`. */
export const OPTIONAL_PARAMS_METADATA = Symbol('wirework:optional-params');
/** `ModuleMetadata`: what `@Module({...})` declared. */
export const MODULE_METADATA = Symbol('wirework:module');
/** `true` on a class decorated with `@Global()`. */
export const GLOBAL_MODULE_METADATA = Symbol('wirework:global-module');
/** Written by TypeScript itself when `emitDecoratorMetadata` is on. */
export const PARAMTYPES_METADATA = 'design:paramtypes';
