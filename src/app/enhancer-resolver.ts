import { BootstrapError } from '../core/bootstrap-error';
import type { Container } from '../core/di/container';
import type { ModuleRef } from '../core/di/module-ref';
import { FRAMEWORK_ERROR } from '../core/framework-errors';

/**
 * Builds guard, pipe, interceptor and filter classes named in decorators: through the
 * container, in the scope of the module that declares the controller, so they get
 * constructor injection; once per module and class (the container caches them).
 */
export class EnhancerResolver {
  constructor(private readonly container: Container) {}

  resolve(cls: Function, module: ModuleRef, site: string): Promise<object> {
    return this.container.instantiate(module, cls as new (...args: unknown[]) => object).then(undefined, (error: unknown) => {
      const reason = error instanceof Error ? error.message : String(error);
      throw new BootstrapError(
        FRAMEWORK_ERROR.UNRESOLVABLE_ENHANCER,
        `${cls.name || 'an anonymous class'} (${site}) could not be built. Make it @Injectable() and provide what its constructor needs in ${module.name}, or pass an instance instead. Reason: ${reason}`,
      );
    });
  }
}
