import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { Controller } from '../../../src/core/decorators/controller';
import { Get, Post } from '../../../src/core/decorators/route';
import { ErrorResponder } from '../../../src/core/exceptions/error-responder';
import { compileControllers } from '../../../src/core/route-compiler';

const silent = { log() {}, warn() {}, error() {}, debug: undefined } as unknown as ConstructorParameters<typeof ErrorResponder>[0];

async function compileError(controller: Function): Promise<BootstrapError> {
  try {
    await compileControllers([{ controller, instance: new (controller as new () => object)() }], {
      globalPrefix: '',
      resolveClass: (cls) => new (cls as new () => object)(),
      errors: new ErrorResponder(silent),
    });
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('compileControllers should have failed');
}

// tsc rejects a method decorator on a field, but transpile-only builds (ts-node's, SWC,
// esbuild) let it through: the route was written on the prototype under a name no method
// has, so it was silently missing (404), like a route on a static method.
describe('a route decorator on a class field', () => {
  it('is refused at bootstrap, naming the field (regression: the route was silently missing)', async () => {
    @Controller('f')
    class FieldRouteCtl {
      @(Get('x') as PropertyDecorator) handler = () => 'arrow';
      @Get('ok') ok() { return 'ok'; }
    }
    const error = await compileError(FieldRouteCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('FieldRouteCtl.handler').and.contain('field');
  });

  it('is refused when the field is inherited from a base controller', async () => {
    class Base {
      @(Post() as PropertyDecorator) create: unknown = undefined;
    }
    @Controller('f')
    class SubFieldRouteCtl extends Base {}
    const error = await compileError(SubFieldRouteCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('SubFieldRouteCtl.create');
  });
});
