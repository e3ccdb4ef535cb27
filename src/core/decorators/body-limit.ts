import { META } from '../metadata/keys';
import type { ClassOrMethodDecorator } from './set-metadata';
import { defineOn } from '../metadata/append';

/**
 * Overrides the body limit (bytes) for a controller or a route. Set on the request before
 * anything reads the body, so a larger upload is refused with 413 just the same.
 */
export function BodyLimit(bytes: number): ClassOrMethodDecorator {
  if (!Number.isSafeInteger(bytes) || bytes < 0) {
    throw new TypeError(`@BodyLimit(${bytes}): the limit is a whole number of bytes, 0 or more`);
  }
  return ((target: object, property?: string | symbol) => {
    defineOn(META.bodyLimit, bytes, target, property);
  }) as ClassOrMethodDecorator;
}
