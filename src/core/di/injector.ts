import { createPlaceholder, fillPlaceholder } from './cycle-placeholder';
import {
  DependencySite, dependencyCycle, describePlace, factoryInCycle, forwardRefFailed, forwardRefUsedTooEarly,
  inheritedParamTypesMismatch, missingParamTypes, missingProvider, providerFailed, UnbuiltPlaceholderRead, unknownParamType,
} from './errors';
import { isThenable } from '../thenable';
import type { Awaiting } from './awaiting';
import { ForwardReference } from './forward-ref';
import { INJECT_TOKENS_METADATA, OPTIONAL_PARAMS_METADATA, PARAMTYPES_METADATA } from './metadata-keys';
import { HookTarget, hookLabel, ModuleRef, ProviderRecord } from './module-ref';
import { isOptionalFactoryDependency } from './provider';
import { describeToken, InjectionToken, isUsableParamType, Type } from './token';

/** One step of the path being resolved, for error messages: `UsersController → UsersService → ?`. */
export interface Frame {
  label: string;
  record?: ProviderRecord;
  /** The dependency that led here, for a loop's verdict: are all its steps forwardRef()? */
  via?: Dependency;
}

interface Dependency {
  token: InjectionToken;
  optional: boolean;
  site: DependencySite;
  /** Written as forwardRef(() => X): the author accepts an unfinished X if X is in a loop. */
  forwardRef: boolean;
}

/**
 * Builds providers and classes against a module's view of the graph. Resolution is
 * sequential (each await finishes before the next dependency starts), so a record found in
 * the 'resolving' state can only be one of the frames on the current path: a cycle. A cycle
 * of classes with forwardRef() on every step resolves, as in NestJS (`reenter`).
 */
export class Injector {
  constructor(
    private readonly modules: readonly ModuleRef[],
    private readonly awaiting: Awaiting,
    /** Every built instance in the order it was built, so each comes after its dependencies, whatever module they live in. */
    private readonly built: HookTarget[],
  ) {}

  async resolveRecord(record: ProviderRecord, path: Frame[], via?: Dependency): Promise<unknown> {
    if (record.state === 'resolved') return record.instance;
    if (record.state === 'resolving') return this.reenter(record, path, via);
    record.state = 'resolving';
    path.push({ label: record.label, record, via });
    let instance = await this.build(record, path);
    path.pop();
    // Handed out in a forwardRef() cycle while it was being built: that object becomes the instance.
    if (record.placeholder !== undefined) instance = fillPlaceholder(record.placeholder, instance);
    record.placeholder = undefined;
    record.instance = instance;
    record.state = 'resolved';
    // An alias shares its target's instance, whose hooks its own module already calls.
    if (!record.internal && record.definition.kind !== 'existing') {
      this.built.push({ instance, label: hookLabel(instance, record.token) });
    }
    return instance;
  }

  /**
   * The path has come back to `record`, still being built. As in NestJS, a loop of class
   * providers whose every constructor parameter on the loop is @Inject(forwardRef(() => X))
   * resolves: `record` is handed out as a placeholder that its instance fills once built
   * (cycle-placeholder.ts). A factory has no class to make a placeholder from, and a loop
   * without forwardRef() on every step is a design loop: both are WW_ERR_DEPENDENCY_CYCLE.
   */
  private reenter(record: ProviderRecord, path: Frame[], via: Dependency | undefined): Promise<unknown> | object {
    const loop = path.slice(path.findIndex((frame) => frame.record === record));
    const labels = [...loop.map((frame) => frame.label), record.label];
    const factory = loop.find((frame) => frame.record?.definition.kind === 'factory');
    if (factory !== undefined) throw factoryInCycle(labels, factory.label);
    const steps = [...loop.slice(1).map((frame) => frame.via), via].filter((step) => step !== undefined);
    // An alias is not a side: it passes its target's instance on, placeholder or not.
    const withoutForwardRef = steps.filter((step) => step.site.kind !== 'alias' && !step.forwardRef).map((step) => step.site);
    const hasClass = steps.some((step) => step.site.kind === 'constructor');
    if (withoutForwardRef.length > 0 || !hasClass) throw dependencyCycle(labels, withoutForwardRef);
    const definition = record.definition;
    // An alias on the loop: its target is further on it, and the first non-alias one there is a class.
    if (definition.kind !== 'class') return this.build(record, path);
    record.placeholder ??= createPlaceholder(definition.useClass);
    return record.placeholder;
  }

