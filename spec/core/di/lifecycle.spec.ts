import { expect } from 'chai';
import { Container } from '../../../src/core/di/container';
import { Injectable } from '../../../src/core/di/injectable';
import { forwardRef } from '../../../src/core/di/forward-ref';
import { Global, Module } from '../../../src/core/di/module';
import { boot } from './helpers';

const Controller = (): ClassDecorator => () => undefined;

/** A small app whose every instance logs each hook it receives into `log`. */
function recordingApp(log: string[]) {
  class Recorder {
    onModuleInit() { log.push(`init ${this.constructor.name}`); }
    onApplicationBootstrap() { log.push(`bootstrap ${this.constructor.name}`); }
    onModuleDestroy() { log.push(`destroy ${this.constructor.name}`); }
    beforeApplicationShutdown(signal?: string) { log.push(`before ${this.constructor.name} ${signal}`); }
    onApplicationShutdown(signal?: string) { log.push(`shutdown ${this.constructor.name} ${signal}`); }
  }
  @Injectable() class Db extends Recorder {}
  @Module({ providers: [Db], exports: [Db] }) class DbModule {}
  @Injectable() class Users extends Recorder { constructor(readonly db: Db) { super(); } }
  @Controller() class UsersController extends Recorder { constructor(readonly users: Users) { super(); } }
  @Module({ imports: [DbModule], controllers: [UsersController], providers: [Users] }) class UsersModule {}
  @Module({ imports: [UsersModule] }) class AppModule {}
  return AppModule;
}

