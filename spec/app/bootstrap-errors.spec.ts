import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Body, Param, Query } from '../../src/core/decorators/params';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import type { ModuleImport } from '../../src/core/di/module';
import type { PipeTransform } from '../../src/core/pipes/pipe';

async function bootstrapError(root: ModuleImport, options = {}): Promise<BootstrapError> {
  try {
    const app = await createServer(root, { logger: false, ...options });
    await app.close();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('createServer should have failed');
}

function moduleWith(controller: Function, providers: Function[] = []): ModuleImport {
  @Module({ controllers: [controller as new () => object], providers: providers as (new () => object)[] })
  class TestModule {}
  return TestModule;
}

class MissingDependency {}

@Injectable()
class NeedsSomething implements PipeTransform {
  constructor(readonly missing: MissingDependency) {}
  transform(v: unknown) {
    return v;
  }
}

describe('bootstrap errors', () => {
  it('names both routes when two routes match the same paths (WW_ERR_ROUTE_CONFLICT)', async () => {
    @Controller('a')
    class Twice {
      @Get(':id') one() {}
      @Get(':name') two() {}
    }
    const error = await bootstrapError(moduleWith(Twice));
    expect(error.code).to.equal('WW_ERR_ROUTE_CONFLICT');
    expect(error.message).to.contain('Twice.one').and.contain('Twice.two');
  });

  it('refuses a parameter decorator on a method that is not a route (WW_ERR_PARAM_NOT_ROUTE)', async () => {
    @Controller('a')
    class Helper {
      @Get() ok() {}
      helper(@Param('id') id: string) {
        return id;
      }
    }
    const error = await bootstrapError(moduleWith(Helper));
    expect(error.code).to.equal('WW_ERR_PARAM_NOT_ROUTE');
    expect(error.message).to.contain('Helper.helper');
  });

  it('names the pipe, the route and the reason when a pipe class cannot be built', async () => {
    @Controller('a')
    class UsesPipe {
      @Get(':id') one(@Param('id', NeedsSomething) id: string) {
        return id;
      }
    }
    const error = await bootstrapError(moduleWith(UsesPipe));
    expect(error.code).to.equal('WW_ERR_UNRESOLVABLE_ENHANCER');
    expect(error.message).to.contain('NeedsSomething').and.contain("@Param('id', NeedsSomething)").and.contain('UsesPipe.one')
      .and.contain('MissingDependency');
  });

  it('names the guard when a guard class cannot be built', async () => {
    @Injectable()
    class NeedyGuard {
      constructor(readonly missing: MissingDependency) {}
      canActivate() {
        return true;
      }
    }
    @Controller('a')
    @UseGuards(NeedyGuard)
    class Guarded {
      @Get() one() {}
    }
    const error = await bootstrapError(moduleWith(Guarded));
    expect(error.code).to.equal('WW_ERR_UNRESOLVABLE_ENHANCER');
    expect(error.message).to.contain('NeedyGuard').and.contain('a guard on Guarded.one');
  });

  it('refuses a guard without canActivate (WW_ERR_INVALID_ENHANCER)', async () => {
    @Controller('a')
    class BadGuard {
      @Get() @UseGuards({ notAGuard: true } as never) one() {}
    }
    const error = await bootstrapError(moduleWith(BadGuard));
    expect(error.code).to.equal('WW_ERR_INVALID_ENHANCER');
    expect(error.message).to.contain('BadGuard.one').and.contain('canActivate()');
  });

  it('refuses @Body(x) when x is neither a schema nor a pipe (WW_ERR_INVALID_PIPE)', async () => {
    @Controller('a')
    class NotSchema {
      @Get() one(@Body({ name: 'string' } as never) body: unknown) {
        return body;
      }
    }
    const error = await bootstrapError(moduleWith(NotSchema));
    expect(error.code).to.equal('WW_ERR_INVALID_PIPE');
    expect(error.message).to.contain('NotSchema.one').and.contain('Standard Schema');
  });

  it('refuses an undecorated parameter of a type it cannot inject (WW_ERR_UNDECORATED_PARAM)', async () => {
    @Controller('a')
    class Undecorated {
      @Get() one(@Query('q') q: string, id: string) {
        return q + id;
      }
    }
    const error = await bootstrapError(moduleWith(Undecorated));
    expect(error.code).to.equal('WW_ERR_UNDECORATED_PARAM');
    expect(error.message).to.contain('parameter #1 of Undecorated.one').and.contain('String');
  });

  it('hints at emitDecoratorMetadata when a route method has no design:paramtypes', async () => {
    @Controller('a')
    class NoTypes {
      one(id: string) {
        return id;
      }
    }
    // What a compiler without emitDecoratorMetadata leaves: the route, but no paramtypes.
    Get(':id')(NoTypes.prototype, 'one', Object.getOwnPropertyDescriptor(NoTypes.prototype, 'one')!);
    const error = await bootstrapError(moduleWith(NoTypes));
    expect(error.code).to.equal('WW_ERR_MISSING_ROUTE_PARAM_TYPES');
    expect(error.message).to.contain('NoTypes.one').and.contain('emitDecoratorMetadata');
  });

  it('refuses a controller class without @Controller (WW_ERR_NOT_A_CONTROLLER)', async () => {
    class Plain {
      @Get() one() {}
    }
    const error = await bootstrapError(moduleWith(Plain));
    expect(error.code).to.equal('WW_ERR_NOT_A_CONTROLLER');
    expect(error.message).to.contain("@Controller('plain')");
  });

  it('refuses a negative requestTimeoutMs (WW_ERR_INVALID_OPTION)', async () => {
    @Controller('a')
    class Fine {
      @Get() one() {}
    }
    const error = await bootstrapError(moduleWith(Fine), { requestTimeoutMs: -5 });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
  });
});