  /** Builds `type` with constructor injection, resolving its parameters as `module` sees them. */
  async construct<T>(type: Type<T>, module: ModuleRef, path: Frame[]): Promise<T> {
    const args: unknown[] = [];
    for (const dependency of this.constructorDependencies(type, path)) {
      args.push(await this.resolveDependency(module, dependency, path));
    }
    try {
      return new type(...args);
    } catch (error) {
      if (error instanceof UnbuiltPlaceholderRead) throw forwardRefUsedTooEarly(pathText(path), type.name, error);
      throw providerFailed(pathText(path), `${type.name}'s constructor`, module.name, false, error);
    }
  }

  private async build(record: ProviderRecord, path: Frame[]): Promise<unknown> {
    const definition = record.definition;
    switch (definition.kind) {
      case 'value':
        return definition.useValue;
      case 'class':
        return this.construct(definition.useClass, record.host, path);
      case 'existing': {
        const place = { kind: 'alias', owner: record.label, index: 0 } as const;
        const token = follow(definition.useExisting, place, path);
        const site: DependencySite = { ...place, token, byType: false };
        const forwardRef = definition.useExisting instanceof ForwardReference;
        return this.resolveDependency(record.host, { token, optional: false, site, forwardRef }, path);
      }
      case 'factory': {
        const args: unknown[] = [];
        for (let index = 0; index < definition.inject.length; index++) {
          const entry = definition.inject[index];
          const optional = isOptionalFactoryDependency(entry) ? entry.optional : false;
          const place = { kind: 'factory', owner: record.label, index } as const;
          const written = isOptionalFactoryDependency(entry) ? entry.token : entry;
          const token = follow(written, place, path);
          const site: DependencySite = { ...place, token, byType: false };
          const forwardRef = written instanceof ForwardReference;
          args.push(await this.resolveDependency(record.host, { token, optional, site, forwardRef }, path));
        }
        return this.callFactory(record, definition.useFactory, args, path);
      }
    }
  }

  private async callFactory(record: ProviderRecord, factory: (...args: any[]) => unknown, args: unknown[], path: Frame[]): Promise<unknown> {
    const builder = `The factory of ${record.label}`;
    let result: unknown;
    try {
      result = factory(...args);
    } catch (error) {
      throw providerFailed(pathText(path), builder, record.host.name, false, error);
    }
    if (!isThenable(result)) return result;
    try {
      return await this.awaiting.on(`the factory of ${record.label} in ${record.host.name}`, result);
    } catch (error) {
      throw providerFailed(pathText(path), builder, record.host.name, true, error);
    }
  }

  private async resolveDependency(module: ModuleRef, dependency: Dependency, path: Frame[]): Promise<unknown> {
    const record = module.visible.get(dependency.token);
    if (record !== undefined) return this.resolveRecord(record, path, dependency);
    if (dependency.optional) return undefined;
    throw missingProvider(pathText(path), dependency.site, module.name, this.whereElse(dependency.token, module, dependency.site.owner));
  }

  /**
   * The constructor's dependencies: an @Inject() token where there is one, else the type
   * TypeScript recorded. Own metadata first: a subclass with its own decorated constructor
   * must not inherit its parent's @Inject() indexes; one without inherits everything.
   */
  private constructorDependencies(type: Type, path: Frame[]): Dependency[] {
    const own = Reflect.hasOwnMetadata(PARAMTYPES_METADATA, type);
    const read = (key: string | symbol) => (own ? Reflect.getOwnMetadata(key, type) : Reflect.getMetadata(key, type));
    const paramTypes = read(PARAMTYPES_METADATA) as unknown[] | undefined;
    const injected = (read(INJECT_TOKENS_METADATA) ?? {}) as Record<number, InjectionToken | ForwardReference>;
    const optional = (read(OPTIONAL_PARAMS_METADATA) ?? []) as readonly number[];
    const injectedIndexes = Object.keys(injected).map(Number);
    const count = paramTypes ? paramTypes.length : Math.max(type.length, ...injectedIndexes.map((i) => i + 1));
    // An implicit subclass constructor has length 0 and passes its arguments on, so the
    // inherited types fit it. One of its own that takes another number of parameters was
    // written for other arguments: the parent's types would be passed in their place.
    if (!own && paramTypes !== undefined && type.length > 0 && type.length !== paramTypes.length) {
      throw inheritedParamTypesMismatch(pathText(path), type, ownerOfParamTypes(type), paramTypes);
    }

    const dependencies: Dependency[] = [];
    for (let index = 0; index < count; index++) {
      const explicit = index in injected;
      const recorded = explicit ? follow(injected[index], { kind: 'constructor', owner: type.name, index }, path) : paramTypes?.[index];
      const site: DependencySite = { kind: 'constructor', owner: type.name, index, token: recorded, byType: !explicit };
      if (!explicit && paramTypes === undefined) {
        throw missingParamTypes(pathText(path), type, count);
      }
      if (explicit ? recorded === undefined || recorded === null : !isUsableParamType(recorded)) {
        throw unknownParamType(pathText(path), site, recorded);
      }
      const forwardRef = explicit && injected[index] instanceof ForwardReference;
      dependencies.push({ token: recorded as InjectionToken, optional: optional.includes(index), site, forwardRef });
    }
    return dependencies;
  }

