import { expect } from 'chai';
import { Container } from '../../../src/core/di/container';
import { Inject, Optional } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { Module } from '../../../src/core/di/module';
import { ModuleRef } from '../../../src/core/di/module-ref';
import { boot } from './helpers';

describe('DI providers', () => {
  it('builds a class provider with its constructor dependencies from design:paramtypes', async () => {
    @Injectable() class Repo {}
    @Injectable() class Service { constructor(readonly repo: Repo) {} }
    @Module({ providers: [Repo, Service] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Service).repo).to.equal(container.get(Repo));
  });

  it('builds a class with no constructor parameters even without @Injectable()', async () => {
    class Plain { readonly ok = true; }
    @Module({ providers: [Plain] }) class AppModule {}
    expect((await boot(AppModule)).get(Plain).ok).to.equal(true);
  });

  it('registers useClass under another token', async () => {
    abstract class Logger { abstract log(): string; }
    @Injectable() class ConsoleLogger extends Logger { log() { return 'console'; } }
    @Module({ providers: [{ provide: Logger, useClass: ConsoleLogger }] }) class AppModule {}
    const logger = (await boot(AppModule)).get(Logger);
    expect(logger).to.be.instanceOf(ConsoleLogger);
    expect(logger.log()).to.equal('console');
  });

  it('gives a useValue provider exactly the value', async () => {
    const config = { port: 8080 };
    @Module({ providers: [{ provide: 'CONFIG', useValue: config }] }) class AppModule {}
    expect((await boot(AppModule)).get('CONFIG')).to.equal(config);
  });

  it('keeps a falsy useValue (0, null) instead of treating it as missing', async () => {
    @Module({ providers: [{ provide: 'ZERO', useValue: 0 }, { provide: 'NULL', useValue: null }] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get('ZERO')).to.equal(0);
    expect(container.get('NULL')).to.equal(null);
  });

  it('calls a useFactory with its inject tokens resolved in order', async () => {
    @Injectable() class Db { readonly url = 'db://x'; }
    @Module({
      providers: [
        Db,
        { provide: 'PREFIX', useValue: 'url=' },
        { provide: 'DSN', useFactory: (prefix: string, db: Db) => prefix + db.url, inject: ['PREFIX', Db] },
      ],
    })
    class AppModule {}
    expect((await boot(AppModule)).get('DSN')).to.equal('url=db://x');
  });

  it('awaits an async factory before anything that depends on it is built', async () => {
    const CONNECTION = Symbol('CONNECTION');
    @Injectable() class Repo { constructor(@Inject(CONNECTION) readonly connection: { open: boolean }) {} }
    @Module({
      providers: [
        Repo,
        { provide: CONNECTION, useFactory: async () => { await new Promise((r) => setImmediate(r)); return { open: true }; } },
      ],
    })
    class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Repo).connection).to.deep.equal({ open: true });
    expect(container.get(CONNECTION)).to.equal(container.get(Repo).connection);
  });

  it('calls each factory once, however many providers inject it', async () => {
    let calls = 0;
    @Injectable() class A { constructor(@Inject('F') readonly f: object) {} }
    @Injectable() class B { constructor(@Inject('F') readonly f: object) {} }
    @Module({ providers: [A, B, { provide: 'F', useFactory: () => { calls++; return {}; } }] }) class AppModule {}
    const container = await boot(AppModule);
    expect(calls).to.equal(1);
    expect(container.get(A).f).to.equal(container.get(B).f);
  });

  it('makes a useExisting alias give the very same instance as its target', async () => {
    @Injectable() class RealCache {}
    @Module({ providers: [RealCache, { provide: 'CACHE', useExisting: RealCache }] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get('CACHE')).to.equal(container.get(RealCache));
  });

  it('resolves class, string and symbol tokens given with @Inject()', async () => {
    const SYM = Symbol('sym');
    @Injectable() class Dep {}
    @Injectable() class Consumer {
      constructor(@Inject(Dep) readonly byClass: Dep, @Inject('str') readonly byString: string, @Inject(SYM) readonly bySymbol: number) {}
    }
    @Module({ providers: [Dep, Consumer, { provide: 'str', useValue: 'S' }, { provide: SYM, useValue: 42 }] }) class AppModule {}
    const consumer = (await boot(AppModule)).get(Consumer);
    expect(consumer.byClass).to.be.instanceOf(Dep);
    expect(consumer.byString).to.equal('S');
    expect(consumer.bySymbol).to.equal(42);
  });

  it('shares one singleton between every consumer in the application', async () => {
    let built = 0;
    @Injectable() class Counter { constructor() { built++; } }
    @Injectable() class A { constructor(readonly counter: Counter) {} }
    @Injectable() class B { constructor(readonly counter: Counter) {} }
    @Module({ providers: [A, Counter, B] }) class AppModule {}
    const container = await boot(AppModule);
    expect(built).to.equal(1);
    expect(container.get(A).counter).to.equal(container.get(B).counter);
  });

  it('builds every provider at init, even one nobody injects', async () => {
    let built = false;
    @Injectable() class Lonely { constructor() { built = true; } }
    @Module({ providers: [Lonely] }) class AppModule {}
    await boot(AppModule);
    expect(built).to.equal(true);
  });

  it('passes undefined for an @Optional() parameter nothing provides', async () => {
    @Injectable() class Missing {}
    @Injectable() class Service { constructor(@Optional() readonly missing?: Missing) {} }
    @Module({ providers: [Service] }) class AppModule {}
    expect((await boot(AppModule)).get(Service).missing).to.equal(undefined);
  });

  it('passes undefined for an optional factory dependency nothing provides', async () => {
    @Module({ providers: [{ provide: 'OUT', useFactory: (x: unknown) => ({ x }), inject: [{ token: 'NOPE', optional: true }] }] })
    class AppModule {}
    expect((await boot(AppModule)).get('OUT')).to.deep.equal({ x: undefined });
  });

  it('lets the last provider for a token replace an earlier one in the same module', async () => {
    @Module({ providers: [{ provide: 'X', useValue: 1 }, { provide: 'X', useValue: 2 }] }) class AppModule {}
    expect((await boot(AppModule)).get('X')).to.equal(2);
  });

  it('injects the ModuleRef of the module a provider lives in', async () => {
    @Injectable() class Service { constructor(readonly moduleRef: ModuleRef) {} }
    @Module({ providers: [Service, { provide: 'V', useValue: 'v' }] }) class AppModule {}
    const container = await boot(AppModule);
    const moduleRef = container.get(Service).moduleRef;
    expect(moduleRef).to.equal(container.root);
    expect(moduleRef.get('V')).to.equal('v');
  });

  it('inherits constructor dependencies of an @Injectable() parent class', async () => {
    @Injectable() class Dep {}
    @Injectable() class Base { constructor(readonly dep: Dep) {} }
    class Child extends Base {}
    @Module({ providers: [Dep, Child] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Child).dep).to.equal(container.get(Dep));
  });

  it('returns the same promise when init() is called twice', async () => {
    @Module({}) class AppModule {}
    const container = new Container(AppModule);
    expect(container.init()).to.equal(container.init());
    await container.init();
  });
});
