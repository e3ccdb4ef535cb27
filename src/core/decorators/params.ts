/**
 * Parameter decorators. Each records where the value comes from and its pipes; the route
 * compiler turns that into one small resolver function per parameter at bootstrap.
 */
import { META } from '../metadata/keys';
import { ParamSource, type ParamDefinition } from '../metadata/definitions';
import type { PipeLike } from '../pipes/pipe';
import { unknownKeyMessage } from '../did-you-mean';

/** Records one parameter's definition; refuses a second decorator on the same parameter. */
export function recordParam(def: Omit<ParamDefinition, 'index'>): ParameterDecorator {
  return (target, property, index) => {
    if (property === undefined) {
      // A constructor parameter: that is DI's business (@Inject), not a request value.
      throw new TypeError(`${def.decorator} can only decorate a route method's parameter, not a constructor's`);
    }
    const existing = (Reflect.getOwnMetadata(META.params, target, property) as ParamDefinition[] | undefined) ?? [];
    const taken = existing.find((p) => p.index === index);
    if (taken !== undefined) {
      // One would silently replace the other (`@Query('a') @Param('id') x` read only the
      // query): the value has one source, so say which two were given.
      const owner = typeof target === 'function' ? target.name : target.constructor.name;
      throw new TypeError(
        `parameter #${index} of ${owner}.${String(property)} has two parameter decorators, ${def.decorator} and ${taken.decorator}; ` +
          'a parameter takes its value from one source: keep one (pipes go inside it, e.g. @Param(\'id\', ParseIntPipe)).',
      );
    }
    Reflect.defineMetadata(META.params, [...existing, { ...def, index }], target, property);
  };
}

function describe(name: string, first: unknown, pipes: readonly unknown[]): string {
  const parts: string[] = [];
  if (typeof first === 'string') parts.push(`'${first}'`);
  else if (first !== undefined) parts.push(pipeName(first));
  for (const p of pipes) parts.push(pipeName(p));
  return `@${name}(${parts.join(', ')})`;
}

/** A pipe as written in a decorator, for messages: its class name. */
export function pipeName(p: unknown): string {
  if (typeof p === 'function') return p.name || 'anonymous';
  if (p && typeof p === 'object') return (p as object).constructor?.name ?? 'object';
  return String(p);
}

/** `@X()`, `@X('name')`, `@X('name', ...pipes)`, `@X(...pipes)`, `@X(schema)`. */
function sourceDecorator(source: ParamSource, label: string) {
  return (nameOrPipe?: string | PipeLike, ...pipes: PipeLike[]): ParameterDecorator => {
    const name = typeof nameOrPipe === 'string' ? nameOrPipe : undefined;
    const all = typeof nameOrPipe === 'string' || nameOrPipe === undefined ? pipes : [nameOrPipe, ...pipes];
    return recordParam({ source, name, pipes: all, decorator: describe(label, nameOrPipe, pipes) });
  };
}

/** A route parameter (`:id`), percent-decoded; the whole params object when no name. */
export const Param = sourceDecorator(ParamSource.Param, 'Param');
/** A query-string value (string, or string[] when repeated); the whole query when no name. */
export const Query = sourceDecorator(ParamSource.Query, 'Query');
/**
 * The body parsed by its Content-Type (JSON, form, text, or a Buffer when the parameter is
 * typed Buffer); a property of it with a name. Give a Standard Schema to validate it.
 */
export const Body = sourceDecorator(ParamSource.Body, 'Body');

/** A request header (name case-insensitive), or all headers. */
export function Headers(name?: string): ParameterDecorator {
  return recordParam({
    source: ParamSource.Headers,
    name: name?.toLowerCase(),
    pipes: [],
    decorator: name ? `@Headers('${name}')` : '@Headers()',
  });
}

/** The engine's Request. A parameter typed `Request` gets it without a decorator too. */
export function Req(): ParameterDecorator {
  return recordParam({ source: ParamSource.Req, name: undefined, pipes: [], decorator: '@Req()' });
}

/** What `@Res()` takes, as in NestJS. */
export interface ResOptions {
  /**
   * The handler's result is still sent (status, @Header, JSON/text as for any route); the
   * handler only uses the Response to set a status, headers or cookies on it.
   */
  passthrough?: boolean;
}

const RES_OPTIONS: readonly (keyof ResOptions)[] = ['passthrough'];

/**
 * The engine's Response: the handler then answers itself and its result is not sent —
 * unless `@Res({ passthrough: true })`, which sends the result with what the handler set.
 */
export function Res(options?: ResOptions): ParameterDecorator {
  const passthrough = options?.passthrough === true;
  const decorator = passthrough ? '@Res({ passthrough: true })' : '@Res()';
  const record = recordParam({ source: ParamSource.Res, name: undefined, pipes: [], decorator, passthrough });
  return (target, property, index) => {
    // Checked here, where the method is known: a misspelt option would otherwise silently
    // turn the route into one whose result is never sent (a request that hangs).
    const wrong = resOptionsProblem(options);
    if (wrong !== undefined) {
      const owner = typeof target === 'function' ? target.name : target.constructor.name;
      throw new TypeError(`@Res() on parameter #${index} of ${owner}.${String(property)}: ${wrong}.`);
    }
    record(target, property, index);
  };
}

function resOptionsProblem(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return `its argument is an options object ({ passthrough: true }), got ${options === null ? 'null' : typeof options}`;
  }
  const unknownKey = unknownKeyMessage(options, RES_OPTIONS, '');
  if (unknownKey !== undefined) return unknownKey;
  const value = (options as ResOptions).passthrough;
  if (value !== undefined && typeof value !== 'boolean') {
    return `passthrough is true or false, got ${typeof value === 'string' ? `'${value}'` : String(value)} (${typeof value})`;
  }
  return undefined;
}

/** The peer's address as the socket saw it ('127.0.0.1' under inject(), unless its remoteAddress option says otherwise). */
export function Ip(): ParameterDecorator {
  return recordParam({ source: ParamSource.Ip, name: undefined, pipes: [], decorator: '@Ip()' });
}