describe('DI lifecycle hooks', () => {
  it('names the hook it is awaiting while an async onModuleInit is pending, and forgets it after', async () => {
    let finish!: () => void;
    @Injectable() class Cache { onModuleInit() { return new Promise<void>((resolve) => (finish = resolve)); } }
    @Module({ providers: [Cache] }) class AppModule {}
    const container = await boot(AppModule);
    const init = container.callInitHooks();
    await new Promise((resolve) => setImmediate(resolve));
    expect(container.awaiting.label).to.equal('Cache.onModuleInit()');
    finish();
    await init;
    expect(container.awaiting.label).to.equal(undefined);
  });

  it('names the provider factory it is awaiting while the factory is pending', async () => {
    let finish!: (value: unknown) => void;
    @Module({ providers: [{ provide: 'POOL', useFactory: () => new Promise((resolve) => (finish = resolve)) }] }) class AppModule {}
    const container = new Container(AppModule);
    const init = container.init();
    await new Promise((resolve) => setImmediate(resolve));
    expect(container.awaiting.label).to.equal("the factory of 'POOL' in AppModule");
    finish({});
    await init;
    expect(container.awaiting.label).to.equal(undefined);
  });

  it('calls onModuleInit on providers and controllers, imported modules first, dependencies first', async () => {
    const log: string[] = [];
    const container = await boot(recordingApp(log));
    await container.callInitHooks();
    expect(log).to.deep.equal(['init Db', 'init Users', 'init UsersController']);
  });

  it('initialises a @Global() module\'s provider before a provider of an earlier-listed module that needs it, and destroys it after (regression)', async () => {
    const log: string[] = [];
    @Injectable() class Db {
      onModuleInit() { log.push('init Db'); }
      onModuleDestroy() { log.push('destroy Db'); }
    }
    @Global() @Module({ providers: [Db], exports: [Db] }) class DbModule {}
    @Injectable() class Users {
      constructor(readonly db: Db) {}
      onModuleInit() { log.push('init Users'); }
      onModuleDestroy() { log.push('destroy Users'); }
    }
    @Module({ providers: [Users] }) class UsersModule {}
    // UsersModule comes first in module order, but its provider needs DbModule's.
    @Module({ imports: [UsersModule, DbModule] }) class AppModule {}
    const container = await boot(AppModule);
    await container.callInitHooks();
    await container.callShutdownHooks();
    expect(log).to.deep.equal(['init Db', 'init Users', 'destroy Users', 'destroy Db']);
  });

  it('initialises dependencies first across a forwardRef import cycle of modules (regression)', async () => {
    const log: string[] = [];
    @Injectable() class A { onModuleInit() { log.push('init A'); } }
    @Injectable() class B { constructor(readonly a: A) {} onModuleInit() { log.push('init B'); } }
    @Module({ imports: [forwardRef(() => ModuleB)], providers: [A], exports: [A] }) class ModuleA {}
    @Module({ imports: [forwardRef(() => ModuleA)], providers: [B], exports: [B] }) class ModuleB {}
    const container = await boot(ModuleA);
    await container.callInitHooks();
    expect(log).to.deep.equal(['init A', 'init B']);
  });

  it('calls onApplicationBootstrap in the same order, after init', async () => {
    const log: string[] = [];
    const container = await boot(recordingApp(log));
    await container.callInitHooks();
    await container.callBootstrapHooks();
    expect(log.slice(3)).to.deep.equal(['bootstrap Db', 'bootstrap Users', 'bootstrap UsersController']);
  });

  it('calls the three shutdown hooks phase by phase in reverse order, with the signal', async () => {
    const log: string[] = [];
    const container = await boot(recordingApp(log));
    await container.callShutdownHooks('SIGTERM');
    expect(log).to.deep.equal([
      'destroy UsersController', 'destroy Users', 'destroy Db',
      'before UsersController SIGTERM', 'before Users SIGTERM', 'before Db SIGTERM',
      'shutdown UsersController SIGTERM', 'shutdown Users SIGTERM', 'shutdown Db SIGTERM',
    ]);
  });

  it('lets destroy and before-shutdown run early (before the server closes) and then skips them', async () => {
    const log: string[] = [];
    const container = await boot(recordingApp(log));
    await container.callDestroyHooks();
    await container.callBeforeShutdownHooks('SIGTERM');
    log.push('server closed');
    await container.callShutdownHooks('SIGTERM');
    expect(log).to.deep.equal([
      'destroy UsersController', 'destroy Users', 'destroy Db',
      'before UsersController SIGTERM', 'before Users SIGTERM', 'before Db SIGTERM',
      'server closed',
      'shutdown UsersController SIGTERM', 'shutdown Users SIGTERM', 'shutdown Db SIGTERM',
    ]);
  });

  it('builds the module class with injection and calls its hooks after its providers\'', async () => {
    const log: string[] = [];
    @Injectable() class Db { onModuleInit() { log.push('init Db'); } onModuleDestroy() { log.push('destroy Db'); } }
    @Module({ providers: [Db] })
    class AppModule {
      constructor(readonly db: Db) {}
      onModuleInit() { log.push(`init AppModule with ${this.db.constructor.name}`); }
      onModuleDestroy() { log.push('destroy AppModule'); }
    }
    const container = await boot(AppModule);
    await container.callInitHooks();
    await container.callShutdownHooks();
    expect(log).to.deep.equal(['init Db', 'init AppModule with Db', 'destroy AppModule', 'destroy Db']);
    expect(container.root.instance).to.be.instanceOf(AppModule);
  });

  it('awaits each async hook before calling the next', async () => {
    const log: string[] = [];
    @Injectable() class Slow {
      async onModuleInit() { await new Promise((r) => setImmediate(r)); log.push('slow done'); }
    }
    @Injectable() class Fast { constructor(readonly slow: Slow) {} onModuleInit() { log.push('fast'); } }
    @Module({ providers: [Fast, Slow] }) class AppModule {}
    const container = await boot(AppModule);
    await container.callInitHooks();
    expect(log).to.deep.equal(['slow done', 'fast']);
  });

  it('calls each hook once per instance, even when an alias and a value share it', async () => {
    let calls = 0;
    const shared = { onModuleInit: () => { calls++; } };
    @Injectable() class Real { onModuleInit() { calls++; } }
    @Module({ providers: [Real, { provide: 'ALIAS', useExisting: Real }, { provide: 'V1', useValue: shared }, { provide: 'V2', useValue: shared }] })
    class AppModule {}
    const container = await boot(AppModule);
    await container.callInitHooks();
    expect(calls).to.equal(2);
  });

  it('runs each phase only once when called twice', async () => {
    const log: string[] = [];
    const container = await boot(recordingApp(log));
    await container.callInitHooks();
    await container.callInitHooks();
    await Promise.all([container.callShutdownHooks('SIGINT'), container.callShutdownHooks('SIGINT')]);
    expect(log.filter((line) => line.startsWith('init'))).to.have.length(3);
    expect(log.filter((line) => line.startsWith('destroy'))).to.have.length(3);
  });

  it('calls hooks on a class built with instantiate()', async () => {
    const log: string[] = [];
    @Injectable() class Guard { onModuleInit() { log.push('guard init'); } }
    @Module({}) class AppModule {}
    const container = await boot(AppModule);
    await container.instantiate(container.root, Guard);
    await container.callInitHooks();
    expect(log).to.deep.equal(['guard init']);
  });

  it('treats a value that throws on unknown property reads (a strict Proxy, like envalid\'s cleanEnv) as having no hooks (regression)', async () => {
    const log: string[] = [];
    const env = new Proxy({ PORT: 3000 } as Record<string | symbol, unknown>, {
      get(target, key) {
        if (key in target || key === 'then') return target[key];
        throw new ReferenceError(`Env var not found: ${String(key)}`);
      },
    });
    @Injectable() class Server {
      onModuleInit() { log.push('init Server'); }
      onApplicationShutdown() { log.push('shutdown Server'); }
    }
    @Module({ providers: [{ provide: 'ENV', useValue: env }, Server] }) class AppModule {}
    const container = await boot(AppModule);
    await container.callInitHooks();
    await container.callShutdownHooks();
    expect(container.get('ENV')).to.equal(env);
    expect(log).to.deep.equal(['init Server', 'shutdown Server']);
  });

  it('rejects with WW_ERR_LIFECYCLE_HOOK_FAILED naming the class and hook when an init hook throws', async () => {
    const cause = new Error('migration failed');
    @Injectable() class Migrator { onModuleInit() { throw cause; } }
    @Module({ providers: [Migrator] }) class AppModule {}
    const container = await boot(AppModule);
    const error = await container.callInitHooks().then(() => undefined, (e: Error & { code?: string }) => e);
    expect(error?.code).to.equal('WW_ERR_LIFECYCLE_HOOK_FAILED');
    expect(error?.message).to.contain('Migrator.onModuleInit() failed: migration failed');
    expect(error?.cause).to.equal(cause);
  });

  it('names a plain value provider by its token when its hook fails', async () => {
    const cache = { onModuleInit: () => { throw new Error('cold'); } };
    @Module({ providers: [{ provide: 'CACHE', useValue: cache }] }) class AppModule {}
    const container = await boot(AppModule);
    const error = await container.callInitHooks().then(() => undefined, (e: Error) => e);
    expect(error?.message).to.contain("the provider 'CACHE'.onModuleInit() failed: cold");
  });

  it('runs every shutdown hook even when some fail, then reports them all', async () => {
    const log: string[] = [];
    @Injectable() class Pool { onApplicationShutdown() { log.push('pool closed'); } }
    @Injectable() class Broken { constructor(readonly pool: Pool) {} onModuleDestroy() { throw new Error('first'); } }
    @Injectable() class Worse { constructor(readonly pool: Pool) {} async onApplicationShutdown() { throw new Error('second'); } }
    @Module({ providers: [Pool, Broken, Worse] }) class AppModule {}
    const container = await boot(AppModule);
    const error = await container.callShutdownHooks().then(() => undefined, (e: Error & { code?: string }) => e);
    expect(log).to.deep.equal(['pool closed']);
    expect(error?.code).to.equal('WW_ERR_LIFECYCLE_HOOK_FAILED');
    expect(error?.message).to.contain('Broken.onModuleDestroy() failed: first');
    expect(error?.message).to.contain('Worse.onApplicationShutdown() failed: second');
  });

  it('runs shutdown hooks on what was built when init() failed part-way', async () => {
    const log: string[] = [];
    @Injectable() class Pool { onApplicationShutdown() { log.push('pool closed'); } }
    @Module({ providers: [Pool], exports: [Pool] }) class DbModule {}
    @Module({ imports: [DbModule], providers: [{ provide: 'BAD', useFactory: () => { throw new Error('no'); } }] }) class AppModule {}
    const container = new Container(AppModule);
    await container.init().catch(() => undefined);
    await container.callShutdownHooks();
    expect(log).to.deep.equal(['pool closed']);
  });
});
