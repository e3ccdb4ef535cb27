import { isThenable } from '../thenable';
import { Awaiting } from './awaiting';
import { containerNotReady, HookFailure, lifecycleHookFailed, shutdownHooksFailed, unknownProvider } from './errors';
import { Injector } from './injector';
import { LifecycleHook } from './lifecycle';
import { ModuleImport } from './module';
import { HookTarget, ModuleRef, ProviderRecord, readMember } from './module-ref';
import { scanModules } from './module-scanner';
import type { Overrides } from './overrides';
import { describeToken, InjectionToken, Type } from './token';

/** A controller as built by the container, with the module whose providers it sees. */
export interface ControllerRef<T = object> {
  module: ModuleRef;
  type: Type<T>;
  instance: T;
}

/**
 * One application's dependency container: built from a root module, it owns one singleton
 * per provider per module. Nothing is shared between two containers, even when they are
 * built from the same classes (all state is here; the classes only carry metadata).
 *
 * ```ts
 * const container = new Container(AppModule);
 * await container.init();                       // scan, validate, build every provider and controller
 * for (const { module, type, instance } of container.controllers) { ...compile routes... }
 * const guard = await container.instantiate(module, RateLimitGuard); // any class, in a module's scope
 * container.get(UsersService);                  // O(1) Map lookup
 * await container.callInitHooks();
 * await container.callBootstrapHooks();
 * // … serve …
 * await container.callShutdownHooks('SIGTERM');
 * ```
 */
export class Container {
  private initialising?: Promise<this>;
  private ready = false;
  private graph?: { root: ModuleRef; modules: readonly ModuleRef[] };
  private injector?: Injector;
  private readonly controllerRefs: ControllerRef[] = [];
  /** token → provider, over the whole application, for `get()`: the root's view first, then every module's own. */
  private readonly index = new Map<InjectionToken, ProviderRecord>();
  private readonly controllerIndex = new Map<Function, object>();
  /** Classes built by `instantiate()` that are not providers, per module, so each is built once. */
  private readonly extras = new Map<ModuleRef, Map<Function, Promise<unknown>>>();
  private readonly phases = new Map<LifecycleHook, Promise<void>>();
  /**
   * Every instance whose hooks are called, in the order it was built: dependencies before
   * what needs them, imported modules before importing ones. One list for the application,
   * not one per module walked in module order: a provider of a @Global() module (or of a
   * module in a forwardRef import cycle) can be needed by a module that comes earlier in
   * that order, and its onModuleInit must still run first (and its onModuleDestroy last).
   */
  private readonly built: HookTarget[] = [];
  private shuttingDown?: Promise<void>;
  /** The factory or hook being awaited, for createServer's watch on a bootstrap that never ends. */
  readonly awaiting = new Awaiting();

  /**
   * @param overrides a testing module's replacements (Test.createTestingModule()): applied to
   * the scanned graph before anything is built, and to each class `instantiate()` builds.
   */
  constructor(
    private readonly rootModule: ModuleImport,
    private readonly overrides?: Overrides,
  ) {}

  /**
   * Scans the modules from the root, then builds every provider (awaiting async factories,
   * dependencies first) and every controller. Rejects with a BootstrapError (WW_ERR_*) naming
   * the path at fault. Calling it again returns the same promise.
   */
  init(): Promise<this> {
    this.initialising ??= this.build();
    return this.initialising;
  }

