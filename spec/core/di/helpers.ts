import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { Container } from '../../../src/core/di/container';
import { ModuleImport } from '../../../src/core/di/module';

/** A container built and initialised from `root`. */
export async function boot(root: ModuleImport): Promise<Container> {
  return new Container(root).init();
}

/** The BootstrapError that initialising a container from `root` rejects with. */
export async function bootError(root: ModuleImport): Promise<BootstrapError> {
  try {
    await new Container(root).init();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('expected init() to reject, but it resolved');
}

/** The BootstrapError that `fn` throws. */
export function thrown(fn: () => unknown): BootstrapError {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('expected a BootstrapError, but nothing was thrown');
}
