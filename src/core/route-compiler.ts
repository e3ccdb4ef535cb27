/**
 * Bootstrap: reads every controller's metadata once and turns each route method into a
 * CompiledRoute (full path, parameter resolvers with their pipes, guards, interceptors,
 * filters, status, headers, body limit). After this, nothing reads metadata again.
 */
import { checkHeaderName, checkHeaderValue } from '../http/header-check';
import { Request } from '../http/request';
import { Response } from '../http/response';
import { BootstrapError } from './bootstrap-error';
import { BodyMode } from './body/read-body';
import { MultipartForm, type FileFieldRule } from './body/multipart-form';
import { MULTIPART_DEFAULTS, type MultipartOptions } from './body/multipart-options';
import { MultipartPlan } from './body/read-multipart';
import { FilterEntry } from './exceptions/filter-entry';
import type { ErrorResponder } from './exceptions/error-responder';
import type { ExceptionFilter } from './exceptions/exception-filter';
import { FRAMEWORK_ERROR } from './framework-errors';
import type { CanActivate } from './guards/can-activate';
import type { RouteInfo } from './guards/execution-context';
import type { Interceptor } from './interceptors';
import { META } from './metadata/keys';
import { ParamSource, type CustomParamFactory, type ParamDefinition, type RedirectDefinition } from './metadata/definitions';
import {
  listParamMethods, listRouteMethods, readAllMetadata, readControllerPrefix, readHeaders, readHttpCode,
  readOverride, readParams, readParamTypes, readRedirect, readRoutes,
} from './metadata/readers';
import { ParamResolver, type Extractor } from './param-resolver';
import type { ArgumentMetadata, PipeLike, PipeTransform } from './pipes/pipe';
import { SchemaValidationPipe } from './pipes/schema-pipe';
import { isStandardSchema } from './pipes/standard-schema';
import { CompiledRoute } from './route';
import type { SseOptions } from './decorators/sse';
import { eventSourceHandler, type SsePlan } from './sse/event-source';
import { BAD_ROUTE_PATTERN } from './router/constraint';
import { parsePattern, SegmentKind } from './router/route-pattern';

/** A controller class and the instance DI built for it. */
export interface ControllerEntry {
  controller: Function;
  instance: object;
  /** handed back to `resolveClass` (the DI module that declares the controller). */
  scope?: unknown;
}

export interface RouteCompilerOptions {
  /** prepended to every controller prefix ('' for none). */
  globalPrefix: string;
  /**
   * Builds a pipe/guard/interceptor/filter class: through DI when it is a provider or
   * injectable, else `new`. Throws a BootstrapError naming `site` when it cannot.
   */
  resolveClass(cls: Function, site: string, scope?: unknown): object | Promise<object>;
  errors: ErrorResponder;
}

/** One route ready for the route table. */
export interface CompiledEntry {
  method: string;
  pattern: string;
  /** `Class.method`, for the router's conflict messages. */
  owner: string;
  route: CompiledRoute;
}

