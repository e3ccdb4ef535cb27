/**
 * WW_ERR_MISSING_PARAM_TYPES for a class that is already decorated: the cause is a build that
 * emits no decorator metadata (emitDecoratorMetadata off; esbuild, tsx, vitest), not a missing
 * @Injectable(). Regression: it told the user to "Add @Injectable() to TodosController".
 * ts-node emits the metadata, so each spec deletes it, as such a build would leave it.
 */
import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Injectable } from '../../src/core/di/injectable';
import { Module, type ModuleImport } from '../../src/core/di/module';

async function bootstrapError(root: ModuleImport): Promise<BootstrapError> {
  try {
    const app = await createServer(root, { logger: false });
    await app.close();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('createServer should have failed');
}

@Injectable()
class TodosService {}

describe('WW_ERR_MISSING_PARAM_TYPES', () => {
  it('names missing decorator metadata, not @Injectable, for a @Controller class', async () => {
    @Controller('todos')
    class TodosController {
      constructor(readonly todos: TodosService) {}
      @Get() list() { return []; }
    }
    Reflect.deleteMetadata('design:paramtypes', TodosController);
    @Module({ controllers: [TodosController], providers: [TodosService] })
    class AppModule {}

    const error = await bootstrapError(AppModule);
    expect(error.code).to.equal('WW_ERR_MISSING_PARAM_TYPES');
    expect(error.message).not.to.contain('Add @Injectable()');
    expect(error.message).to.contain('TodosController is decorated with @Controller()');
    expect(error.message).to.contain('emitDecoratorMetadata').and.contain('tsx').and.contain('vitest');
  });

  it('names missing decorator metadata for an @Injectable class', async () => {
    @Injectable()
    class Repo {
      constructor(readonly todos: TodosService) {}
    }
    Reflect.deleteMetadata('design:paramtypes', Repo);
    @Module({ providers: [TodosService, Repo] })
    class AppModule {}

    const error = await bootstrapError(AppModule);
    expect(error.message).to.contain('Repo is decorated with @Injectable()').and.contain('decorator metadata');
    expect(error.message).not.to.contain('Add @Injectable()');
  });

  it('still says to add @Injectable() to a class with no decorator', async () => {
    class Plain {
      constructor(readonly todos: TodosService) {}
    }
    @Module({ providers: [TodosService, Plain] })
    class AppModule {}

    expect((await bootstrapError(AppModule)).message).to.contain('Add @Injectable() to Plain');
  });
});
