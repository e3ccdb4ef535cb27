import { META } from '../metadata/keys';
import type { ExceptionFilterLike } from '../exceptions/exception-filter';
import type { ClassOrMethodDecorator } from './set-metadata';
import { appendMetadata } from '../metadata/append';

/**
 * Exception filters for a controller or a route. The method's filters are tried before the
 * class's, and those before the global ones; the first whose @Catch matches handles the error.
 */
export function UseFilters(...filters: ExceptionFilterLike[]): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol) => {
    appendMetadata(META.filters, filters, target, property);
  }) as ClassOrMethodDecorator;
}

/** Declares which exception types a filter class handles; none given = every exception. */
export function Catch(...types: Function[]): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(META.catch, types, target);
  };
}
