import { META } from '../metadata/keys';
import { appendMetadata } from '../metadata/append';
import type { InterceptorLike } from '../interceptors';
import type { ClassOrMethodDecorator } from './set-metadata';

/** Interceptors around a controller's routes or one route; the first given is outermost. */
export function UseInterceptors(...interceptors: InterceptorLike[]): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol) => {
    appendMetadata(META.interceptors, interceptors, target, property);
  }) as ClassOrMethodDecorator;
}
