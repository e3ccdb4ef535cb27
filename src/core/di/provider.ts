import { ForwardReference } from './forward-ref';
import { InjectionToken, Type } from './token';

/** `inject: [CONFIG, { token: Logger, optional: true }]` in a factory provider. */
export interface OptionalFactoryDependency {
  token: InjectionToken | ForwardReference;
  optional: boolean;
}
export type FactoryDependency = InjectionToken | ForwardReference | OptionalFactoryDependency;

export interface ClassProvider<T = any> {
  provide: InjectionToken;
  useClass: Type<T>;
}
export interface ValueProvider<T = any> {
  provide: InjectionToken;
  useValue: T;
}
export interface FactoryProvider<T = any> {
  provide: InjectionToken;
  /** May return a Promise: the container awaits it at bootstrap, before anything needs it. */
  useFactory: (...args: any[]) => T | Promise<T>;
  inject?: readonly FactoryDependency[];
}
/** An alias: the same instance under a second token. */
export interface ExistingProvider {
  provide: InjectionToken;
  useExisting: InjectionToken | ForwardReference;
}

export type Provider<T = any> = Type<T> | ClassProvider<T> | ValueProvider<T> | FactoryProvider<T> | ExistingProvider;

/** A provider reduced to one shape, checked once when the module is scanned. */
export type ProviderDefinition =
  | { kind: 'class'; useClass: Type }
  | { kind: 'value'; useValue: unknown }
  | { kind: 'factory'; useFactory: (...args: any[]) => unknown; inject: readonly FactoryDependency[] }
  | { kind: 'existing'; useExisting: InjectionToken | ForwardReference };

export function isOptionalFactoryDependency(dep: FactoryDependency): dep is OptionalFactoryDependency {
  return typeof dep === 'object' && dep !== null && !(dep instanceof ForwardReference) && 'token' in dep;
}
