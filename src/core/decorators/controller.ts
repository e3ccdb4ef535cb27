import { META } from '../metadata/keys';

/**
 * Marks a class as a controller; its route methods are served under `prefix`.
 * `@Controller()` and `@Controller('')` both mean the root.
 */
export function Controller(prefix = ''): ClassDecorator {
  return (target) => {
    Reflect.defineMetadata(META.controller, prefix, target);
  };
}