export async function compileControllers(entries: readonly ControllerEntry[], options: RouteCompilerOptions): Promise<CompiledEntry[]> {
  const out: CompiledEntry[] = [];
  let nextId = 1;
  for (const { controller, instance, scope } of entries) {
    const scoped: RouteCompilerOptions = { ...options, resolveClass: (cls, site) => options.resolveClass(cls, site, scope) };
    const prefix = readControllerPrefix(controller);
    if (prefix === undefined) {
      throw new BootstrapError(
        FRAMEWORK_ERROR.NOT_A_CONTROLLER,
        `${controller.name} is listed in a module's controllers but has no @Controller() decorator; add @Controller('${kebab(controller.name)}') to it or move it to providers.`,
      );
    }
    checkNoStaticRoutes(controller);
    checkNoSymbolRoutes(controller);
    checkNoFieldRoutes(controller);
    if (typeof prefix !== 'string') throw notAPath(`@Controller(${showValue(prefix)}) on ${controller.name}`, prefix);
    const routeMethods = listRouteMethods(controller);
    const routeSet = new Set(routeMethods);
    for (const name of listParamMethods(controller)) {
      if (!routeSet.has(name)) {
        throw new BootstrapError(
          FRAMEWORK_ERROR.PARAM_NOT_ROUTE,
          `${controller.name}.${name} has parameter decorators but no route decorator; add @Get()/@Post()/… to it, or remove the parameter decorators (only route methods receive request values).`,
        );
      }
    }
    for (const name of routeMethods) {
      const shared = await compileMethod(controller, instance, name, scoped);
      for (const def of readRoutes(controller.prototype, name)) {
        if (typeof def.path !== 'string') throw notAPath(`@${routeDecoratorName(def.method)}(${showValue(def.path)}) on ${controller.name}.${name}`, def.path);
        const pattern = joinPath(options.globalPrefix, prefix, def.path);
        const owner = `${controller.name}.${name}`;
        checkParamNames(controller, name, def.method, pattern, owner);
        const info: RouteInfo = {
          method: def.method,
          path: pattern,
          controller,
          handler: shared.handler,
          handlerName: owner,
          id: nextId++,
          getMetadata: <T>(key: string | symbol) => shared.metadata.get(key) as T | undefined,
        };
        const status = shared.httpCode ?? (def.method === 'POST' ? 201 : 200);
        const route = new CompiledRoute(
          {
            ...shared.parts,
            info,
            plan: { ...shared.plan, status, explicitStatus: shared.httpCode !== undefined },
          },
          options.errors,
        );
        out.push({ method: def.method, pattern, owner, route });
      }
    }
  }
  return out;
}

/**
 * A path that is not a string (`@Get(['a', 'b'])` or `@Controller({ path })`, Nest's forms)
 * crashed joinPath with a raw TypeError, or was silently read as some other path.
 */
function notAPath(site: string, path: unknown): BootstrapError {
  const hint = Array.isArray(path)
    ? 'for several paths, stack one decorator per path: @Get(\'a\') @Get(\'b\')'
    : path !== null && typeof path === 'object'
      ? "write the path itself, @Controller('users'): options objects are not supported"
      : "write it as a string, e.g. 'users/:id'";
  return new BootstrapError(BAD_ROUTE_PATTERN, `${site}: a path is a string; ${hint}.`);
}

function showValue(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

function routeDecoratorName(method: string): string {
  return method === 'ALL' ? 'All' : method.charAt(0) + method.slice(1).toLowerCase();
}

/**
 * A route decorator on a static method writes its metadata on the class, where nothing looks
 * for routes: the route was silently missing (404). Refused, as are parameter decorators there.
 */
function checkNoStaticRoutes(controller: Function): void {
  for (let c: Function | null = controller; c !== null && c !== Function.prototype; c = Object.getPrototypeOf(c)) {
    for (const key of Object.getOwnPropertyNames(c)) {
      if (Reflect.getOwnMetadata(META.routes, c, key) === undefined && Reflect.getOwnMetadata(META.params, c, key) === undefined) continue;
      throw new BootstrapError(
        FRAMEWORK_ERROR.INVALID_ROUTE_METHOD,
        `${controller.name}.${key} is a static method with a route or parameter decorator; routes are instance methods ` +
          '(called on the controller DI built, with its injected dependencies). Remove `static`.',
      );
    }
  }
}

/**
 * Methods are found by their string names, as Nest finds them: a route on a `[symbol]()`
 * method was silently missing (404). Refused with the method named, like a static one.
 */
function checkNoSymbolRoutes(controller: Function): void {
  for (let p = controller.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    for (const key of Object.getOwnPropertySymbols(p)) {
      if (Reflect.getOwnMetadata(META.routes, p, key) === undefined && Reflect.getOwnMetadata(META.params, p, key) === undefined) continue;
      throw new BootstrapError(
        FRAMEWORK_ERROR.INVALID_ROUTE_METHOD,
        `${controller.name}[${String(key)}] has a route or parameter decorator but a symbol for a name; route methods need a string name. Rename the method.`,
      );
    }
  }
}

/**
 * A route decorator on a field (`@Get() find = () => …`; tsc refuses it, transpile-only
 * builds do not) wrote its route under a name no prototype method has: silently missing.
 */
function checkNoFieldRoutes(controller: Function): void {
  for (let p = controller.prototype; p && p !== Object.prototype; p = Object.getPrototypeOf(p)) {
    const fields = Reflect.getOwnMetadata(META.routeFields, p) as (string | symbol)[] | undefined;
    if (fields === undefined || fields.length === 0) continue;
    const name = String(fields[0]);
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_ROUTE_METHOD,
      `${controller.name}.${name} has a route decorator but is a class field, which lives on each instance where no route ` +
        `is looked for; a route decorator goes on a method: write ${name}() { … }.`,
    );
  }
}

