import { Container } from '../../core/di/container';
import { ForwardReference } from '../../core/di/forward-ref';
import { isModuleClass, Module, type DynamicModule, type ModuleMetadata } from '../../core/di/module';
import { Overrides, type ModuleOverride, type ProviderOverride } from '../../core/di/overrides';
import { isOptionalFactoryDependency, type FactoryDependency, type ProviderDefinition } from '../../core/di/provider';
import { describeToken, isToken, type InjectionToken, type Type } from '../../core/di/token';
import { DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS, withShutdownDeadline } from '../shutdown-deadline';
import { TestingModule } from './testing-module';
import { unknownModuleOverride, unknownProviderOverride } from './testing-errors';

/** What replaces an overridden token: Nest's three shapes. Each returns the builder, to chain. */
export interface OverrideBy {
  /** This object, as it is (its lifecycle hooks are called). */
  useValue(value: unknown): TestingModuleBuilder;
  /** This class, built with constructor injection in the module of the provider it replaces. */
  useClass(type: Type): TestingModuleBuilder;
  /** What `factory` returns (awaited), called with the `inject` tokens as the replaced provider's module sees them. */
  useFactory(options: { factory: (...args: any[]) => unknown; inject?: readonly FactoryDependency[] }): TestingModuleBuilder;
}

export interface OverrideModule {
  /** Scanned wherever the overridden module is imported (or re-exported). */
  useModule(replacement: Type | DynamicModule): TestingModuleBuilder;
}

/**
 * `Test.createTestingModule(metadata)`: the application's modules as the test imports them,
 * with providers, guards, interceptors, pipes, filters and modules replaced wherever the
 * graph resolves them. `compile()` builds it.
 */
export class TestingModuleBuilder {
  private readonly providerOverrides: ProviderOverride[] = [];
  private readonly moduleOverrides: ModuleOverride[] = [];
  private readonly root: Type;

  constructor(metadata: ModuleMetadata) {
    // Nest's name for it; a fresh class per builder, so two tests never share a root.
    class RootTestModule {}
    Module(metadata)(RootTestModule);
    this.root = RootTestModule;
  }

  /** Replaces the provider of `token` in every module that provides it, and so wherever it is injected. */
  overrideProvider(token: InjectionToken): OverrideBy {
    if (!isToken(token)) throw new TypeError(`overrideProvider() takes a class, string or symbol token, got ${describeValue(token)}`);
    return this.overrideBy(token, `overrideProvider(${describeToken(token)})`, 'provider');
  }

  /** Replaces a guard class wherever it is resolved: @UseGuards(Guard), createApp({ guards }), or as a provider. */
  overrideGuard(type: Type): OverrideBy {
    return this.overrideEnhancer(type, 'overrideGuard');
  }

  overrideInterceptor(type: Type): OverrideBy {
    return this.overrideEnhancer(type, 'overrideInterceptor');
  }

  /** Also a pipe named in a parameter decorator: `@Param('id', ParseIdPipe)`. */
  overridePipe(type: Type): OverrideBy {
    return this.overrideEnhancer(type, 'overridePipe');
  }

  overrideFilter(type: Type): OverrideBy {
    return this.overrideEnhancer(type, 'overrideFilter');
  }

  overrideModule(module: Type): OverrideModule {
    if (!isModuleClass(module)) throw new TypeError(`overrideModule() takes a module class (one with @Module()), got ${describeValue(module)}`);
    return {
      useModule: (replacement) => {
        const isModule = isModuleClass(replacement) || (typeof replacement === 'object' && replacement !== null && isModuleClass(replacement.module));
        if (!isModule) {
          throw new TypeError(`overrideModule(${module.name}).useModule() takes a module class or a dynamic module, got ${describeValue(replacement)}`);
        }
        this.moduleOverrides.push({ module, replacement });
        return this;
      },
    };
  }

  /**
   * Scans the graph, applies the overrides and builds every provider and controller (no
   * lifecycle hook runs yet: `createApp()` runs them). Rejects with WW_ERR_UNKNOWN_OVERRIDE
   * for an overrideProvider() or overrideModule() that would replace nothing (before anything
   * is built), and with the
   * usual BootstrapError for a graph that cannot be built; either way, what was built gets
   * its shutdown hooks. Each call builds a new, independent module.
   */
  async compile(): Promise<TestingModule> {
    const overrides = new Overrides(this.providerOverrides, this.moduleOverrides, (applied, modules) => {
      const unknownModule = applied.unusedModules()[0];
      if (unknownModule !== undefined) throw unknownModuleOverride(unknownModule);
      const unknownProvider = applied.unusedProviders('provider')[0];
      if (unknownProvider !== undefined) throw unknownProviderOverride(unknownProvider, modules);
    });
    const container = new Container(this.root, overrides);
    try {
      await container.init();
    } catch (error) {
      // As createServer does after a failed bootstrap: a test expecting the failure leaks nothing.
      await withShutdownDeadline(container.callShutdownHooks(), DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS, container.awaiting).catch(() => undefined);
      throw error;
    }
    return new TestingModule(container, overrides);
  }

  private overrideEnhancer(type: Type, method: string): OverrideBy {
    if (typeof type !== 'function') throw new TypeError(`${method}() takes the class named in the decorator, got ${describeValue(type)}`);
    return this.overrideBy(type, `${method}(${describeToken(type)})`, 'enhancer');
  }

  private overrideBy(token: InjectionToken, label: string, kind: ProviderOverride['kind']): OverrideBy {
    const add = (definition: ProviderDefinition): TestingModuleBuilder => {
      this.providerOverrides.push({ token, definition, label, kind });
      return this;
    };
    return {
      useValue: (value) => add({ kind: 'value', useValue: value }),
      useClass: (type) => {
        if (typeof type !== 'function' || isModuleClass(type)) throw new TypeError(`${label}.useClass() takes an injectable class, got ${describeValue(type)}`);
        return add({ kind: 'class', useClass: type });
      },
      useFactory: (options) => {
        const { factory, inject = [] } = (options ?? {}) as { factory?: unknown; inject?: unknown };
        if (typeof factory !== 'function') {
          throw new TypeError(`${label}.useFactory() takes { factory, inject? } (Nest's shape), and its factory is ${describeValue(factory)}`);
        }
        if (!Array.isArray(inject) || !inject.every(isFactoryDependency)) {
          throw new TypeError(`${label}.useFactory(): inject must be an array of tokens (a class, string, symbol, forwardRef() or { token, optional })`);
        }
        return add({ kind: 'factory', useFactory: factory as (...args: any[]) => unknown, inject });
      },
    };
  }
}

function isFactoryDependency(entry: unknown): entry is FactoryDependency {
  if (isToken(entry) || entry instanceof ForwardReference) return true;
  return typeof entry === 'object' && entry !== null && isOptionalFactoryDependency(entry as FactoryDependency) &&
    (isToken((entry as { token: unknown }).token) || (entry as { token: unknown }).token instanceof ForwardReference) &&
    typeof (entry as { optional: unknown }).optional === 'boolean';
}

function describeValue(value: unknown): string {
  if (typeof value === 'function') return value.name ? `the ${isModuleClass(value) ? 'module' : 'class'} ${value.name}` : 'an anonymous function';
  if (typeof value === 'string') return `the string '${value}'`;
  return value === null || value === undefined ? String(value) : typeof value;
}
