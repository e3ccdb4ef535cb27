import { defineOn } from '../metadata/append';

export type ClassOrMethodDecorator = ClassDecorator & MethodDecorator;

/**
 * Attaches `value` under `key` to a class or method. Guards read it through
 * `context.getMetadata(key)` (method-level wins), from a map built at bootstrap.
 */
export function SetMetadata<V>(key: string | symbol, value: V): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol) => {
    defineOn(key, value, target, property);
  }) as ClassOrMethodDecorator;
}

/** Several decorators as one (`applyDecorators(UseGuards(A), SetMetadata('roles', ['x']))`). */
export function applyDecorators(
  ...decorators: Array<ClassDecorator | MethodDecorator | PropertyDecorator>
): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol, descriptor?: PropertyDescriptor) => {
    for (const decorator of decorators) {
      if (property === undefined) (decorator as ClassDecorator)(target as Function);
      else (decorator as MethodDecorator)(target, property, descriptor as TypedPropertyDescriptor<unknown>);
    }
  }) as ClassOrMethodDecorator;
}
