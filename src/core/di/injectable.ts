import { INJECTABLE_METADATA } from './metadata-keys';

/**
 * Marks a class as built by the container. Its real job is to make TypeScript emit
 * `design:paramtypes` (it does so only for decorated classes), which is how the container
 * knows what to pass to the constructor. Every provider is a singleton per module that lists it.
 */
export function Injectable(): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(INJECTABLE_METADATA, true, target);
  };
}

export function isInjectable(target: Function): boolean {
  return Reflect.getMetadata(INJECTABLE_METADATA, target) === true;
}
