import { expect } from 'chai';
import { Container } from '../../../src/core/di/container';
import { forwardRef } from '../../../src/core/di/forward-ref';
import { Inject } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { DynamicModule, Global, Module } from '../../../src/core/di/module';
import { boot, bootError, thrown } from './helpers';

describe('DI modules', () => {
  it('lets a module inject what an imported module exports', async () => {
    @Injectable() class Db {}
    @Module({ providers: [Db], exports: [Db] }) class DbModule {}
    @Injectable() class Users { constructor(readonly db: Db) {} }
    @Module({ imports: [DbModule], providers: [Users] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Users).db).to.equal(container.get(Db));
  });

  it('refuses to inject a provider the imported module does not export, naming both modules', async () => {
    @Injectable() class Secret {}
    @Module({ providers: [Secret] }) class VaultModule {}
    @Injectable() class Users { constructor(readonly secret: Secret) {} }
    @Module({ imports: [VaultModule], providers: [Users] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
    expect(error.message).to.contain('Users → ?');
    expect(error.message).to.contain("Is it in AppModule's providers");
    expect(error.message).to.contain("AppModule imports VaultModule, but VaultModule does not export Secret: add it to VaultModule's exports");
  });

  it('does not let a module see what its imports import (no transitive visibility)', async () => {
    @Injectable() class Deep {}
    @Module({ providers: [Deep], exports: [Deep] }) class DeepModule {}
    @Module({ imports: [DeepModule] }) class MiddleModule {}
    @Injectable() class Top { constructor(readonly deep: Deep) {} }
    @Module({ imports: [MiddleModule], providers: [Top] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
    expect(error.message).to.contain("DeepModule exports Deep: add DeepModule to AppModule's imports.");
  });

  it('re-exports everything an exported imported module exports', async () => {
    @Injectable() class Deep {}
    @Module({ providers: [Deep], exports: [Deep] }) class DeepModule {}
    @Module({ imports: [DeepModule], exports: [DeepModule] }) class MiddleModule {}
    @Injectable() class Top { constructor(readonly deep: Deep) {} }
    @Module({ imports: [MiddleModule], providers: [Top] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Top).deep).to.equal(container.get(Deep));
  });

  it('re-exports through two levels of exported modules', async () => {
    @Injectable() class Deep {}
    @Module({ providers: [Deep], exports: [Deep] }) class DeepModule {}
    @Module({ imports: [DeepModule], exports: [DeepModule] }) class Middle1 {}
    @Module({ imports: [Middle1], exports: [Middle1] }) class Middle2 {}
    @Injectable() class Top { constructor(readonly deep: Deep) {} }
    @Module({ imports: [Middle2], providers: [Top] }) class AppModule {}
    expect((await boot(AppModule)).get(Top).deep).to.be.instanceOf(Deep);
  });

  it('re-exports a single token an imported module exports', async () => {
    @Injectable() class Deep {}
    @Module({ providers: [Deep], exports: [Deep] }) class DeepModule {}
    @Module({ imports: [DeepModule], exports: [Deep] }) class MiddleModule {}
    @Injectable() class Top { constructor(readonly deep: Deep) {} }
    @Module({ imports: [MiddleModule], providers: [Top] }) class AppModule {}
    expect((await boot(AppModule)).get(Top).deep).to.be.instanceOf(Deep);
  });

  it('builds a provider once even when two modules import the module that provides it', async () => {
    let built = 0;
    @Injectable() class Db { constructor() { built++; } }
    @Module({ providers: [Db], exports: [Db] }) class DbModule {}
    @Injectable() class A { constructor(readonly db: Db) {} }
    @Module({ imports: [DbModule], providers: [A], exports: [A] }) class AModule {}
    @Injectable() class B { constructor(readonly db: Db) {} }
    @Module({ imports: [DbModule], providers: [B], exports: [B] }) class BModule {}
    @Module({ imports: [AModule, BModule] }) class AppModule {}
    const container = await boot(AppModule);
    expect(built).to.equal(1);
    expect(container.get(A).db).to.equal(container.get(B).db);
  });

  it('resolves an exported provider\'s own dependencies in its own module, not in the importer', async () => {
    @Injectable() class Hidden {}
    @Injectable() class Api { constructor(readonly hidden: Hidden) {} }
    @Module({ providers: [Hidden, Api], exports: [Api] }) class LibModule {}
    @Injectable() class Consumer { constructor(readonly api: Api) {} }
    @Module({ imports: [LibModule], providers: [Consumer] }) class AppModule {}
    expect((await boot(AppModule)).get(Consumer).api.hidden).to.be.instanceOf(Hidden);
  });

  it('prefers a module\'s own provider over one an import exports under the same token', async () => {
    @Module({ providers: [{ provide: 'NAME', useValue: 'lib' }], exports: ['NAME'] }) class LibModule {}
    @Injectable() class Reader { constructor(@Inject('NAME') readonly name: string) {} }
    @Module({ imports: [LibModule], providers: [{ provide: 'NAME', useValue: 'own' }, Reader] }) class AppModule {}
    expect((await boot(AppModule)).get(Reader).name).to.equal('own');
  });

  it('makes the exports of a @Global() module visible in modules that do not import it', async () => {
    @Injectable() class Config {}
    @Global() @Module({ providers: [Config], exports: [Config] }) class ConfigModule {}
    @Injectable() class Users { constructor(readonly config: Config) {} }
    @Module({ providers: [Users] }) class UsersModule {}
    @Module({ imports: [ConfigModule, UsersModule] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Users).config).to.equal(container.get(Config));
  });

  it('keeps the unexported providers of a @Global() module private', async () => {
    @Injectable() class Internal {}
    @Global() @Module({ providers: [Internal] }) class ConfigModule {}
    @Injectable() class Users { constructor(readonly internal: Internal) {} }
    @Module({ providers: [Users] }) class UsersModule {}
    @Module({ imports: [ConfigModule, UsersModule] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
    expect(error.message).to.contain('Users → ?');
    expect(error.message).to.contain("ConfigModule is global but does not export Internal: add it to ConfigModule's exports.");
  });

  it('adds a dynamic module\'s providers, imports and exports to its class\'s @Module()', async () => {
    const OPTIONS = Symbol('RATE_OPTIONS');
    @Injectable() class Limiter { constructor(@Inject(OPTIONS) readonly options: { limit: number }) {} }
    @Module({ providers: [Limiter], exports: [Limiter] })
    class RateLimitModule {
      static forRoot(options: { limit: number }): DynamicModule {
        return { module: RateLimitModule, providers: [{ provide: OPTIONS, useValue: options }], exports: [OPTIONS] };
      }
    }
    @Injectable() class Api { constructor(readonly limiter: Limiter, @Inject(OPTIONS) readonly options: object) {} }
    @Module({ imports: [RateLimitModule.forRoot({ limit: 5 })], providers: [Api] }) class AppModule {}
    const api = (await boot(AppModule)).get(Api);
    expect(api.limiter.options).to.deep.equal({ limit: 5 });
    expect(api.options).to.equal(api.limiter.options);
  });

  it('makes two forRoot() imports of one module class two independent modules', async () => {
    const NAME = 'NAME';
    @Module({})
    class NamedModule {
      static forRoot(name: string): DynamicModule {
        return { module: NamedModule, providers: [{ provide: NAME, useValue: name }], exports: [NAME] };
      }
    }
    @Injectable() class A { constructor(@Inject(NAME) readonly name: string) {} }
    @Module({ imports: [NamedModule.forRoot('a')], providers: [A], exports: [A] }) class AModule {}
    @Injectable() class B { constructor(@Inject(NAME) readonly name: string) {} }
    @Module({ imports: [NamedModule.forRoot('b')], providers: [B], exports: [B] }) class BModule {}
    @Module({ imports: [AModule, BModule] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(A).name).to.equal('a');
    expect(container.get(B).name).to.equal('b');
  });

  it('makes a dynamic module with global: true visible everywhere', async () => {
    @Module({})
    class ConfigModule {
      static forRoot(value: string): DynamicModule {
        return { module: ConfigModule, global: true, providers: [{ provide: 'CFG', useValue: value }], exports: ['CFG'] };
      }
    }
    @Injectable() class Users { constructor(@Inject('CFG') readonly cfg: string) {} }
    @Module({ providers: [Users] }) class UsersModule {}
    @Module({ imports: [ConfigModule.forRoot('on'), UsersModule] }) class AppModule {}
    expect((await boot(AppModule)).get(Users).cfg).to.equal('on');
  });

  it('awaits a Promise of a dynamic module in imports (forRootAsync)', async () => {
    @Module({})
    class AsyncModule {
      static async forRootAsync(): Promise<DynamicModule> {
        await new Promise((r) => setImmediate(r));
        return { module: AsyncModule, providers: [{ provide: 'LOADED', useValue: true }], exports: ['LOADED'] };
      }
    }
    @Module({ imports: [AsyncModule.forRootAsync()] }) class AppModule {}
    expect((await boot(AppModule)).get('LOADED')).to.equal(true);
  });

  it('follows forwardRef(() => Module) in imports, including a cycle of modules', async () => {
    @Injectable() class A {}
    @Injectable() class B { constructor(readonly a: A) {} }
    // AModule refers to BModule before BModule is defined, as with two files importing each other.
    @Module({ imports: [forwardRef(() => BModule)], providers: [A], exports: [A] }) class AModule {}
    @Module({ imports: [AModule], providers: [B], exports: [B] }) class BModule {}
    @Module({ imports: [AModule] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(B).a).to.equal(container.get(A));
  });

  it('follows @Inject(forwardRef(() => Class)) for a class defined later', async () => {
    @Injectable() class Early { constructor(@Inject(forwardRef(() => Late)) readonly late: unknown) {} }
    @Injectable() class Late {}
    @Module({ providers: [Early, Late] }) class AppModule {}
    expect((await boot(AppModule)).get(Early).late).to.be.instanceOf(Late);
  });

  it('builds independent singletons in two containers made from the same module classes', async () => {
    @Injectable() class Counter { value = 0; }
    @Module({ providers: [Counter], exports: [Counter] }) class CounterModule {}
    @Module({ imports: [CounterModule] }) class AppModule {}
    const first = await boot(AppModule);
    const second = await boot(AppModule);
    first.get(Counter).value = 7;
    expect(second.get(Counter)).to.not.equal(first.get(Counter));
    expect(second.get(Counter).value).to.equal(0);
  });

  it('lists the modules with imported modules before the modules importing them', async () => {
    @Module({}) class Leaf {}
    @Module({ imports: [Leaf] }) class Middle {}
    @Module({ imports: [Middle, Leaf] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.modules.map((m) => m.name)).to.deep.equal(['Leaf', 'Middle', 'AppModule']);
    expect(container.root.name).to.equal('AppModule');
  });
});

describe('DI controllers and lookups', () => {
  it('builds each controller with its module\'s providers and lists it with its module', async () => {
    @Injectable() class Users {}
    @Module({ providers: [Users], exports: [Users] }) class UsersModule {}
    // Any class decorator makes TypeScript record the parameter types, as @Controller() will.
    const Controller = (): ClassDecorator => () => undefined;
    @Controller() class UsersController { constructor(readonly users: Users) {} }
    @Module({ imports: [UsersModule], controllers: [UsersController] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.controllers).to.have.length(1);
    const [ref] = container.controllers;
    expect(ref.type).to.equal(UsersController);
    expect(ref.module).to.equal(container.root);
    expect((ref.instance as UsersController).users).to.equal(container.get(Users));
    expect(container.instantiateController(ref.module, UsersController)).to.equal(ref.instance);
  });

  it('builds a non-provider class in a module\'s scope once with instantiate()', async () => {
    @Injectable() class Store {}
    @Injectable() class Guard { constructor(readonly store: Store) {} }
    @Module({ providers: [Store] }) class AppModule {}
    const container = await boot(AppModule);
    const first = await container.instantiate(container.root, Guard);
    expect(first.store).to.equal(container.get(Store));
    expect(await container.instantiate(container.root, Guard)).to.equal(first);
  });

  it('gives the provider\'s singleton when instantiate() is asked for a provided class', async () => {
    @Injectable() class Store {}
    @Module({ providers: [Store] }) class AppModule {}
    const container = await boot(AppModule);
    expect(await container.instantiate(container.root, Store)).to.equal(container.get(Store));
  });

  it('finds with get() a provider deep in a module nobody exports it from', async () => {
    @Injectable() class Deep {}
    @Module({ providers: [Deep] }) class DeepModule {}
    @Module({ imports: [DeepModule] }) class AppModule {}
    expect((await boot(AppModule)).get(Deep)).to.be.instanceOf(Deep);
  });

  it('throws WW_ERR_UNKNOWN_PROVIDER from get() for a token nothing provides, naming it', async () => {
    @Module({}) class AppModule {}
    const container = await boot(AppModule);
    const error = thrown(() => container.get('NOPE'));
    expect(error.code).to.equal('WW_ERR_UNKNOWN_PROVIDER');
    expect(error.message).to.contain("No provider for 'NOPE' in the application");
  });

  it('throws WW_ERR_CONTAINER_NOT_READY from get() before init()', () => {
    @Module({}) class AppModule {}
    const error = thrown(() => new Container(AppModule).get('X'));
    expect(error.code).to.equal('WW_ERR_CONTAINER_NOT_READY');
    expect(error.message).to.contain('await container.init() first');
  });

  it('keeps ModuleRef.get() to what that module can see', async () => {
    @Injectable() class Hidden {}
    @Module({ providers: [Hidden] }) class HiddenModule {}
    @Module({ imports: [HiddenModule] }) class AppModule {}
    const container = await boot(AppModule);
    const error = thrown(() => container.root.get(Hidden));
    expect(error.code).to.equal('WW_ERR_UNKNOWN_PROVIDER');
    expect(error.message).to.contain('No provider for Hidden in AppModule');
  });
});
