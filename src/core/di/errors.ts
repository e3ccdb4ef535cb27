import { BootstrapError } from '../bootstrap-error';
import { closestName } from '../did-you-mean';
import { isController } from '../metadata/readers';
import { isInjectable } from './injectable';
import { MODULE_METADATA } from './metadata-keys';
import { describeToken } from './token';

/**
 * Every error the container throws, in one place (Fastify's habit), each with a stable code to
 * search the docs for. Resolution errors read as a path from what was being built to what
 * was missing (tsyringe's habit): `UsersController → UsersService → ?`.
 */
export const DI_ERROR = {
  MISSING_PROVIDER: 'WW_ERR_MISSING_PROVIDER',
  DEPENDENCY_CYCLE: 'WW_ERR_DEPENDENCY_CYCLE',
  MISSING_PARAM_TYPES: 'WW_ERR_MISSING_PARAM_TYPES',
  UNKNOWN_PARAM_TYPE: 'WW_ERR_UNKNOWN_PARAM_TYPE',
  PROVIDER_FAILED: 'WW_ERR_PROVIDER_FAILED',
  INVALID_MODULE: 'WW_ERR_INVALID_MODULE',
  INVALID_IMPORT: 'WW_ERR_INVALID_IMPORT',
  INVALID_EXPORT: 'WW_ERR_INVALID_EXPORT',
  INVALID_PROVIDER: 'WW_ERR_INVALID_PROVIDER',
  INVALID_CONTROLLER: 'WW_ERR_INVALID_CONTROLLER',
  INVALID_DECORATOR: 'WW_ERR_INVALID_DECORATOR',
  INVALID_FORWARD_REF: 'WW_ERR_INVALID_FORWARD_REF',
  FORWARD_REF_USED_TOO_EARLY: 'WW_ERR_FORWARD_REF_USED_TOO_EARLY',
  UNKNOWN_PROVIDER: 'WW_ERR_UNKNOWN_PROVIDER',
  CONTAINER_NOT_READY: 'WW_ERR_CONTAINER_NOT_READY',
  LIFECYCLE_HOOK_FAILED: 'WW_ERR_LIFECYCLE_HOOK_FAILED',
} as const;

/** Where a dependency was asked for: a constructor parameter, a factory's `inject` entry or an alias target. */
export interface DependencySite {
  kind: 'constructor' | 'factory' | 'alias';
  /** The class whose constructor, or the token whose factory/alias, asks. */
  owner: string;
  index: number;
  token: unknown;
  /** The token is the parameter's declared type (design:paramtypes), not an explicit @Inject(). */
  byType: boolean;
}

export function describeSite(site: DependencySite): string {
  const what = site.byType ? `type ${describeToken(site.token)}` : `token ${describeToken(site.token)}`;
  switch (site.kind) {
    case 'constructor':
      return `the parameter at index ${site.index} of ${site.owner}'s constructor, ${what}`;
    case 'factory':
      return `inject[${site.index}] of the factory of ${site.owner}, ${what}`;
    case 'alias':
      return `the target of the useExisting alias ${site.owner}, ${what}`;
  }
}

/** Where a dependency is asked for, without what it asks for (a forwardRef that gave nothing usable). */
export function describePlace(site: Pick<DependencySite, 'kind' | 'owner' | 'index'>): string {
  switch (site.kind) {
    case 'constructor':
      return `the parameter at index ${site.index} of ${site.owner}'s constructor`;
    case 'factory':
      return `inject[${site.index}] of the factory of ${site.owner}`;
    case 'alias':
      return `the useExisting of ${site.owner}`;
  }
}

/**
 * A forwardRef() read at bootstrap that threw (a let/const still in its temporal dead zone)
 * or still gave undefined/null, when every file has loaded: the function reads the wrong name.
 */
export function forwardRefFailed(place: string, path: string | undefined, outcome: { threw: unknown } | { returned: unknown }): BootstrapError {
  const at = path === undefined ? place : `${place} (resolving ${path})`;
  if ('threw' in outcome) {
    return withCause(
      new BootstrapError(
        DI_ERROR.INVALID_FORWARD_REF,
        `The forwardRef() at ${at} threw when bootstrap read it: ${messageOf(outcome.threw)}. ` +
          'It must return the class or token once every file has loaded; a const or let it reads must be initialised ' +
          'before createServer() runs (see error.cause).',
      ),
      outcome.threw,
    );
  }
  return new BootstrapError(
    DI_ERROR.INVALID_FORWARD_REF,
    `The forwardRef() at ${at} returned ${String(outcome.returned)} when bootstrap read it, after every file had loaded, ` +
      'so it does not read the class or token you meant: check the name it returns and that its file exports it.',
  );
}