  private async build(): Promise<this> {
    const graph = await scanModules(this.rootModule, this.overrides);
    this.overrides?.applyTo(graph.modules);
    this.graph = graph;
    const injector = new Injector(graph.modules, this.awaiting, this.built);
    this.injector = injector;
    for (const module of graph.modules) {
      // Controllers first: a failure then reads from the controller down
      // (`UsersController → UsersService → ?`), the path the user thinks in.
      for (const type of module.controllers) {
        const instance = await injector.construct(type, module, [{ label: type.name }]);
        module.controllerInstances.set(type, instance);
        this.built.push({ instance, label: type.name });
        this.controllerRefs.push({ module, type, instance });
      }
      for (const record of module.providers.values()) await injector.resolveRecord(record, []);
      // The module class itself, as in Nest: it may inject its providers and implement hooks
      // (`class AppModule implements OnModuleInit`); its hooks run after its providers'.
      module.instance = await injector.construct(module.type, module, [{ label: module.name }]);
      this.built.push({ instance: module.instance, label: module.name });
    }
    for (const [token, record] of graph.root.visible) this.index.set(token, record);
    for (const module of graph.modules) {
      for (const [token, record] of module.providers) {
        if (!record.internal && !this.index.has(token)) this.index.set(token, record);
      }
      for (const [type, instance] of module.controllerInstances) {
        if (!this.controllerIndex.has(type)) this.controllerIndex.set(type, instance);
      }
    }
    this.ready = true;
    return this;
  }

  /** The root module. */
  get root(): ModuleRef {
    return this.requireGraph('container.root').root;
  }

  /** Every module once, imported modules before the modules importing them. */
  get modules(): readonly ModuleRef[] {
    return this.requireGraph('container.modules').modules;
  }

  /** Every controller with its instance and module, in module order then declaration order. */
  get controllers(): readonly ControllerRef[] {
    this.requireReady('container.controllers');
    return this.controllerRefs;
  }

  /**
   * The singleton for `token` anywhere in the application (what the root module sees first,
   * then any module's own providers), or a controller instance. One Map lookup.
   * Throws WW_ERR_UNKNOWN_PROVIDER when nothing provides it.
   */
  get<T = any>(token: InjectionToken<T>): T {
    this.requireReady(`container.get(${describeToken(token)})`);
    const record = this.index.get(token);
    if (record !== undefined) return record.instance as T;
    const controller = this.controllerIndex.get(token as Function);
    if (controller !== undefined) return controller as T;
    throw unknownProvider(
      token,
      'the application',
      `Add ${describeToken(token)} to the providers of a module that ${this.graph!.root.name} imports (or of ${this.graph!.root.name} itself).`,
    );
  }

  /** True when `get(token)` would find something. */
  has(token: InjectionToken): boolean {
    this.requireReady(`container.has(${describeToken(token)})`);
    return this.index.has(token) || this.controllerIndex.has(token as Function);
  }

  /** The instance of `controller` as declared in `module` (built by `init()`). */
  instantiateController<T>(module: ModuleRef, controller: Type<T>): T {
    this.requireReady(`container.instantiateController(${controller.name})`);
    const instance = module.controllerInstances.get(controller);
    if (instance === undefined) {
      throw unknownProvider(controller, module.name, `${controller.name} is not in ${module.name}'s controllers.`);
    }
    return instance as T;
  }

  /**
   * Builds any class (a guard, a pipe, an interceptor named by class in a decorator) with
   * constructor injection as `module` sees the graph; once per module and class. A class
   * that is itself a provider visible in `module` gives that provider's singleton. Built
   * instances get lifecycle hooks: call this before `callInitHooks()`.
   */
  instantiate<T>(module: ModuleRef, type: Type<T>): Promise<T> {
    this.requireReady(`container.instantiate(${type.name})`);
    const provided = module.visible.get(type);
    if (provided !== undefined) return Promise.resolve(provided.instance as T);
    let built = this.extras.get(module);
    if (built === undefined) this.extras.set(module, (built = new Map()));
    let instance = built.get(type) as Promise<T> | undefined;
    if (instance === undefined) {
      const override = this.overrides?.definitionFor(type);
      // Built as a provider of `module` would be (its hooks registered by the injector), so an
      // override's useClass, useFactory or useValue stands in and `type` is never constructed.
      instance = override !== undefined
        ? (this.injector!.resolveRecord(new ProviderRecord(type, module, override), []) as Promise<T>)
        : this.injector!.construct(type, module, [{ label: type.name }]).then((created) => {
          this.built.push({ instance: created, label: type.name });
          return created;
        });
      built.set(type, instance);
    }
    return instance;
  }

  /** `onModuleInit()` on every provider and controller, each after what it depends on (imported and global modules first); awaited one by one. Once. */
  callInitHooks(): Promise<void> {
    this.requireReady('container.callInitHooks()');
    return this.once('onModuleInit', () => this.runHook('onModuleInit', false, [], undefined));
  }

