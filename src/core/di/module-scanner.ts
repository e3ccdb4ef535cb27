import {
  controllerInTwoModules, dynamicModuleWithoutClass, exportedModuleNotImported, forwardRefFailed, exportIsUndefined, exportNotAvailable, importFailed, importIsNotAModule,
  importIsUndefined, invalidController, invalidProvider, invalidRootModule, moduleListNotArray, unknownDynamicModuleProperty,
} from './errors';
import { ForwardReference } from './forward-ref';
import { isInjectable } from './injectable';
import {
  DynamicModule, isDynamicModule, isGlobalModuleClass, isModuleClass, ModuleImport, ModuleMetadata, readModuleMetadata,
  unknownDynamicModuleKey,
} from './module';
import { ModuleRef, ProviderRecord } from './module-ref';
import type { Overrides } from './overrides';
import { isOptionalFactoryDependency, ProviderDefinition } from './provider';
import { InjectionToken, isToken, Type } from './token';

export interface ModuleGraph {
  root: ModuleRef;
  /** Every module once, imported modules before the modules importing them (init-hook order). */
  modules: readonly ModuleRef[];
}

/**
 * Walks the import graph from the root module and builds one ModuleRef per module, with its
 * own providers (not yet built), what it exports and what it can see. Everything wrong with
 * the graph's shape (a bad import, export or provider entry) is reported here, before any
 * constructor runs.
 */
export async function scanModules(root: ModuleImport, overrides?: Overrides): Promise<ModuleGraph> {
  return new ModuleScanner(overrides).scan(root);
}

class ModuleScanner {
  /** A module class, or a dynamic module object: each is one module instance in the graph. */
  private readonly byKey = new Map<object, ModuleRef>();
  private readonly order: ModuleRef[] = [];
  private readonly exportLists = new Map<ModuleRef, readonly unknown[]>();
  /** Controller class → the module that declares it. */
  private readonly controllerHomes = new Map<Function, ModuleRef>();

  /** A testing module's overrideModule(M).useModule(N): N is scanned wherever M is imported or re-exported. */
  constructor(private readonly overrides?: Overrides) {}

  async scan(rootEntry: ModuleImport): Promise<ModuleGraph> {
    const entry = await settle(rootEntry);
    if (!isDynamicModule(entry) && !isModuleClass(entry)) throw invalidRootModule(entry);
    if (isDynamicModule(entry)) checkDynamicKeys(entry, 'The root module');
    const root = await this.visit(entry);
    this.computeExports();
    this.computeVisibility();
    return { root, modules: this.order };
  }

  private async visit(entry: Type | DynamicModule): Promise<ModuleRef> {
    const known = this.byKey.get(entry);
    // Registered before its imports are visited, so an import cycle (made possible by
    // forwardRef) ends here instead of recursing forever.
    if (known !== undefined) return known;

    const dynamic = isDynamicModule(entry) ? entry : undefined;
    const type = dynamic ? dynamic.module : (entry as Type);
    const declared: ModuleMetadata = readModuleMetadata(type) ?? {};
    const ref = new ModuleRef(type, isGlobalModuleClass(type) || dynamic?.global === true, dynamic);
    this.byKey.set(entry, ref);

    const list = (key: keyof ModuleMetadata): unknown[] => [...listOf(ref, declared, key, false), ...listOf(ref, dynamic, key, true)];
    const imports = list('imports');
    for (let i = 0; i < imports.length; i++) {
      const child = await this.visit(await this.resolveImport(ref, imports[i], i));
      if (!ref.imports.includes(child)) ref.imports.push(child);
    }
    this.registerProviders(ref, list('providers'));
    this.registerControllers(ref, list('controllers'));
    this.exportLists.set(ref, list('exports'));
    this.order.push(ref);
    return ref;
  }

  private async resolveImport(ref: ModuleRef, raw: unknown, index: number): Promise<Type | DynamicModule> {
    let entry: unknown;
    try {
      entry = await settle(raw);
    } catch (error) {
      // Otherwise the raw rejection ("ENOENT …") reached createServer naming no module.
      throw importFailed(ref.name, index, error);
    }
    if (this.overrides !== undefined) entry = this.overrides.moduleFor(entry);
    if (entry === undefined || entry === null) throw importIsUndefined(ref.name, index);
    if (typeof entry === 'object' && 'module' in entry && !isDynamicModule(entry)) {
      throw dynamicModuleWithoutClass(ref.name, index, (entry as { module: unknown }).module);
    }
    if (isDynamicModule(entry)) {
      checkDynamicKeys(entry, `${ref.name}'s imports[${index}]`);
      return entry;
    }
    if (isModuleClass(entry)) return entry;
    throw importIsNotAModule(ref.name, index, entry, typeof entry === 'function' && isInjectable(entry));
  }