/**
 * The method itself, found by its descriptor: reading `proto[name]` would run a getter (on
 * the prototype, with no instance), and its result would be taken for the handler.
 */
function routeHandler(controller: Function, name: string, owner: string): (...args: unknown[]) => unknown {
  let descriptor: PropertyDescriptor | undefined;
  for (let p = controller.prototype; p !== null && descriptor === undefined; p = Object.getPrototypeOf(p)) {
    descriptor = Object.getOwnPropertyDescriptor(p, name);
  }
  if (descriptor === undefined || typeof descriptor.value !== 'function') {
    const what = descriptor?.get !== undefined || descriptor?.set !== undefined ? 'an accessor (get/set)' : 'not a method';
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_ROUTE_METHOD,
      `${owner} has a route decorator but is ${what}; a route decorator goes on a method: write ${name}() { … }.`,
    );
  }
  return descriptor.value as (...args: unknown[]) => unknown;
}

/**
 * `@Param('id')` on a route whose path has no `:id` would be `undefined` on every request
 * (a typo, or a param renamed in the path only): refused here, per route, since a method may
 * carry several route decorators and each path must have the param.
 */
function checkParamNames(controller: Function, name: string, method: string, pattern: string, owner: string): void {
  const wanted = readParams(controller.prototype, name).filter((d) => d.source === ParamSource.Param && d.name !== undefined);
  if (wanted.length === 0) return;
  // Parsed again by the route table; a malformed pattern fails here with the same message.
  const have = parsePattern(pattern, `${method} ${pattern} (${owner})`).segments
    .filter((s) => s.kind !== SegmentKind.Static)
    .map((s) => s.text);
  for (const def of wanted) {
    if (have.includes(def.name!)) continue;
    throw new BootstrapError(
      FRAMEWORK_ERROR.UNKNOWN_ROUTE_PARAM,
      `${def.decorator} on parameter #${def.index} of ${owner}: the path ${method} ${pattern} has no parameter '${def.name}' ` +
        `(${have.length === 0 ? 'it has none' : `it has ${have.map((n) => `'${n}'`).join(', ')}`}), so the value would always be undefined. ` +
        `Add :${def.name} to the path, or fix the name.`,
    );
  }
}

type SharedParts = Omit<ConstructorParameters<typeof CompiledRoute>[0], 'info' | 'plan'>;

