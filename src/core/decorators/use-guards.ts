import { META } from '../metadata/keys';
import { appendMetadata } from '../metadata/append';
import type { GuardLike } from '../guards/can-activate';
import type { ClassOrMethodDecorator } from './set-metadata';

/** Guards for a controller (every route) or one route; classes are resolved through DI. */
export function UseGuards(...guards: GuardLike[]): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol) => {
    appendMetadata(META.guards, guards, target, property);
  }) as ClassOrMethodDecorator;
}