  private registerProviders(ref: ModuleRef, providers: readonly unknown[]): void {
    // Lets a provider inject the ModuleRef of the module it lives in. Set first, so a
    // user's own `{ provide: ModuleRef }` (a test double) replaces it.
    ref.providers.set(ModuleRef, new ProviderRecord(ModuleRef, ref, { kind: 'value', useValue: ref }, true));
    for (let i = 0; i < providers.length; i++) {
      const provider = providers[i];
      const [token, definition] = normalizeProvider(ref, provider, i);
      // A later entry for the same token replaces an earlier one (handy to override in tests).
      ref.providers.set(token, new ProviderRecord(token, ref, definition));
    }
  }

  private registerControllers(ref: ModuleRef, controllers: readonly unknown[]): void {
    for (let i = 0; i < controllers.length; i++) {
      const controller = controllers[i];
      if (typeof controller !== 'function') throw invalidController(ref.name, i, controller);
      const home = this.controllerHomes.get(controller);
      if (home !== undefined && home !== ref) throw controllerInTwoModules(controller.name, home.name, ref.name);
      this.controllerHomes.set(controller, ref);
      if (!ref.controllers.includes(controller as Type)) ref.controllers.push(controller as Type);
    }
  }

  /**
   * What each module exports, to a fixpoint: a module re-exporting an imported module (or a
   * token that module exports) sees that module's exports only once they are computed, and
   * forwardRef allows import cycles, so no single ordering settles everything in one pass.
   */
  private computeExports(): void {
    const tokenExports: Array<[ModuleRef, InjectionToken]> = [];
    const moduleExports: Array<[ModuleRef, ModuleRef]> = [];
    for (const ref of this.order) {
      const list = this.exportLists.get(ref) ?? [];
      for (let i = 0; i < list.length; i++) {
        const written = list[i] instanceof ForwardReference ? readExportRef(ref, list[i] as ForwardReference, i) : list[i];
        const entry = this.overrides !== undefined && (isDynamicModule(written) || isModuleClass(written)) ? this.overrides.moduleFor(written) : written;
        if (entry === undefined || entry === null) throw exportIsUndefined(ref.name, i);
        if (isDynamicModule(entry) || isModuleClass(entry)) {
          const child = ref.imports.find((m) => m.dynamic === entry || m.type === entry || m.type === (entry as DynamicModule).module);
          if (child === undefined) throw exportedModuleNotImported(ref.name, isDynamicModule(entry) ? entry.module.name : entry.name);
          moduleExports.push([ref, child]);
          continue;
        }
        const token = typeof entry === 'object' && 'provide' in entry ? (entry as { provide: unknown }).provide : entry;
        if (!isToken(token)) throw exportNotAvailable(ref.name, token);
        const own = ref.providers.get(token);
        if (own !== undefined && !own.internal) ref.exported.set(token, own);
        else tokenExports.push([ref, token]);
      }
    }
    for (let changed = true; changed; ) {
      changed = false;
      for (const [ref, child] of moduleExports) {
        for (const [token, record] of child.exported) {
          if (!ref.exported.has(token)) {
            ref.exported.set(token, record);
            changed = true;
          }
        }
      }
      for (const [ref, token] of tokenExports) {
        if (ref.exported.has(token)) continue;
        const from = ref.imports.find((m) => m.exported.has(token));
        if (from !== undefined) {
          ref.exported.set(token, from.exported.get(token)!);
          changed = true;
        }
      }
    }
    for (const [ref, token] of tokenExports) {
      if (!ref.exported.has(token)) throw exportNotAvailable(ref.name, token);
    }
  }

  private computeVisibility(): void {
    const globals = this.order.filter((m) => m.isGlobal);
    for (const ref of this.order) {
      for (const [token, record] of ref.providers) ref.visible.set(token, record);
      for (const source of [...ref.imports, ...globals]) {
        if (source === ref) continue;
        for (const [token, record] of source.exported) {
          if (!ref.visible.has(token)) ref.visible.set(token, record);
        }
      }
    }
  }
}

function readExportRef(ref: ModuleRef, reference: ForwardReference, index: number): unknown {
  try {
    return reference.resolve();
  } catch (error) {
    throw forwardRefFailed(`${ref.name}'s exports[${index}]`, undefined, { threw: error });
  }
}