async function compileMethod(controller: Function, instance: object, name: string, options: RouteCompilerOptions) {
  const proto = controller.prototype as Record<string, unknown>;
  const owner = `${controller.name}.${name}`;
  const handler = routeHandler(controller, name, owner);
  const metadata = readAllMetadata(controller, name);
  const params = await compileParams(controller, name, handler, options);

  const headers = readHeaders(proto, name).map(([k, v]) => checkHeader(owner, k, v));
  const redirect = checkRedirect(owner, readRedirect(proto, name));
  const httpCode = readHttpCode(proto, name);
  const guards = readLayeredSplit(META.guards, controller, name);
  const interceptors = readLayeredSplit(META.interceptors, controller, name);
  const filterSplit = readLayeredSplit(META.filters, controller, name);
  const classGuards = await enhancers<CanActivate>(guards.onClass, 'canActivate', 'guard', owner, options);
  const methodGuards = await enhancers<CanActivate>(guards.onMethod, 'canActivate', 'guard', owner, options);
  const classInterceptors = await enhancers<Interceptor>(interceptors.onClass, 'intercept', 'interceptor', owner, options);
  const methodInterceptors = await enhancers<Interceptor>(interceptors.onMethod, 'intercept', 'interceptor', owner, options);
  // The nearest filter handles: method-level before class-level.
  const filters = (await enhancers<ExceptionFilter>([...filterSplit.onMethod, ...filterSplit.onClass], 'catch', 'exception filter', owner, options))
    .map((f) => new FilterEntry(f));

  // @Sse: the chain calls a handler whose Observable is already an iterable (see eventSourceHandler).
  const sseOptions = Reflect.getMetadata(META.sse, proto, name) as Required<SseOptions> | undefined;
  const sse: SsePlan | undefined = sseOptions && { owner, ...sseOptions };
  const parts: SharedParts = {
    metadata,
    instance,
    handler: sse === undefined ? handler : eventSourceHandler(handler, sse),
    resolvers: params.resolvers,
    bodyMode: params.bodyMode,
    bodyLimit: readOverride<number>(META.bodyLimit, controller, name),
    usesRes: params.usesRes,
    resPassthrough: params.resPassthrough,
    classGuards,
    methodGuards,
    classInterceptors,
    methodInterceptors,
    filters,
  };
  const plan = { headers, redirect, sse };
  return { handler, metadata, parts, plan, httpCode };
}

/**
 * `@Header(name, value)`, checked here with the engine's own rules: the Response would
 * otherwise throw on every request of the route (a 500 each time) for a CR/LF in the value
 * or a space in the name. Such a header is a bug in the code, so bootstrap refuses it.
 */
function checkHeader(owner: string, name: string, value: string): readonly [string, string] {
  try {
    checkHeaderName(name);
    checkHeaderValue(name, value);
  } catch (error) {
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_HEADER,
      `@Header(${JSON.stringify(name)}, ${JSON.stringify(value)}) on ${owner} cannot be sent: ${(error as Error).message}. ` +
        'Fix the name or value; a header that depends on the request is set with res.setHeader() in an interceptor or through @Res().',
    );
  }
  return [name, value];
}

/**
 * `@Redirect(url, status)`: the status must be a redirect (3xx; Nest checks nothing and sends
 * e.g. a 200 with a Location nobody follows) and the URL a valid header value (a CR/LF would
 * make every request of the route a 500). A handler's `{ url, statusCode }` is its own affair.
 */
function checkRedirect(owner: string, redirect: RedirectDefinition | undefined): RedirectDefinition | undefined {
  if (redirect === undefined) return undefined;
  const { url, status } = redirect;
  const bad = (why: string): never => {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_REDIRECT, `@Redirect(${JSON.stringify(url)}, ${String(status)}) on ${owner}: ${why}.`);
  };
  if (!Number.isInteger(status) || status < 300 || status > 399) {
    bad('the status of a redirect is a 3xx code: 301 or 308 for a permanent move, 302, 303 or 307 for a temporary one');
  }
  if (typeof url !== 'string') bad('the URL is a string');
  try {
    checkHeaderValue('Location', url);
  } catch (error) {
    bad(`the URL cannot be sent as a Location header: ${(error as Error).message}`);
  }
  return redirect;
}

function readLayeredSplit(key: string, controller: Function, name: string): { onClass: unknown[]; onMethod: unknown[] } {
  const onClass = (Reflect.getMetadata(key, controller) as unknown[] | undefined) ?? [];
  const onMethod = (Reflect.getMetadata(key, controller.prototype, name) as unknown[] | undefined) ?? [];
  return { onClass, onMethod };
}

/** Classes → instances (through DI), instances checked for the method that makes them one. */
export async function enhancers<T>(
  list: readonly unknown[], method: string, kind: string, site: string,
  options: Pick<RouteCompilerOptions, 'resolveClass'>,
): Promise<T[]> {
  const out: T[] = [];
  for (const item of list) {
    const instance = typeof item === 'function' ? await options.resolveClass(item, `a ${kind} on ${site}`) : item;
    out.push(checkEnhancer<T>(instance, item, method, kind, site));
  }
  return out;
}