  /**
   * A hint for a missing provider: where in the application the token does live. Never
   * "import X" when X already imports this module (directly or further down): that is the
   * classic "I put it in AppModule" mistake, and importing AppModule back is a module cycle.
   */
  private whereElse(token: InjectionToken, module: ModuleRef, consumer: string): string {
    const name = describeToken(token);
    // Nest's answer too: a controller is an entry point, never a dependency.
    const declaring = this.modules.find((m) => m.controllers.includes(token as Type));
    if (declaring !== undefined && !this.modules.some((m) => m.providers.has(token))) {
      return `${name} is a controller of ${declaring.name}, and controllers are not providers: nothing can inject one. ` +
        `Move what ${consumer} needs into a provider that both ${name} and ${consumer} inject.`;
    }
    const exporter = this.modules.find((m) => m !== module && m.exported.has(token));
    const provider = exporter ?? this.modules.find((m) => m !== module && m.providers.has(token));
    if (provider === undefined) return '';
    const has = exporter !== undefined ? 'exports' : 'provides';
    if (importsTransitively(provider, module)) {
      return (
        `${provider.name} ${has} ${name}, but ${provider.name} imports ${module.name}, so ${module.name} cannot import it back ` +
        `(a module cycle): move ${name} into ${module.name}'s providers, or into a new module that exports it and that ` +
        `${module.name} imports.`
      );
    }
    if (exporter !== undefined) return `${exporter.name} exports ${name}: add ${exporter.name} to ${module.name}'s imports.`;
    if (module.imports.includes(provider)) {
      return `${module.name} imports ${provider.name}, but ${provider.name} does not export ${name}: add it to ${provider.name}'s exports.`;
    }
    if (provider.isGlobal) {
      return `${provider.name} is global but does not export ${name}: add it to ${provider.name}'s exports.`;
    }
    return `${provider.name} provides ${name} but does not export it: add it to ${provider.name}'s exports and ${provider.name} to ${module.name}'s imports.`;
  }
}

/**
 * The token a dependency names, a forwardRef() read now. One that throws or still gives
 * undefined is named by its site: the raw ReferenceError named no class, and an undefined
 * read as "you forgot forwardRef" or as a provider called `undefined`.
 */
function follow(value: InjectionToken | ForwardReference, place: Parameters<typeof describePlace>[0], path: readonly Frame[]): InjectionToken {
  if (!(value instanceof ForwardReference)) return value;
  let token: unknown;
  try {
    token = value.resolve();
  } catch (error) {
    throw forwardRefFailed(describePlace(place), pathText(path), { threw: error });
  }
  if (token === undefined || token === null) throw forwardRefFailed(describePlace(place), pathText(path), { returned: token });
  return token as InjectionToken;
}

/** The nearest class up the chain whose own `design:paramtypes` `type` inherits. */
function ownerOfParamTypes(type: Function): Function {
  let owner = Object.getPrototypeOf(type) as Function;
  while (owner !== null && !Reflect.hasOwnMetadata(PARAMTYPES_METADATA, owner)) owner = Object.getPrototypeOf(owner) as Function;
  return owner;
}

/** True when `from` imports `target`, directly or through the modules it imports. */
function importsTransitively(from: ModuleRef, target: ModuleRef): boolean {
  const seen = new Set<ModuleRef>();
  const stack = [...from.imports];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (next === target) return true;
    if (seen.has(next)) continue;
    seen.add(next);
    stack.push(...next.imports);
  }
  return false;
}

export function pathText(path: readonly Frame[]): string {
  return path.map((frame) => frame.label).join(' → ');
}