function withCause(error: BootstrapError, cause: unknown): BootstrapError {
  error.cause = cause;
  return error;
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

export function missingProvider(path: string, site: DependencySite, moduleName: string, hint: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.MISSING_PROVIDER,
    `Cannot resolve ${path} → ? (${describeSite(site)}). ` +
      `Is it in ${moduleName}'s providers, or exported by a module ${moduleName} imports?` +
      (hint ? ` ${hint}` : ''),
  );
}

/**
 * A loop of providers that cannot be built. As in NestJS, a loop of classes resolves when every
 * constructor parameter on it is written `@Inject(forwardRef(() => X))` (see cycle-placeholder.ts);
 * `withoutForwardRef` are the parameters of the loop that are not, so the message names them.
 */
export function dependencyCycle(loop: readonly string[], withoutForwardRef: readonly DependencySite[]): BootstrapError {
  const forwardRefHint =
    withoutForwardRef.length === 0
      ? ''
      : ' Or, as in NestJS, write @Inject(forwardRef(() => …)) on both sides: on every constructor parameter of the loop, ' +
        'and use the injected instance only after the constructors (in methods or onModuleInit). ' +
        `Without it here: ${withoutForwardRef.map(describeSite).join('; ')}.`;
  return new BootstrapError(
    DI_ERROR.DEPENDENCY_CYCLE,
    `${loop.join(' → ')}. Each of these needs the next one before it can be built, so none can be. ` +
      'Break the loop: move what they share into a new provider that both depend on, or let one ' +
      'of them look the other up after bootstrap (inject ModuleRef and call moduleRef.get() in onModuleInit).' +
      forwardRefHint,
  );
}

/**
 * A loop through a factory provider. forwardRef() cannot resolve it: the side still being built
 * is handed out as a placeholder made from its class's prototype, and a factory has no class —
 * what it returns is unknown until it has run, which needs the other side first.
 */
export function factoryInCycle(loop: readonly string[], factory: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.DEPENDENCY_CYCLE,
    `${loop.join(' → ')}. ${factory} is a factory provider (useFactory) in a dependency loop, which forwardRef() cannot resolve: ` +
      'the side still being built is handed out as a placeholder made from its class, and a factory has no class to make one from. ' +
      `Break the loop: make ${factory} a class provider (useClass), move what they share into a new provider, or let one ` +
      'of them look the other up after bootstrap (inject ModuleRef and call moduleRef.get() in onModuleInit).',
  );
}

/**
 * Thrown by the placeholder of a class still being built in a forwardRef() cycle, when something
 * reads one of its members: it is an empty object until its constructor has run. The injector
 * rethrows it as `forwardRefUsedTooEarly`, naming the constructor that read it.
 */
export class UnbuiltPlaceholderRead extends BootstrapError {
  constructor(readonly className: string, readonly member: string) {
    super(
      DI_ERROR.FORWARD_REF_USED_TOO_EARLY,
      `${className}.${member} was read while ${className} was still being built: in a forwardRef() cycle it is an empty ` +
        'placeholder until its own constructor has run. Use it in a method or in onModuleInit(), not in a constructor.',
    );
  }
}

export function forwardRefUsedTooEarly(path: string, reader: string, read: UnbuiltPlaceholderRead): BootstrapError {
  return withCause(
    new BootstrapError(
      DI_ERROR.FORWARD_REF_USED_TOO_EARLY,
      `${reader}'s constructor read ${read.className}.${read.member} while resolving ${path}, but ${read.className} was still being built: ` +
        `in a forwardRef() cycle, one side receives the other as an empty placeholder that is filled once the other's constructor ` +
        `has run (as in NestJS). Keep the reference and use it later: in a method, or in onModuleInit().`,
    ),
    read,
  );
}

/**
 * A constructor with parameters and no `design:paramtypes`. TypeScript writes that metadata for
 * every decorated class when emitDecoratorMetadata is on, so for a class that already carries
 * @Injectable()/@Controller()/@Module() the cause is the build, not a missing decorator.
 */
