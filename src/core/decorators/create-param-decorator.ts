/**
 * NestJS's custom parameter decorators:
 *
 *   const User = createParamDecorator((data: string | undefined, ctx: ExecutionContext) => {
 *     const user = ctx.switchToHttp().getRequest().locals.user as Record<string, unknown>;
 *     return data ? user?.[data] : user;
 *   });
 *   find(@User('email') email: string, @User(new ValidationPipe()) user: UserDto) { … }
 *
 * The factory runs per request with the same ExecutionContext guards get (it may return a
 * promise); pipes then run on its value as on a built-in parameter's, with ArgumentMetadata
 * `{ type: 'custom', data, metatype }`.
 */
import { ParamSource, type CustomParamFactory } from '../metadata/definitions';
import type { PipeLike } from '../pipes/pipe';
import { isStandardSchema } from '../pipes/standard-schema';
import { pipeName, recordParam } from './params';

/**
 * Returns a decorator called as `@X()`, `@X(data)`, `@X(data, ...pipes)` or `@X(...pipes)`.
 * As in Nest, a first argument that is a pipe (a class or object with transform()) is a
 * pipe, not data; so is a Standard Schema, as in `@Body(schema)`.
 */
export function createParamDecorator<D = any, R = any>(
  factory: CustomParamFactory<D, R>,
): (...dataOrPipes: (D | PipeLike)[]) => ParameterDecorator {
  if (typeof factory !== 'function') {
    throw new TypeError(`createParamDecorator needs a factory function (data, ctx) => value, got ${typeof factory}`);
  }
  const label = factory.name ? factory.name : 'createParamDecorator(…)';
  return (...args: unknown[]): ParameterDecorator => {
    const first = args[0];
    const hasData = first !== undefined && !isPipe(first);
    const data = hasData ? first : undefined;
    const pipes = (hasData || first === undefined ? args.slice(1) : args) as PipeLike[];
    return recordParam({
      source: ParamSource.Custom,
      name: typeof data === 'string' ? data : undefined,
      pipes,
      decorator: `@${label}(${[...(hasData ? [showData(data)] : []), ...pipes.map(pipeName)].join(', ')})`,
      custom: { factory, data },
    });
  };
}

function isPipe(value: unknown): boolean {
  if (typeof value === 'function') return typeof (value.prototype as { transform?: unknown } | undefined)?.transform === 'function';
  if (value === null || typeof value !== 'object') return false;
  return typeof (value as { transform?: unknown }).transform === 'function' || isStandardSchema(value);
}

/** Data as written, for messages: `'email'`, `{"field":"id"}`. */
function showData(data: unknown): string {
  if (typeof data === 'string') return `'${data}'`;
  try {
    return JSON.stringify(data) ?? String(data);
  } catch {
    return String(data);
  }
}
