import { parameterDecoratorMisplaced } from './errors';
import { ForwardReference } from './forward-ref';
import { INJECT_TOKENS_METADATA, OPTIONAL_PARAMS_METADATA } from './metadata-keys';
import { InjectionToken } from './token';

/**
 * `constructor(@Inject('CONFIG') config: Config)`: inject by token instead of by the
 * parameter's type. Needed when the type is an interface or a primitive (TypeScript records
 * `Object`/`String` for those), or when the class comes from a circular file import
 * (`@Inject(forwardRef(() => UsersService))`).
 */
export function Inject(token: InjectionToken | ForwardReference): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) {
      throw parameterDecoratorMisplaced('@Inject()', propertyKey);
    }
    // Copy, never mutate: a subclass's decorators must not leak into its parent's metadata.
    const own = Reflect.getOwnMetadata(INJECT_TOKENS_METADATA, target) as Record<number, unknown> | undefined;
    Reflect.defineMetadata(INJECT_TOKENS_METADATA, { ...own, [index]: token }, target);
  };
}

/** `constructor(@Optional() cache?: Cache)`: `undefined` instead of an error when nothing provides it. */
export function Optional(): ParameterDecorator {
  return (target, propertyKey, index) => {
    if (propertyKey !== undefined) {
      throw parameterDecoratorMisplaced('@Optional()', propertyKey);
    }
    const own = (Reflect.getOwnMetadata(OPTIONAL_PARAMS_METADATA, target) as number[] | undefined) ?? [];
    Reflect.defineMetadata(OPTIONAL_PARAMS_METADATA, [...own, index], target);
  };
}