export function missingParamTypes(path: string, type: Function, paramCount: number): BootstrapError {
  const className = type.name;
  const decorator = classDecoratorOf(type);
  const cause =
    decorator !== undefined
      ? `${className} is decorated with ${decorator}, so the code was built without decorator metadata: ` +
        'set "emitDecoratorMetadata" (and "experimentalDecorators") to true in tsconfig.json, and run it with a tool ' +
        'that emits the metadata — tsc, ts-node, or SWC with decoratorMetadata; esbuild, tsx, Vite and vitest ' +
        '(without a decorator-metadata plugin) drop it. '
      : `Add @Injectable() to ${className}: TypeScript records parameter types only for decorated classes. ` +
        'Check too that "experimentalDecorators" and "emitDecoratorMetadata" are true in tsconfig.json and that your ' +
        'build tool honours them (esbuild, tsx and Vite drop the metadata; use tsc, ts-node or SWC with decorator metadata). ';
  return new BootstrapError(
    DI_ERROR.MISSING_PARAM_TYPES,
    `Cannot resolve ${path}: ${className}'s constructor takes ${paramCount} parameter(s) but no types were ` +
      `recorded for them, so the container cannot know what to pass. ${cause}` +
      'Or give each parameter a token with @Inject(TOKEN).',
  );
}

/**
 * An undecorated subclass with a constructor of its own: TypeScript recorded no types for it,
 * and Reflect metadata is inherited, so the only types found are its parent's, written for
 * another parameter list. Nest builds it with them anyway; here the counts differ, so they
 * cannot be right.
 */
export function inheritedParamTypesMismatch(path: string, type: Function, parent: Function, inherited: readonly unknown[]): BootstrapError {
  const types = inherited.map((t) => describeToken(t)).join(', ');
  return new BootstrapError(
    DI_ERROR.MISSING_PARAM_TYPES,
    `Cannot resolve ${path}: ${type.name}'s constructor takes ${type.length} parameter(s), but ${type.name} has no decorator ` +
      `of its own, so the only parameter types recorded are those it inherits from ${parent.name}'s constructor ` +
      `(${inherited.length}: ${types}), which would be passed to it in place of its own. Add @Injectable() to ${type.name}: ` +
      'TypeScript records a constructor\'s parameter types only for a class with a decorator of its own.',
  );
}

function classDecoratorOf(type: Function): string | undefined {
  if (isInjectable(type)) return '@Injectable()';
  if (isController(type)) return '@Controller()';
  if (Reflect.getOwnMetadata(MODULE_METADATA, type) !== undefined) return '@Module()';
  return undefined;
}

export function unknownParamType(path: string, site: DependencySite, recorded: unknown): BootstrapError {
  let why: string;
  if (recorded === undefined || recorded === null) {
    why =
      'TypeScript recorded its type as undefined: the class was not loaded yet when ' +
      `${site.owner} was decorated, which means a circular file import. ` +
      'Write @Inject(forwardRef(() => TheClass)) on that parameter, or break the file cycle.';
  } else if (recorded === Object) {
    why =
      'TypeScript recorded its type as Object, which is what it writes for an interface, a type alias, ' +
      'a union, a class imported with `import type` (the import is erased), or, when files are compiled one ' +
      'by one (ts-node, SWC), a class whose file was still loading: a circular file import. Import the class as ' +
      'a value (`import { Foo }`, not `import type`); for a circular import write @Inject(forwardRef(() => Foo)) ' +
      'or break the file cycle; for an interface, register the value under a token and write @Inject(TOKEN).';
  } else {
    why =
      `TypeScript recorded its type as ${describeToken(recorded)}, which cannot name a provider. ` +
      "Register the value under a token ({ provide: 'TOKEN', useValue: … }) and write @Inject('TOKEN') on the parameter.";
  }
  return new BootstrapError(
    DI_ERROR.UNKNOWN_PARAM_TYPE,
    `Cannot resolve ${path} → ? (the parameter at index ${site.index} of ${site.owner}'s constructor): ${why}`,
  );
}

export function providerFailed(path: string, builder: string, moduleName: string, rejected: boolean, cause: unknown): BootstrapError {
  return withCause(
    new BootstrapError(
      DI_ERROR.PROVIDER_FAILED,
      `${builder} (in ${moduleName}) ${rejected ? 'rejected' : 'threw'} while resolving ${path}: ${messageOf(cause)}. ` +
        'Fix it, or catch inside it if the application can start without it (see error.cause).',
    ),
    cause,
  );
}