/** Throws WW_ERR_INVALID_ENHANCER unless `instance` has the method (`canActivate`, `intercept`, `catch`). */
export function checkEnhancer<T>(instance: unknown, given: unknown, method: string, kind: string, site: string): T {
  if (instance === null || typeof instance !== 'object' || typeof (instance as Record<string, unknown>)[method] !== 'function') {
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_ENHANCER,
      `${describe(given)} is used as a ${kind} on ${site} but has no ${method}() method; a ${kind} is a class or an object implementing ${method}().`,
    );
  }
  return instance as T;
}

interface CompiledParams {
  resolvers: ParamResolver[];
  bodyMode: BodyMode | undefined;
  usesRes: boolean;
  /** every Response parameter is `@Res({ passthrough: true })`: the result is still sent. */
  resPassthrough: boolean;
}

async function compileParams(controller: Function, name: string, handler: Function, options: RouteCompilerOptions): Promise<CompiledParams> {
  const owner = `${controller.name}.${name}`;
  const defs = readParams(controller.prototype, name);
  const types = readParamTypes(controller.prototype, name);
  let count = handler.length;
  if (types && types.length > count) count = types.length;
  for (const d of defs) if (d.index + 1 > count) count = d.index + 1;
  if (count > 0 && types === undefined) {
    throw new BootstrapError(
      FRAMEWORK_ERROR.MISSING_ROUTE_PARAM_TYPES,
      `${owner} takes parameters but has no 'design:paramtypes' metadata. Enable "emitDecoratorMetadata" (and "experimentalDecorators") in tsconfig.json, and compile with tsc or ts-node (esbuild-based tools drop this metadata).`,
    );
  }
  const byIndex = new Map<number, ParamDefinition>();
  for (const d of defs) byIndex.set(d.index, d);

  const multipart = multipartPlan(controller, name, defs, types, owner);
  const resolvers: ParamResolver[] = [];
  let bodyMode: BodyMode | undefined;
  let usesRes = false;
  // One plain @Res() (or an undecorated Response parameter) means the handler answers.
  let answersItself = false;
  for (let i = 0; i < count; i++) {
    const type = types?.[i];
    const def = byIndex.get(i);
    if (def === undefined) {
      if (type === Request) resolvers.push(new ParamResolver(takeReq, [], custom(type)));
      else if (type === Response) {
        usesRes = true;
        answersItself = true;
        resolvers.push(new ParamResolver(takeRes, [], custom(type)));
      } else {
        throw new BootstrapError(
          FRAMEWORK_ERROR.UNDECORATED_PARAM,
          `parameter #${i} of ${owner} (type ${typeName(type)}) has no decorator; decorate it with @Param(), @Query(), @Body(), @Headers(), @Req(), @Res(), @Ip(), @UploadedFile(), @UploadedFiles() or a createParamDecorator() decorator, or type it as Request or Response.`,
        );
      }
      continue;
    }
    if (def.source === ParamSource.Res) {
      usesRes = true;
      if (def.passthrough !== true) answersItself = true;
    }
    if (multipart !== undefined) bodyMode = multipart;
    else if (def.source === ParamSource.Body) {
      const raw = type === Buffer || type === Uint8Array;
      if (raw) bodyMode = BodyMode.Raw;
      else if (bodyMode === undefined) bodyMode = BodyMode.Parsed;
    }
    // A custom decorator's data goes to its pipes whatever its type, as in Nest.
    const data = def.custom !== undefined ? (def.custom.data as ArgumentMetadata['data']) : def.name;
    const metadata: ArgumentMetadata = { type: argumentType(def.source), metatype: type, data };
    const pipes: PipeTransform[] = [];
    for (let n = 0; n < def.pipes.length; n++) pipes.push(await toPipe(def.pipes[n], n, def, owner, options));
    if (def.custom !== undefined) {
      resolvers.push(new ParamResolver(customExtractor(def.custom.factory, def.custom.data), pipes, metadata, true));
    } else {
      resolvers.push(new ParamResolver(extractor(def, multipart !== undefined), pipes, metadata));
    }
  }
  return { resolvers, bodyMode, usesRes, resPassthrough: usesRes && !answersItself };
}

