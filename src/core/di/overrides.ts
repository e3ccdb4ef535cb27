import type { DynamicModule } from './module';
import type { ModuleRef } from './module-ref';
import type { ProviderDefinition } from './provider';
import type { InjectionToken, Type } from './token';

/** One `overrideProvider(X).useValue(…)` (or overrideGuard, …) of a testing module. */
export interface ProviderOverride {
  token: InjectionToken;
  definition: ProviderDefinition;
  /** How the test wrote it, for errors: `overrideGuard(AuthGuard)`. */
  label: string;
  /** overrideProvider targets a provider; the others may also target a class only named in a decorator. */
  kind: 'provider' | 'enhancer';
}

/** One `overrideModule(M).useModule(N)`. */
export interface ModuleOverride {
  module: Type;
  replacement: Type | DynamicModule;
}

/**
 * The replacements a testing module asks for, consulted at bootstrap only: by the scanner for
 * each import (a module swapped for another), then by the container once the graph is scanned
 * (every provider record of an overridden token gets the override's definition before anything
 * is built, so the replaced class is never constructed, wherever the record is exported or
 * imported to) and for each class it builds outside the providers (a guard named in
 * `@UseGuards(AuthGuard)`). Records what was used, so an override that replaced nothing can
 * be reported instead of silently leaving the real class in place.
 */
export class Overrides {
  private readonly byToken = new Map<InjectionToken, ProviderOverride>();
  private readonly byModule = new Map<Type, ModuleOverride>();
  private readonly used = new Set<object>();

  /**
   * @param afterApply called once the scanned graph has its overrides, before anything is built:
   * an override that replaced nothing is refused there, before a real factory (a database pool)
   * runs for a test that meant to replace it.
   */
  constructor(
    providers: readonly ProviderOverride[],
    modules: readonly ModuleOverride[] = [],
    private readonly afterApply?: (overrides: Overrides, modules: readonly ModuleRef[]) => void,
  ) {
    // The last override of a token wins, as in Nest.
    for (const override of providers) this.byToken.set(override.token, override);
    for (const override of modules) this.byModule.set(override.module, override);
  }

  /** The import to scan in place of `entry`: its replacement when `entry` is (a dynamic module of) an overridden module. */
  moduleFor<T>(entry: T): T | Type | DynamicModule {
    const type = typeof entry === 'function' ? entry : (entry as Partial<DynamicModule> | null)?.module;
    const override = typeof type === 'function' ? this.byModule.get(type as Type) : undefined;
    if (override === undefined) return entry;
    this.used.add(override);
    return override.replacement;
  }

  /** Gives every provider record of an overridden token the override's definition. Before anything is built. */
  applyTo(modules: readonly ModuleRef[]): void {
    for (const module of modules) {
      for (const record of module.providers.values()) {
        const override = this.byToken.get(record.token);
        if (override === undefined || record.internal) continue;
        record.replaceDefinition(override.definition);
        this.used.add(override);
      }
    }
    this.afterApply?.(this, modules);
  }

  /** The override of a class built outside the providers (a guard named in a decorator), if any. */
  definitionFor(token: InjectionToken): ProviderDefinition | undefined {
    const override = this.byToken.get(token);
    if (override === undefined) return undefined;
    this.used.add(override);
    return override.definition;
  }

  /** The overrides of `kind` that have replaced nothing so far. */
  unusedProviders(kind: ProviderOverride['kind']): ProviderOverride[] {
    return [...this.byToken.values()].filter((override) => override.kind === kind && !this.used.has(override));
  }

  unusedModules(): ModuleOverride[] {
    return [...this.byModule.values()].filter((override) => !this.used.has(override));
  }
}