export function unknownModuleProperty(key: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_MODULE,
    `@Module() got an unknown property '${key}'${didYouMean(key, MODULE_LIST_KEYS)}. Allowed: imports, controllers, providers, exports ` +
      '(a global module is marked with @Global(), or global: true in a dynamic module).',
  );
}

const MODULE_LIST_KEYS = ['imports', 'controllers', 'providers', 'exports'];

function didYouMean(key: string, known: readonly string[]): string {
  const close = closestName(key, known);
  return close === undefined ? '' : ` (did you mean ${close}?)`;
}

/** A dynamic module is built at run time, so its keys are checked at bootstrap, where it is imported. */
export function unknownDynamicModuleProperty(where: string, moduleName: string, key: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_MODULE,
    `${where} is a dynamic module of ${moduleName} with an unknown property '${key}'` +
      `${didYouMean(key, [...MODULE_LIST_KEYS, 'module', 'global'])}, which would be ignored. ` +
      'Allowed: module, global, imports, controllers, providers, exports.',
  );
}

/** `providers: Clock` instead of `providers: [Clock]` (a string would be read letter by letter). */
export function moduleListNotArray(moduleName: string, key: string, inDynamicModule: boolean, value: unknown): BootstrapError {
  const example = typeof value === 'function' && value.name ? value.name : typeof value === 'string' ? `'${value}'` : '…';
  return new BootstrapError(
    DI_ERROR.INVALID_MODULE,
    `${moduleName}'s ${key}${inDynamicModule ? ' (dynamic module)' : ''} is ${describeValue(value)}, not an array. ` +
      `Write ${key}: [${example}].`,
  );
}

export function dynamicModuleWithoutClass(moduleName: string, index: number, value: unknown): BootstrapError {
  const circular = value === undefined ? ` ${CIRCULAR_FILES} Break the file cycle.` : '';
  return new BootstrapError(
    DI_ERROR.INVALID_IMPORT,
    `${moduleName}'s imports[${index}] looks like a dynamic module but its module is ${describeValue(value)}, not a class.${circular}`,
  );
}

/**
 * `@Inject()`/`@Optional()` anywhere but on a constructor parameter. `member` is the method
 * or property it was put on (undefined on the class itself); `onParameter` tells a method
 * parameter from a property, a method or a class (where there is no parameter index).
 */
export function parameterDecoratorMisplaced(decorator: string, member: string | symbol | undefined, onParameter: boolean): BootstrapError {
  const where =
    onParameter ? `a parameter of ${String(member)}()`
    : member === undefined ? 'a class'
    : `the member ${String(member)} (wirework has no property injection)`;
  return new BootstrapError(
    DI_ERROR.INVALID_DECORATOR,
    `${decorator} goes on a constructor parameter, not on ${where}. ` +
      'Injection happens through the constructor only: constructor(@Inject(TOKEN) private readonly name: Type) {}.',
  );
}

export function invalidRootModule(value: unknown): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_MODULE,
    `The root module must be a class decorated with @Module() (or a dynamic module); got ${describeValue(value)}.`,
  );
}

const CIRCULAR_FILES =
  'This is almost always a circular file import: two files import each other, so one sees the other before it is defined.';

export function importIsUndefined(moduleName: string, index: number): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_IMPORT,
    `${moduleName}'s imports[${index}] is undefined. ${CIRCULAR_FILES} ` +
      `Write forwardRef(() => OtherModule) in ${moduleName}'s imports, or break the file cycle.`,
  );
}

export function importFailed(moduleName: string, index: number, cause: unknown): BootstrapError {
  return withCause(
    new BootstrapError(
      DI_ERROR.INVALID_IMPORT,
      `${moduleName}'s imports[${index}] failed before it gave a module (a Promise that rejected, or a forwardRef() ` +
        `that threw): ${messageOf(cause)}. Fix what it awaits, e.g. the configuration a forRootAsync() reads (see error.cause).`,
    ),
    cause,
  );
}

export function importIsNotAModule(moduleName: string, index: number, value: unknown, looksInjectable: boolean): BootstrapError {
  const fix = looksInjectable
    ? 'It looks like a provider: move it to providers.'
    : 'Decorate it with @Module({...}), or remove it from imports.';
  return new BootstrapError(
    DI_ERROR.INVALID_IMPORT,
    `${moduleName}'s imports[${index}] is ${describeValue(value)}, which is not a module (no @Module() decorator). ${fix}`,
  );
}