/**
 * The route's MultipartPlan when it reads multipart/form-data — it takes files
 * (`@UploadedFile`/`@UploadedFiles`), or has `@Multipart()` and reads the body — else
 * undefined: decided here, once, so a route that takes no forms does no work for them.
 */
function multipartPlan(
  controller: Function, name: string, defs: readonly ParamDefinition[], types: readonly unknown[] | undefined, owner: string,
): MultipartPlan | undefined {
  const onClass = Reflect.getMetadata(META.multipart, controller) as MultipartOptions | undefined;
  const onMethod = Reflect.getMetadata(META.multipart, controller.prototype, name) as MultipartOptions | undefined;
  const fileDefs = defs.filter((d) => d.source === ParamSource.UploadedFile || d.source === ParamSource.UploadedFiles);
  const bodyDefs = defs.filter((d) => d.source === ParamSource.Body);
  const raw = bodyDefs.find((d) => types?.[d.index] === Buffer || types?.[d.index] === Uint8Array);
  if (fileDefs.length === 0) {
    if (onMethod !== undefined && bodyDefs.length === 0) {
      throw new BootstrapError(
        FRAMEWORK_ERROR.INVALID_UPLOAD_ROUTE,
        `@Multipart() on ${owner}, which reads no body: add @Body() for the form's text fields or @UploadedFile() for its files, or remove @Multipart().`,
      );
    }
    // A class-level @Multipart applies to the routes that read a parsed body: one that reads
    // none, or the raw bytes (a webhook's signature check), is left as it is.
    if (onMethod === undefined && (onClass === undefined || bodyDefs.length === 0 || raw !== undefined)) return undefined;
  }
  if (raw !== undefined) {
    throw new BootstrapError(
      FRAMEWORK_ERROR.INVALID_UPLOAD_ROUTE,
      `${raw.decorator} on parameter #${raw.index} of ${owner} is typed Buffer, so it takes the raw body bytes, which cannot also be read as a form; ` +
        'type it as an object to get the form\'s text fields, or remove the upload decorators and @Multipart() and parse the bytes yourself.',
    );
  }
  const limits = { ...MULTIPART_DEFAULTS };
  for (const options of [onClass, onMethod]) {
    if (options === undefined) continue;
    for (const [key, value] of Object.entries(options)) if (value !== undefined) limits[key as keyof MultipartOptions] = value;
  }
  return new MultipartPlan(limits, fileFieldRule(fileDefs));
}

/**
 * The file fields a route reads, and how many files each takes: `@UploadedFile('a')` one,
 * `@UploadedFiles('a')` up to maxFiles; undefined (any field) when one decorator names none.
 */
function fileFieldRule(fileDefs: readonly ParamDefinition[]): FileFieldRule {
  const rule = new Map<string, number>();
  for (const def of fileDefs) {
    if (def.name === undefined) return undefined;
    const count = def.source === ParamSource.UploadedFile ? 1 : Infinity;
    rule.set(def.name, Math.max(rule.get(def.name) ?? 0, count));
  }
  return rule;
}

async function toPipe(p: PipeLike, n: number, def: ParamDefinition, owner: string, options: RouteCompilerOptions): Promise<PipeTransform> {
  if (isStandardSchema(p)) return new SchemaValidationPipe(p);
  const site = `${def.decorator} on parameter #${def.index} of ${owner}`;
  const instance = typeof p === 'function' ? await options.resolveClass(p, `a pipe in ${site}`) : p;
  if (instance !== null && typeof instance === 'object' && typeof (instance as PipeTransform).transform === 'function') {
    return instance as PipeTransform;
  }
  throw new BootstrapError(
    FRAMEWORK_ERROR.INVALID_PIPE,
    `argument ${n + (hasData(def) ? 2 : 1)} of ${site} is ${describe(p)}, which is neither a pipe (an object or class with transform()) nor a Standard Schema (an object with '~standard', e.g. a zod schema).`,
  );
}

/** Whether the decorator's first argument was data (a name) rather than a pipe. */
function hasData(def: ParamDefinition): boolean {
  return def.custom !== undefined ? def.custom.data !== undefined : def.name !== undefined;
}