  /** `onApplicationBootstrap()`, in the same order as init. Once. */
  callBootstrapHooks(): Promise<void> {
    this.requireReady('container.callBootstrapHooks()');
    return this.once('onApplicationBootstrap', () => this.runHook('onApplicationBootstrap', false, [], undefined));
  }

  /**
   * Only the `onModuleDestroy()` phase, for a caller that wants it before closing the server
   * (as Nest does); `callShutdownHooks()` then skips it. Once.
   */
  callDestroyHooks(): Promise<void> {
    return this.once('onModuleDestroy', () => this.shutdownPhase('onModuleDestroy', []));
  }

  /** Only the `beforeApplicationShutdown(signal)` phase (see `callDestroyHooks()`). Once. */
  callBeforeShutdownHooks(signal?: string): Promise<void> {
    return this.once('beforeApplicationShutdown', () => this.shutdownPhase('beforeApplicationShutdown', [signal]));
  }

  /**
   * `onModuleDestroy()`, then `beforeApplicationShutdown(signal)`, then
   * `onApplicationShutdown(signal)` (each phase skipped if it already ran), each over every
   * instance in reverse order (each before what it depends on: importing modules before the modules they use). Every hook
   * runs even when one fails; the failures are then thrown together. Also works after a
   * failed `init()`, on what was built. Once.
   */
  callShutdownHooks(signal?: string): Promise<void> {
    this.shuttingDown ??= this.shutdown(signal);
    return this.shuttingDown;
  }

  private async shutdown(signal?: string): Promise<void> {
    const failures: HookFailure[] = [];
    const phases: Array<[LifecycleHook, unknown[]]> = [
      ['onModuleDestroy', []],
      ['beforeApplicationShutdown', [signal]],
      ['onApplicationShutdown', [signal]],
    ];
    for (const [hook, args] of phases) {
      // A phase already run by callDestroyHooks()/callBeforeShutdownHooks() reported its own failures.
      if (this.phases.has(hook)) {
        await this.phases.get(hook)!.catch(() => undefined);
        continue;
      }
      this.phases.set(hook, this.runHook(hook, true, args, failures));
      await this.phases.get(hook);
    }
    if (failures.length > 0) throw shutdownHooksFailed(failures);
  }

  private async shutdownPhase(hook: LifecycleHook, args: unknown[]): Promise<void> {
    const failures: HookFailure[] = [];
    await this.runHook(hook, true, args, failures);
    if (failures.length > 0) throw shutdownHooksFailed(failures);
  }

  /** Each phase runs once; a second call gets the first call's outcome. */
  private once(hook: LifecycleHook, run: () => Promise<void>): Promise<void> {
    let phase = this.phases.get(hook);
    if (phase === undefined) this.phases.set(hook, (phase = run()));
    return phase;
  }

  /** Without `failures`, the first failing hook stops the phase (init); with it, all run (shutdown). */
  private async runHook(hook: LifecycleHook, reverse: boolean, args: unknown[], failures: HookFailure[] | undefined): Promise<void> {
    const seen = new Set<unknown>();
    for (const { instance, label } of reverse ? [...this.built].reverse() : this.built) {
      if (instance === null || (typeof instance !== 'object' && typeof instance !== 'function') || seen.has(instance)) continue;
      seen.add(instance);
      const method = readMember(instance, hook);
      if (typeof method !== 'function') continue;
      try {
        const result = method.apply(instance, args);
        if (isThenable(result)) await this.awaiting.on(`${label}.${hook}()`, result);
      } catch (error) {
        if (failures === undefined) throw lifecycleHookFailed(label, hook, error);
        failures.push({ className: label, hook, cause: error });
      }
    }
  }

  private requireGraph(what: string): { root: ModuleRef; modules: readonly ModuleRef[] } {
    if (this.graph === undefined) throw containerNotReady(what);
    return this.graph;
  }

  private requireReady(what: string): void {
    if (!this.ready) throw containerNotReady(what);
  }
}