export function exportIsUndefined(moduleName: string, index: number): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_EXPORT,
    `${moduleName}'s exports[${index}] is undefined. ${CIRCULAR_FILES} Break the file cycle, or export a string/symbol token.`,
  );
}

export function exportNotAvailable(moduleName: string, token: unknown): BootstrapError {
  const name = describeToken(token);
  return new BootstrapError(
    DI_ERROR.INVALID_EXPORT,
    `${moduleName} exports ${name}, but neither provides it nor imports a module that exports it. ` +
      `Add ${name} to ${moduleName}'s providers, or import the module that exports it.`,
  );
}

export function exportedModuleNotImported(moduleName: string, exported: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.INVALID_EXPORT,
    `${moduleName} exports the module ${exported} but does not import it. ` +
      `Add ${exported} to ${moduleName}'s imports (a module can only re-export what it imports).`,
  );
}

export function invalidProvider(moduleName: string, index: number, value: unknown, problem: string): BootstrapError {
  const circular = value === undefined ? ` ${CIRCULAR_FILES} Break the file cycle.` : '';
  return new BootstrapError(
    DI_ERROR.INVALID_PROVIDER,
    `${moduleName}'s providers[${index}] is ${describeValue(value)}${problem ? `, which ${problem}` : ''}.${circular}`,
  );
}

export function invalidController(moduleName: string, index: number, value: unknown): BootstrapError {
  const circular = value === undefined ? ` ${CIRCULAR_FILES}` : ' A controller must be a class.';
  return new BootstrapError(
    DI_ERROR.INVALID_CONTROLLER,
    `${moduleName}'s controllers[${index}] is ${describeValue(value)}.${circular}`,
  );
}

/** One controller class in two modules would mount every route twice (a route conflict naming the same method twice). */
export function controllerInTwoModules(controller: string, first: string, second: string): BootstrapError {
  const why =
    first === second
      ? `${first} is imported twice as a dynamic module (two forRoot() calls, say), and each copy declares it. ` +
        `Declare ${controller} in a module that is imported once, or only in one of the calls.`
      : `A controller belongs to one module: keep it in one of them, and import that module where it is needed.`;
  return new BootstrapError(
    DI_ERROR.INVALID_CONTROLLER,
    `${controller} is in the controllers of both ${first} and ${second}, so each of its routes would be mounted twice. ${why}`,
  );
}

export function unknownProvider(token: unknown, scope: string, hint: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.UNKNOWN_PROVIDER,
    `No provider for ${describeToken(token)} in ${scope}.` + (hint ? ` ${hint}` : ''),
  );
}

export function containerNotReady(what: string): BootstrapError {
  return new BootstrapError(
    DI_ERROR.CONTAINER_NOT_READY,
    `${what} before the container was initialised: await container.init() first.`,
  );
}

export function lifecycleHookFailed(className: string, hook: string, cause: unknown): BootstrapError {
  return withCause(
    new BootstrapError(DI_ERROR.LIFECYCLE_HOOK_FAILED, `${className}.${hook}() failed: ${messageOf(cause)} (see error.cause).`),
    cause,
  );
}

export interface HookFailure {
  className: string;
  hook: string;
  cause: unknown;
}

/** Shutdown runs every hook even when one fails (a pool must still close), then reports them all. */
export function shutdownHooksFailed(failures: readonly HookFailure[]): BootstrapError {
  if (failures.length === 1) return lifecycleHookFailed(failures[0].className, failures[0].hook, failures[0].cause);
  const list = failures.map((f) => `${f.className}.${f.hook}() failed: ${messageOf(f.cause)}`).join('; ');
  return withCause(
    new BootstrapError(DI_ERROR.LIFECYCLE_HOOK_FAILED, `${failures.length} shutdown hooks failed: ${list} (see error.cause.errors).`),
    new AggregateError(failures.map((f) => f.cause), 'shutdown hooks failed'),
  );
}

/** A short, safe rendering of any value for an error message. */
export function describeValue(value: unknown): string {
  if (typeof value === 'function') return value.name ? `the class ${value.name}` : 'an anonymous function';
  if (typeof value === 'string' || typeof value === 'symbol') return describeToken(value);
  if (value === undefined || value === null) return String(value);
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    if ('provide' in value) return `{ provide: ${describeToken((value as { provide: unknown }).provide)}, … }`;
    if (typeof (value as { then?: unknown }).then === 'function') return 'a Promise';
    return 'an object';
  }
  return String(value);
}