/** A `createParamDecorator` factory, called with the route's ExecutionContext (built for it). */
function customExtractor(factory: CustomParamFactory, data: unknown): Extractor {
  return (_req, _res, _body, context) => factory(data, context!);
}

const takeReq: Extractor = (req) => req;
const takeRes: Extractor = (_req, res) => res;
const takeIp: Extractor = (req) => req.remoteAddress;
const takeParams: Extractor = (req) => req.params;
const takeQuery: Extractor = (req) => req.query;
const takeHeaders: Extractor = (req) => req.headers;
const takeBody: Extractor = (_req, _res, body) => body;
const hasOwn = Object.prototype.hasOwnProperty;

function extractor(def: ParamDefinition, multipart: boolean): Extractor {
  const key = def.name;
  switch (def.source) {
    case ParamSource.Req: return takeReq;
    case ParamSource.Res: return takeRes;
    case ParamSource.Ip: return takeIp;
    case ParamSource.Param:
      return key === undefined ? takeParams : (req) => req.params[key];
    case ParamSource.Query:
      return key === undefined ? takeQuery : (req) => req.query[key];
    case ParamSource.Headers:
      return key === undefined ? takeHeaders : (req) => req.header(key);
    case ParamSource.Custom:
      throw new Error('a custom parameter is compiled by customExtractor');
    case ParamSource.UploadedFile:
      return key === undefined
        ? (_req, _res, body) => (body instanceof MultipartForm ? body.files[0] : undefined)
        : (_req, _res, body) => (body instanceof MultipartForm ? body.files.find((f) => f.fieldname === key) : undefined);
    case ParamSource.UploadedFiles:
      return key === undefined
        ? (_req, _res, body) => (body instanceof MultipartForm ? body.files : [])
        : (_req, _res, body) => (body instanceof MultipartForm ? body.files.filter((f) => f.fieldname === key) : []);
    case ParamSource.Body:
      // A route that reads forms gets a MultipartForm for a multipart body: @Body() is its text fields.
      if (multipart) {
        return key === undefined
          ? (_req, _res, body) => (body instanceof MultipartForm ? body.fields : body)
          : (_req, _res, body) => {
              const value = body instanceof MultipartForm ? body.fields : body;
              return value !== null && typeof value === 'object' && hasOwn.call(value, key) ? (value as Record<string, unknown>)[key] : undefined;
            };
      }
      // Own properties only: `@Body('constructor')` must not hand out Object.prototype's.
      return key === undefined
        ? takeBody
        : (_req, _res, body) =>
            body !== null && typeof body === 'object' && hasOwn.call(body, key) ? (body as Record<string, unknown>)[key] : undefined;
  }
}

function argumentType(source: ParamSource): ArgumentMetadata['type'] {
  switch (source) {
    case ParamSource.Param: return 'param';
    case ParamSource.Query: return 'query';
    case ParamSource.Body: return 'body';
    case ParamSource.Headers: return 'headers';
    default: return 'custom';
  }
}

function custom(type: unknown): ArgumentMetadata {
  return { type: 'custom', metatype: type, data: undefined };
}

/**
 * '/api' + '/users/' + ':id' → '/api/users/:id'. Slashes are normalised between the parts
 * and inside them alike (`@Controller('a//b')` is `/a/b`, as in Nest): an empty segment in a
 * pattern is always a typo, and kept it made a route only `/a//b/...` could reach.
 */
export function joinPath(...parts: string[]): string {
  const segments: string[] = [];
  for (const part of parts) {
    for (const segment of part.split('/')) if (segment !== '') segments.push(segment);
  }
  return '/' + segments.join('/');
}

function typeName(type: unknown): string {
  return typeof type === 'function' ? type.name || 'anonymous' : String(type);
}

function describe(item: unknown): string {
  if (typeof item === 'function') return item.name || 'an anonymous class';
  if (typeof item === 'string') return `'${item}'`;
  if (item !== null && typeof item === 'object') return `an instance of ${item.constructor?.name ?? 'Object'}`;
  return String(item);
}

function kebab(name: string): string {
  return name.replace(/Controller$/, '').replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase() || 'path';
}