/**
 * A dynamic module is a plain object built at run time, so a typo in a key (`provders`,
 * `export`) escaped @Module()'s load-time check and was silently ignored.
 */
function checkDynamicKeys(dynamic: DynamicModule, where: string): void {
  const key = unknownDynamicModuleKey(dynamic);
  if (key !== undefined) throw unknownDynamicModuleProperty(where, dynamic.module.name, key);
}

/** One of a module's lists; anything but an array (`providers: Clock`, `exports: 'CONFIG'`) is refused by name. */
function listOf(ref: ModuleRef, metadata: ModuleMetadata | undefined, key: keyof ModuleMetadata, inDynamicModule: boolean): readonly unknown[] {
  const value = metadata?.[key];
  if (value === undefined) return [];
  if (!Array.isArray(value)) throw moduleListNotArray(ref.name, key, inDynamicModule, value);
  return value;
}

/** Follows a forward reference and awaits a Promise (`imports: [ConfigModule.forRootAsync()]`). */
async function settle(raw: unknown): Promise<any> {
  const entry = raw instanceof ForwardReference ? raw.resolve() : raw;
  return entry !== null && typeof entry === 'object' && typeof (entry as PromiseLike<unknown>).then === 'function'
    ? await entry
    : entry;
}

function normalizeProvider(ref: ModuleRef, provider: unknown, index: number): [InjectionToken, ProviderDefinition] {
  // A module in providers was built as a plain class: its own providers and controllers were
  // never scanned, so its routes were silently missing. It belongs in imports.
  if (isModuleClass(provider)) throw invalidProvider(ref.name, index, provider, 'is a module (it has @Module()): move it to imports');
  if (typeof provider === 'function') return [provider, { kind: 'class', useClass: provider as Type }];
  if (provider === null || typeof provider !== 'object') {
    throw invalidProvider(ref.name, index, provider, provider === undefined ? '' : 'is neither a class nor a { provide, use… } object');
  }
  if (!('provide' in provider)) throw invalidProvider(ref.name, index, provider, 'has no provide (the token to register it under)');
  const p = provider as Record<string, unknown>;
  const token = p.provide;
  if (!isToken(token)) {
    throw invalidProvider(ref.name, index, provider, `has a provide that is ${token === undefined ? 'undefined (a circular file import?)' : 'not a class, string or symbol'}`);
  }
  if ('useClass' in p) {
    if (typeof p.useClass !== 'function') throw invalidProvider(ref.name, index, provider, 'has a useClass that is not a class');
    if (isModuleClass(p.useClass)) {
      throw invalidProvider(ref.name, index, provider, `has a useClass that is a module (${p.useClass.name}): import the module, and provide one of its exports`);
    }
    return [token, { kind: 'class', useClass: p.useClass as Type }];
  }
  if ('useValue' in p) return [token, { kind: 'value', useValue: p.useValue }];
  if ('useFactory' in p) {
    if (typeof p.useFactory !== 'function') throw invalidProvider(ref.name, index, provider, 'has a useFactory that is not a function');
    const inject = p.inject ?? [];
    if (!Array.isArray(inject)) throw invalidProvider(ref.name, index, provider, 'has an inject that is not an array of tokens');
    for (let i = 0; i < inject.length; i++) {
      const dep = inject[i];
      if (isOptionalFactoryDependency(dep) && typeof dep.optional !== 'boolean') {
        throw invalidProvider(ref.name, index, provider, 'has an inject entry { token, optional } whose optional is not a boolean');
      }
      // Checked here, not when the factory runs: an undefined entry (a circular file import)
      // or an object read as a token otherwise surfaced as a missing provider named
      // `undefined` or `[object Object]`.
      const token = isOptionalFactoryDependency(dep) ? dep.token : dep;
      if (!isToken(token) && !(token instanceof ForwardReference)) {
        throw invalidProvider(
          ref.name, index, provider,
          token === undefined
            ? `has an inject[${i}] that is undefined (a circular file import? write forwardRef(() => X))`
            : `has an inject[${i}] that is not a token (a class, string, symbol, forwardRef() or { token, optional })`,
        );
      }
    }
    return [token, { kind: 'factory', useFactory: p.useFactory as (...args: any[]) => unknown, inject }];
  }
  if ('useExisting' in p) {
    if (p.useExisting === undefined) throw invalidProvider(ref.name, index, provider, 'has a useExisting that is undefined (a circular file import?)');
    return [token, { kind: 'existing', useExisting: p.useExisting as InjectionToken }];
  }
  throw invalidProvider(ref.name, index, provider, 'has none of useClass, useValue, useFactory or useExisting');
}
