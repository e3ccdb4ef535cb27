import { expect } from 'chai';
import { Injectable } from '../../../src/core/di/injectable';
import { DynamicModule, Module } from '../../../src/core/di/module';
import { boot, bootError } from './helpers';

/**
 * @Module() refuses an unknown key when the file loads, but a dynamic module is a plain object
 * built at run time: `{ module, provders: [...] }` or `export: [...]` was silently ignored and
 * surfaced later as a missing provider that said nothing of the typo. A list that is not an
 * array crashed the scan with a raw "is not iterable" naming no module.
 */
describe('DI: the shape of module lists and dynamic modules', () => {
  @Module({}) class ConfigModule {}

  it('refuses an unknown key in a dynamic module, naming it, the module and the import site', async () => {
    const dynamic = { module: ConfigModule, provders: [{ provide: 'CONFIG', useValue: 1 }] } as unknown as DynamicModule;
    @Module({ imports: [dynamic] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
    expect(error.message).to.contain("AppModule's imports[0]").and.contain('ConfigModule').and.contain("'provders'");
    expect(error.message).to.contain('did you mean providers?');
  });

  it('suggests the key meant for a misspelt @Module() key', () => {
    expect(() => Module({ exprts: [] } as never)).to.throw(/unknown property 'exprts'.*did you mean exports\?/);
  });

  it('refuses an unknown key in a dynamic module given as the root', async () => {
    const error = await bootError({ module: ConfigModule, export: ['CONFIG'] } as unknown as DynamicModule);
    expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
    expect(error.message).to.contain("'export'");
  });

  it('names a dynamic module whose module is undefined as a circular file import', async () => {
    @Module({ imports: [{ module: undefined } as unknown as DynamicModule] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_IMPORT');
    expect(error.message).to.contain("AppModule's imports[0]").and.contain('module is undefined').and.contain('circular file import');
  });

  it('refuses a providers list that is not an array, naming the module (regression: a raw TypeError)', async () => {
    @Injectable() class Clock {}
    @Module({ providers: Clock as never }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
    expect(error.message).to.contain("AppModule's providers is the class Clock, not an array").and.contain('providers: [Clock]');
  });

  it('refuses an exports list given as a string instead of reading it letter by letter', async () => {
    @Module({ providers: [{ provide: 'CONFIG', useValue: 1 }], exports: 'CONFIG' as never }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
    expect(error.message).to.contain("AppModule's exports is 'CONFIG', not an array");
  });

  it('refuses a dynamic module\'s imports that is not an array, naming the dynamic module', async () => {
    @Module({}) class Other {}
    @Module({ imports: [{ module: ConfigModule, imports: Other } as unknown as DynamicModule] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
    expect(error.message).to.contain("ConfigModule's imports (dynamic module) is the class Other, not an array");
  });

  it('still accepts a dynamic module with every known key, and lists left out', async () => {
    const dynamic: DynamicModule = {
      module: ConfigModule, global: true, imports: [], controllers: [], providers: [{ provide: 'CONFIG', useValue: 7 }], exports: ['CONFIG'],
    };
    @Module({ imports: [dynamic] }) class AppModule {}
    expect((await boot(AppModule)).get('CONFIG')).to.equal(7);
  });
});

describe('DI: a module class listed in providers', () => {
  it('is refused with a hint to import it (regression: its controllers were silently never mounted)', async () => {
    @Module({}) class UsersModule {}
    @Module({ providers: [UsersModule] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
    expect(error.message).to.contain("AppModule's providers[0] is the class UsersModule").and.contain('move it to imports');
  });

  it('is refused as a useClass too', async () => {
    @Module({}) class UsersModule {}
    @Module({ providers: [{ provide: 'USERS', useClass: UsersModule }] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
    expect(error.message).to.contain('module');
  });
});

describe('DI: a controller listed in the controllers of two modules', () => {
  // Any class decorator records metadata, as @Controller() does; the scanner needs none.
  it('is refused naming both modules (regression: a route conflict naming the same method twice)', async () => {
    class UsersController {}
    @Module({ controllers: [UsersController] }) class UsersModule {}
    @Module({ controllers: [UsersController] }) class AdminModule {}
    @Module({ imports: [UsersModule, AdminModule] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_CONTROLLER');
    expect(error.message).to.contain('UsersController is in the controllers of both UsersModule and AdminModule');
  });

  it('says when the two are instances of one dynamic module imported twice', async () => {
    class UsersController {}
    @Module({}) class FeatureModule {
      static forRoot(): DynamicModule { return { module: FeatureModule, controllers: [UsersController] }; }
    }
    @Module({ imports: [FeatureModule.forRoot(), FeatureModule.forRoot()] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_CONTROLLER');
    expect(error.message).to.contain('FeatureModule is imported twice');
  });

  it('still accepts a controller listed twice in one module, once', async () => {
    class UsersController {}
    @Module({ controllers: [UsersController, UsersController] }) class AppModule {}
    expect((await boot(AppModule)).controllers).to.have.length(1);
  });
});
