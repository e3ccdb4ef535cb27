import { containerNotReady, unknownProvider } from './errors';
import { DynamicModule } from './module';
import { ProviderDefinition } from './provider';
import { describeToken, InjectionToken, Type } from './token';

/** One provider of one module in one container: its definition and, once built, its singleton. */
export class ProviderRecord {
  state: 'pending' | 'resolving' | 'resolved' = 'pending';
  instance: unknown = undefined;
  /** While a class provider is being built, what a forwardRef() cycle handed out in its place (see cycle-placeholder.ts). */
  placeholder: object | undefined = undefined;

  constructor(
    readonly token: InjectionToken,
    readonly host: ModuleRef,
    private currentDefinition: ProviderDefinition,
    /** Registered by the container itself (the module's own ModuleRef): never exported, no hooks. */
    readonly internal = false,
  ) {}

  get definition(): ProviderDefinition {
    return this.currentDefinition;
  }

  /**
   * A testing override (Test.createTestingModule().overrideProvider()): the record keeps its
   * place in every module that exports or imports it, and builds from the new definition.
   * Only before it is built, so the replaced class is never constructed.
   */
  replaceDefinition(definition: ProviderDefinition): void {
    if (this.state !== 'pending') throw new Error(`${this.label} is already built: an override must be applied before the container builds anything`);
    this.currentDefinition = definition;
  }

  get label(): string {
    return describeToken(this.token);
  }
}

/** An instance whose lifecycle hooks are called, and how an error names it. */
export interface HookTarget {
  instance: unknown;
  /** `UsersService`, or `the provider 'CACHE'` for a plain value or factory result. */
  label: string;
}

/** How a hook failure names an instance: its class, unless it is a plain object made by a value or factory. */
export function hookLabel(instance: unknown, token: unknown): string {
  const ctor = readMember(instance, 'constructor');
  if (typeof ctor === 'function' && ctor !== Object && ctor !== Function && ctor.name) return ctor.name;
  return `the provider ${describeToken(token)}`;
}

/**
 * `instance[name]`, or undefined when reading it throws. Some values are Proxies that throw
 * on any unknown property (envalid's `cleanEnv()` result, strict config objects): such a
 * value has no lifecycle hook, and registering it with useValue must not crash bootstrap.
 */
export function readMember(instance: unknown, name: string): unknown {
  if (instance === null || instance === undefined) return undefined;
  try {
    return (instance as Record<string, unknown>)[name];
  } catch {
    return undefined;
  }
}

/**
 * A module as instantiated in one container. Injectable (`constructor(private moduleRef: ModuleRef)`)
 * to look providers up after bootstrap, e.g. to break a dependency cycle lazily.
 *
 * Lookups are one Map read: everything this module can see (its own providers, what its
 * imports export, what global modules export) is flattened into `visible` when it is scanned.
 */
export class ModuleRef {
  readonly name: string;
  /** The modules this one imports, resolved (forward references followed, Promises awaited). */
  readonly imports: ModuleRef[] = [];
  /** The controller classes this module declares, in declaration order. */
  readonly controllers: Type[] = [];
  /** @internal this module's own providers */
  readonly providers = new Map<InjectionToken, ProviderRecord>();
  /** @internal what a module importing this one sees */
  readonly exported = new Map<InjectionToken, ProviderRecord>();
  /** @internal own providers, then imports' exports, then global modules' exports */
  readonly visible = new Map<InjectionToken, ProviderRecord>();
  /** The instance of the module class (built after the module's providers). */
  instance: object | undefined = undefined;
  /** @internal controller class → its instance */
  readonly controllerInstances = new Map<Function, object>();

  constructor(
    /** The module class (for a dynamic module, its `module`). */
    readonly type: Type,
    readonly isGlobal: boolean,
    /** The dynamic module object this module was built from, if any. */
    readonly dynamic: DynamicModule | undefined,
  ) {
    this.name = type.name || 'an anonymous module';
  }

  /** The singleton for `token` as this module sees it; throws WW_ERR_UNKNOWN_PROVIDER when it cannot see one. */
  get<T = any>(token: InjectionToken<T>): T {
    const record = this.visible.get(token);
    if (record === undefined) {
      throw unknownProvider(
        token,
        this.name,
        `A module sees its own providers and what the modules it imports export: provide ${describeToken(token)} in ${this.name}, or import a module that exports it.`,
      );
    }
    if (record.state !== 'resolved') throw containerNotReady(`${this.name}.get(${describeToken(token)})`);
    return record.instance as T;
  }

  /** True when `get(token)` would find a provider. */
  has(token: InjectionToken): boolean {
    return this.visible.has(token);
  }
}
