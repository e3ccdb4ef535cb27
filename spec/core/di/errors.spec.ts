import { expect } from 'chai';
import { Container } from '../../../src/core/di/container';
import { forwardRef } from '../../../src/core/di/forward-ref';
import { Inject, Optional } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { DynamicModule, Global, Module } from '../../../src/core/di/module';
import { bootError, thrown } from './helpers';

// Any class decorator makes TypeScript record constructor parameter types, as @Controller() will.
const Controller = (): ClassDecorator => () => undefined;

describe('DI errors', () => {
  describe('WW_ERR_MISSING_PROVIDER', () => {
    it('names the whole path, the parameter index and type, and the module to look in', async () => {
      @Injectable() class Foo {}
      @Injectable() class Db {}
      @Injectable() class UsersService { constructor(readonly db: Db, readonly foo: Foo) {} }
      @Controller() class UsersController { constructor(readonly users: UsersService) {} }
      @Module({ controllers: [UsersController], providers: [UsersService, Db] }) class UsersModule {}
      const error = await bootError(UsersModule);
      expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
      expect(error.message).to.equal(
        "WW_ERR_MISSING_PROVIDER: Cannot resolve UsersController → UsersService → ? (the parameter at index 1 of UsersService's constructor, type Foo). " +
          "Is it in UsersModule's providers, or exported by a module UsersModule imports?",
      );
    });

    it('names the token when the parameter was given one with @Inject()', async () => {
      @Injectable() class Mailer { constructor(@Inject('SMTP_URL') readonly url: string) {} }
      @Module({ providers: [Mailer] }) class MailModule {}
      const error = await bootError(MailModule);
      expect(error.message).to.contain("Cannot resolve Mailer → ? (the parameter at index 0 of Mailer's constructor, token 'SMTP_URL')");
      expect(error.message).to.contain("Is it in MailModule's providers");
    });

    it('names a symbol token by its description', async () => {
      const CACHE = Symbol('CACHE');
      @Injectable() class Users { constructor(@Inject(CACHE) readonly cache: unknown) {} }
      @Module({ providers: [Users] }) class AppModule {}
      expect((await bootError(AppModule)).message).to.contain('token Symbol(CACHE)');
    });

    it('names the factory and its inject index for a factory dependency', async () => {
      @Module({ providers: [{ provide: 'DSN', useFactory: (url: string) => url, inject: ['DB_URL'] }] }) class DbModule {}
      const error = await bootError(DbModule);
      expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
      expect(error.message).to.contain("Cannot resolve 'DSN' → ? (inject[0] of the factory of 'DSN', token 'DB_URL')");
    });

    it('names the alias for a useExisting target nothing provides', async () => {
      @Module({ providers: [{ provide: 'CACHE', useExisting: 'REDIS' }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.contain("Cannot resolve 'CACHE' → ? (the target of the useExisting alias 'CACHE', token 'REDIS')");
    });

    it('says which module provides the token and how to export and import it', async () => {
      @Injectable() class Db {}
      @Module({ providers: [Db] }) class DbModule {}
      @Injectable() class Users { constructor(readonly db: Db) {} }
      @Module({ providers: [Users] }) class UsersModule {}
      @Module({ imports: [DbModule, UsersModule] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.contain("DbModule provides Db but does not export it: add it to DbModule's exports and DbModule to UsersModule's imports.");
    });

    it('suggests moving the provider, not a cyclic import, when the module that has it imports the consumer\'s module (regression)', async () => {
      @Injectable() class Db {}
      @Injectable() class Users { constructor(readonly db: Db) {} }
      @Module({ providers: [Users] }) class UsersModule {}
      @Module({ imports: [UsersModule], providers: [Db] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.contain(
        "AppModule provides Db, but AppModule imports UsersModule, so UsersModule cannot import it back (a module cycle): " +
          "move Db into UsersModule's providers, or into a new module that exports it and that UsersModule imports.",
      );
      expect(error.message).not.to.contain("AppModule to UsersModule's imports");
    });

    it('only asks a @Global() module to export the token, not to be imported (regression)', async () => {
      @Injectable() class Db {}
      @Global() @Module({ providers: [Db] }) class DbModule {}
      @Injectable() class Users { constructor(readonly db: Db) {} }
      @Module({ providers: [Users] }) class UsersModule {}
      @Module({ imports: [UsersModule, DbModule] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.contain("DbModule is global but does not export Db: add it to DbModule's exports.");
    });
  });

  describe('WW_ERR_MISSING_PROVIDER for a controller class', () => {
    it('says a controller cannot be injected and what to do instead (regression: no hint at all)', async () => {
      @Controller() class UsersController {}
      @Injectable() class Audit { constructor(readonly users: UsersController) {} }
      @Module({ controllers: [UsersController], providers: [Audit] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_MISSING_PROVIDER');
      expect(error.message).to.contain('UsersController is a controller of AppModule').and.contain('Move what Audit needs into a provider');
    });
  });

  describe('WW_ERR_DEPENDENCY_CYCLE', () => {
    it('names the loop A → B → C → A', async () => {
      @Injectable() class A { constructor(@Inject('B') readonly b: unknown) {} }
      @Injectable() class B { constructor(@Inject('C') readonly c: unknown) {} }
      @Injectable() class C { constructor(@Inject('A') readonly a: unknown) {} }
      @Module({
        providers: [{ provide: 'A', useClass: A }, { provide: 'B', useClass: B }, { provide: 'C', useClass: C }],
      })
      class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
      expect(error.message).to.contain("WW_ERR_DEPENDENCY_CYCLE: 'A' → 'B' → 'C' → 'A'.");
      expect(error.message).to.contain('Break the loop');
    });

    it('names only the loop, not the path that led into it', async () => {
      @Injectable() class Start { constructor(@Inject('X') readonly x: unknown) {} }
      @Module({
        providers: [
          Start,
          { provide: 'X', useFactory: (y: unknown) => y, inject: ['Y'] },
          { provide: 'Y', useFactory: (x: unknown) => x, inject: ['X'] },
        ],
      })
      class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.match(/^WW_ERR_DEPENDENCY_CYCLE: 'X' → 'Y' → 'X'\./);
    });

    it('reports a class that needs itself', async () => {
      @Injectable() class Selfish { constructor(@Inject('SELF') readonly self: unknown) {} }
      @Module({ providers: [{ provide: 'SELF', useClass: Selfish }] }) class AppModule {}
      expect((await bootError(AppModule)).message).to.contain("'SELF' → 'SELF'");
    });

    it('reports two aliases pointing at each other', async () => {
      @Module({ providers: [{ provide: 'P', useExisting: 'Q' }, { provide: 'Q', useExisting: 'P' }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_DEPENDENCY_CYCLE');
      expect(error.message).to.contain("'P' → 'Q' → 'P'");
    });

    it('says to write forwardRef() on both sides, naming each constructor parameter without it', async () => {
      @Injectable() class Orders { constructor(@Inject('USERS') readonly users: unknown) {} }
      @Injectable() class Users { constructor(readonly orders: Orders) {} }
      @Module({ providers: [Orders, { provide: 'USERS', useClass: Users }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.message).to.contain("Orders → 'USERS' → Orders.");
      expect(error.message).to.contain('on both sides');
      expect(error.message).to.contain("the parameter at index 0 of Orders's constructor, token 'USERS'");
      expect(error.message).to.contain("the parameter at index 0 of Users's constructor, type Orders");
    });
  });

  describe('unusable constructor parameters', () => {
    it('reports WW_ERR_MISSING_PARAM_TYPES for an undecorated class with parameters, hinting at @Injectable and emitDecoratorMetadata', async () => {
      class Db {}
      class Repo { constructor(readonly db: Db) {} }
      @Module({ providers: [Db, Repo] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_MISSING_PARAM_TYPES');
      expect(error.message).to.contain("Cannot resolve Repo: Repo's constructor takes 1 parameter(s)");
      expect(error.message).to.contain('Add @Injectable() to Repo');
      expect(error.message).to.contain('emitDecoratorMetadata');
      expect(error.message).to.contain('@Inject(TOKEN)');
    });

    it('reports WW_ERR_UNKNOWN_PARAM_TYPE for an interface-typed parameter, hinting at import type and @Inject', async () => {
      interface Clock { now(): number }
      @Injectable() class Timer { constructor(readonly clock: Clock) {} }
      @Controller() class TimeController { constructor(readonly timer: Timer) {} }
      @Module({ controllers: [TimeController], providers: [Timer] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain("Cannot resolve TimeController → Timer → ? (the parameter at index 0 of Timer's constructor)");
      expect(error.message).to.contain('recorded its type as Object');
      expect(error.message).to.contain('`import type`');
      expect(error.message).to.contain('@Inject(TOKEN)');
    });

    it('reports a parameter type recorded as undefined as a circular file import, hinting at forwardRef', async () => {
      class Later {}
      class Early { constructor(readonly later: Later) {} }
      // What TypeScript records when Later's file had not finished loading when Early was decorated.
      Reflect.defineMetadata('design:paramtypes', [undefined], Early);
      @Module({ providers: [Early, Later] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain('circular file import');
      expect(error.message).to.contain('@Inject(forwardRef(() => TheClass))');
    });

    it('reports a class from an `import type` as an erased import (regression: real file)', async () => {
      const { Repo } = await import('./fixtures/type-only-import');
      const { Db } = await import('./fixtures/db');
      @Module({ providers: [Db, Repo] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain("Cannot resolve Repo → ? (the parameter at index 0 of Repo's constructor)");
      expect(error.message).to.contain('`import type`');
    });

    it('reports a class from a circular file import, hinting at forwardRef (regression: real files)', async () => {
      const { A } = await import('./fixtures/circular-a');
      const { B } = await import('./fixtures/circular-b');
      @Module({ providers: [A, B] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain("Cannot resolve B → ? (the parameter at index 0 of B's constructor)");
      expect(error.message).to.contain('circular file import');
      expect(error.message).to.contain('forwardRef(() => ');
    });

    it('reports a primitive-typed parameter, hinting at a token', async () => {
      @Injectable() class Greeter { constructor(readonly greeting: string) {} }
      @Module({ providers: [Greeter] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain('recorded its type as String');
      expect(error.message).to.contain("@Inject('TOKEN')");
    });

    it('reports @Inject(undefined) as a circular file import', async () => {
      const Missing = undefined as unknown as Function;
      @Injectable() class Holder { constructor(@Inject(Missing) readonly x: unknown) {} }
      @Module({ providers: [Holder] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
      expect(error.message).to.contain('circular file import');
    });
  });

  describe('WW_ERR_PROVIDER_FAILED', () => {
    it('wraps a factory that throws with the provider\'s token, its module and the cause', async () => {
      const cause = new Error('bad config');
      @Module({ providers: [{ provide: 'CONFIG', useFactory: () => { throw cause; } }] }) class ConfigModule {}
      const error = await bootError(ConfigModule);
      expect(error.code).to.equal('WW_ERR_PROVIDER_FAILED');
      expect(error.message).to.contain("The factory of 'CONFIG' (in ConfigModule) threw while resolving 'CONFIG': bad config");
      expect(error.cause).to.equal(cause);
    });

    it('wraps a factory that rejects, with the path that needed it', async () => {
      @Injectable() class Repo { constructor(@Inject('CONN') readonly conn: unknown) {} }
      @Module({ providers: [Repo, { provide: 'CONN', useFactory: async () => Promise.reject(new Error('ECONNREFUSED')) }] })
      class DbModule {}
      const error = await bootError(DbModule);
      expect(error.code).to.equal('WW_ERR_PROVIDER_FAILED');
      expect(error.message).to.contain("The factory of 'CONN' (in DbModule) rejected while resolving Repo → 'CONN': ECONNREFUSED");
    });

    it('wraps a constructor that throws, naming the class', async () => {
      @Injectable() class Fragile { constructor() { throw new Error('boom'); } }
      @Module({ providers: [Fragile] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_PROVIDER_FAILED');
      expect(error.message).to.contain("Fragile's constructor (in AppModule) threw while resolving Fragile: boom");
    });
  });

  describe('module shape', () => {
    it('reports WW_ERR_INVALID_EXPORT for a token the module neither provides nor imports', async () => {
      @Injectable() class Ghost {}
      @Module({ exports: [Ghost] }) class LibModule {}
      const error = await bootError(LibModule);
      expect(error.code).to.equal('WW_ERR_INVALID_EXPORT');
      expect(error.message).to.contain('LibModule exports Ghost, but neither provides it nor imports a module that exports it');
    });

    it('reports WW_ERR_INVALID_EXPORT for a module exported without being imported', async () => {
      @Module({}) class OtherModule {}
      @Module({ exports: [OtherModule] }) class LibModule {}
      const error = await bootError(LibModule);
      expect(error.code).to.equal('WW_ERR_INVALID_EXPORT');
      expect(error.message).to.contain("LibModule exports the module OtherModule but does not import it. Add OtherModule to LibModule's imports");
    });

    it('reports WW_ERR_INVALID_EXPORT for an undefined export, pointing at circular file imports', async () => {
      @Module({ exports: [undefined as unknown as string] }) class LibModule {}
      const error = await bootError(LibModule);
      expect(error.code).to.equal('WW_ERR_INVALID_EXPORT');
      expect(error.message).to.contain("LibModule's exports[0] is undefined");
      expect(error.message).to.contain('circular file import');
    });

    it('reports WW_ERR_INVALID_IMPORT for an undefined import, hinting at forwardRef', async () => {
      @Module({}) class Fine {}
      @Module({ imports: [Fine, undefined as never] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_IMPORT');
      expect(error.message).to.contain("AppModule's imports[1] is undefined");
      expect(error.message).to.contain('forwardRef(() => OtherModule)');
    });

    it('reports WW_ERR_INVALID_IMPORT for a provider class put in imports', async () => {
      @Injectable() class Users {}
      @Module({ imports: [Users] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_IMPORT');
      expect(error.message).to.contain("AppModule's imports[0] is the class Users, which is not a module");
      expect(error.message).to.contain('move it to providers');
    });

    it('reports WW_ERR_INVALID_IMPORT naming the module and index when an imported Promise of a dynamic module rejects (regression: the raw rejection)', async () => {
      const cause = new Error('config.json not found');
      @Module({}) class ConfigModule {
        static async forRootAsync(): Promise<DynamicModule> { throw cause; }
      }
      @Module({}) class Other {}
      @Module({ imports: [Other, ConfigModule.forRootAsync()] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_IMPORT');
      expect(error.message).to.contain("AppModule's imports[1] failed before it gave a module");
      expect(error.message).to.contain('config.json not found');
      expect(error.cause).to.equal(cause);
    });

    it('reports WW_ERR_INVALID_PROVIDER for an undefined provider entry', async () => {
      @Module({ providers: [undefined as never] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
      expect(error.message).to.contain("AppModule's providers[0] is undefined");
      expect(error.message).to.contain('circular file import');
    });

    it('reports WW_ERR_INVALID_PROVIDER for an undefined factory inject entry (regression: a missing provider named undefined)', async () => {
      @Module({ providers: [{ provide: 'X', useFactory: (a: unknown) => a, inject: [undefined as unknown as string] }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
      expect(error.message).to.contain("AppModule's providers[0]").and.contain('inject[0] that is undefined').and.contain('forwardRef');
    });

    it('reports WW_ERR_INVALID_PROVIDER for a factory inject entry that is not a token', async () => {
      @Module({ providers: [{ provide: 'X', useFactory: (a: unknown) => a, inject: ['A', { foo: 1 } as unknown as string] }] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
      expect(error.message).to.contain('inject[1] that is not a token');
    });

    it('reports WW_ERR_INVALID_PROVIDER for a provider object with no use… key', async () => {
      @Module({ providers: [{ provide: 'X' } as never] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_PROVIDER');
      expect(error.message).to.contain("AppModule's providers[0] is { provide: 'X', … }, which has none of useClass, useValue, useFactory or useExisting");
    });

    it('reports WW_ERR_INVALID_CONTROLLER for an undefined controller', async () => {
      @Module({ controllers: [undefined as never] }) class AppModule {}
      const error = await bootError(AppModule);
      expect(error.code).to.equal('WW_ERR_INVALID_CONTROLLER');
      expect(error.message).to.contain("AppModule's controllers[0] is undefined");
    });

    it('reports WW_ERR_INVALID_MODULE for a root that is not a module', async () => {
      class NotAModule {}
      const error = await bootError(NotAModule);
      expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
      expect(error.message).to.contain('got the class NotAModule');
    });

    it('throws WW_ERR_INVALID_MODULE at decoration time for an unknown @Module() property', () => {
      const error = thrown(() => Module({ provider: [] } as never));
      expect(error.code).to.equal('WW_ERR_INVALID_MODULE');
      expect(error.message).to.contain("@Module() got an unknown property 'provider'");
    });

    it('throws WW_ERR_INVALID_DECORATOR for @Inject() on a method parameter', () => {
      const error = thrown(() => {
        class Service { run(_value: unknown) { return _value; } }
        Inject('X')(Service.prototype, 'run', 0);
      });
      expect(error.code).to.equal('WW_ERR_INVALID_DECORATOR');
      expect(error.message).to.contain('@Inject() goes on a constructor parameter, not on a parameter of run()');
    });

    it('throws WW_ERR_INVALID_DECORATOR saying there is no property injection for @Inject() on a property (regression: it spoke of a parameter of db())', () => {
      const error = thrown(() => {
        class Service { db: unknown; }
        (Inject('DB') as unknown as PropertyDecorator)(Service.prototype, 'db');
      });
      expect(error.code).to.equal('WW_ERR_INVALID_DECORATOR');
      expect(error.message).to.contain('@Inject() goes on a constructor parameter, not on the member db (wirework has no property injection)');
    });

    it('throws WW_ERR_INVALID_DECORATOR for @Optional() on a class instead of ignoring it (regression)', () => {
      const error = thrown(() => {
        class Service {}
        (Optional() as unknown as ClassDecorator)(Service);
      });
      expect(error.code).to.equal('WW_ERR_INVALID_DECORATOR');
      expect(error.message).to.contain('@Optional() goes on a constructor parameter, not on a class');
    });

    it('leaves a failed container unusable rather than half-built', async () => {
      @Module({ providers: [{ provide: 'X', useFactory: () => { throw new Error('no'); } }] }) class AppModule {}
      const container = new Container(AppModule);
      await container.init().catch(() => undefined);
      expect(() => container.get('X')).to.throw(/WW_ERR_CONTAINER_NOT_READY/);
    });
  });
});
