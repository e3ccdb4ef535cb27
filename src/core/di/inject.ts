import { parameterDecoratorMisplaced } from './errors';
import { ForwardReference } from './forward-ref';
import { INJECT_TOKENS_METADATA, OPTIONAL_PARAMS_METADATA } from './metadata-keys';
import { InjectionToken } from './token';

/**
 * `constructor(@Inject('CONFIG') config: Config)`: inject by token instead of by the
 * parameter's type (`@Inject()` alone keeps the type). Needed when the type is an interface
 * or a primitive (TypeScript records `Object`/`String` for those), or when the class comes
 * from a circular file import (`@Inject(forwardRef(() => UsersService))`).
 */
export function Inject(token?: InjectionToken | ForwardReference): ParameterDecorator {
  // `@Inject()` with no argument injects by type, as in Nest; `@Inject(undefined)` is a token
  // that a circular file import left undefined, and is reported as such at bootstrap.
  const byType = arguments.length === 0;
  return (target, propertyKey, index) => {
    // A constructor parameter is the only place with no member name and a parameter index
    // (on a property or a class, TypeScript passes no index; without it the token was
    // recorded under 'undefined' and silently ignored).
    if (propertyKey !== undefined || typeof index !== 'number') {
      throw parameterDecoratorMisplaced('@Inject()', propertyKey, typeof index === 'number');
    }
    if (byType) return;
    // Copy, never mutate: a subclass's decorators must not leak into its parent's metadata.
    const own = Reflect.getOwnMetadata(INJECT_TOKENS_METADATA, target) as Record<number, unknown> | undefined;
    Reflect.defineMetadata(INJECT_TOKENS_METADATA, { ...own, [index]: token }, target);
  };
}

/** `constructor(@Optional() cache?: Cache)`: `undefined` instead of an error when nothing provides it. */
export function Optional(): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined || typeof index !== 'number') {
      throw parameterDecoratorMisplaced('@Optional()', propertyKey, typeof index === 'number');
    }
    const own = (Reflect.getOwnMetadata(OPTIONAL_PARAMS_METADATA, target) as number[] | undefined) ?? [];
    Reflect.defineMetadata(OPTIONAL_PARAMS_METADATA, [...own, index], target);
  };
}
