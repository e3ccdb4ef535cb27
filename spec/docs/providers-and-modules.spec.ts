/**
 * docs/providers-and-modules.md: its examples as written there (imports from the source
 * instead of 'wirework'), what the page says they do, and the bootstrap error codes it lists.
 * Keep the two in sync.
 */
import { expect } from 'chai';
import {
  Injectable, Inject, Optional, Module, Global, ModuleRef, createServer, BootstrapError, Controller, Get, Param, UseGuards,
  type DynamicModule, type OnModuleInit, type OnApplicationShutdown, type ModuleMetadata,
} from '../../src/index';
import { UsersModule, UsersService } from './fixtures/forward-ref-users';

// ---- "Providers" -----------------------------------------------------------------------------
@Injectable()
export class Clock {
  now(): number { return Date.now(); }
}

@Injectable()
export class TokensService {
  constructor(private readonly clock: Clock) {}          // injected by type
  issue(user: string) { return { user, issuedAt: this.clock.now() }; }
}

@Module({ providers: [Clock, TokensService], exports: [TokensService] })
export class TokensModule {}

// ---- "Tokens, @Inject and @Optional" -----------------------------------------------------------
export const DB = Symbol('DB');
export interface Db { query(sql: string): Promise<unknown[]> }

@Injectable()
export class UsersRepository {
  constructor(
    @Inject(DB) private readonly db: Db,                  // an interface: TypeScript records Object
    @Inject('CONFIG') private readonly config: { port: number },
    @Optional() @Inject('CACHE') private readonly cache?: Map<string, unknown>, // undefined if absent
  ) {}
  // (not in the doc: lets the spec look inside)
  parts() { return { db: this.db, config: this.config, cache: this.cache }; }
}

// ---- "Dynamic modules" -----------------------------------------------------------------------
export const CONFIG = Symbol('CONFIG');
export interface AppConfig { databaseUrl: string }

@Module({})
export class ConfigModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: ConfigModule,
      global: true,
      providers: [{ provide: CONFIG, useValue: config }],
      exports: [CONFIG],
    };
  }
}

@Injectable()
export class ReportsService {
  constructor(@Inject(CONFIG) private readonly config: AppConfig) {}
  source() { return this.config.databaseUrl; }
}

@Module({ imports: [ConfigModule.forRoot({ databaseUrl: 'postgres://db/app' })], providers: [ReportsService] })
export class AppModule {}

// ---- "ModuleRef and app.get" -----------------------------------------------------------------
@Injectable()
export class Jobs implements OnModuleInit {
  private tokens!: TokensService;
  constructor(private readonly moduleRef: ModuleRef) {}
  onModuleInit() { this.tokens = this.moduleRef.get(TokensService); }
  // (not in the doc)
  issuer() { return this.tokens; }
}

// ---- "Lifecycle hooks" -----------------------------------------------------------------------
@Injectable()
export class Database implements OnModuleInit, OnApplicationShutdown {
  connected = false;
  async onModuleInit() { this.connected = true; }           // e.g. open the pool
  async onApplicationShutdown(signal?: string) { this.connected = false; } // close it
}

async function codeOf(metadata: ModuleMetadata): Promise<string | undefined> {
  @Module(metadata)
  class Root {}
  try {
    const app = await createServer(Root, { logger: false });
    await app.close();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return (error as BootstrapError).code;
  }
  return undefined;
}

describe('docs/providers-and-modules.md', () => {
  it('injects by type and keeps one instance per app', async () => {
    @Module({ imports: [TokensModule] })
    class Root {}
    const a = await createServer(Root, { logger: false });
    const b = await createServer(Root, { logger: false });
    try {
      expect(a.get(TokensService).issue('ada').user).to.equal('ada');
      expect(a.get(TokensService)).to.equal(a.get(TokensService));
      expect(a.get(TokensService)).to.not.equal(b.get(TokensService));
    } finally {
      await a.close();
      await b.close();
    }
  });

  it('builds a class listed in the providers of two modules once per module, and one exported instance for every importer', async () => {
    @Injectable() class Counter {}
    @Module({ providers: [Counter, { provide: 'inA', useExisting: Counter }], exports: ['inA'] }) class A {}
    @Module({ providers: [Counter], exports: [Counter] }) class Shared {}
    @Module({ imports: [Shared], providers: [{ provide: 'inB', useExisting: Counter }], exports: ['inB'] }) class B {}
    @Module({ imports: [Shared], providers: [{ provide: 'inC', useExisting: Counter }], exports: ['inC'] }) class C {}
    @Module({ imports: [A, B, C] }) class Root {}
    const app = await createServer(Root, { logger: false });
    try {
      expect(app.get('inA')).to.be.instanceOf(Counter);
      expect(app.get('inA')).to.not.equal(app.get('inB'));
      expect(app.get('inB')).to.equal(app.get('inC'));
    } finally {
      await app.close();
    }
  });

  it('registers each provider kind, awaiting an async factory', async () => {
    class FakeClock extends Clock { override now() { return 0; } }
    const metadata: ModuleMetadata = {
      providers: [
        { provide: Clock, useClass: FakeClock },
        { provide: 'CONFIG', useValue: { port: 3000 } },
        { provide: DB, useFactory: async (cfg: { port: number }) => ({ port: cfg.port, query: async () => [] }), inject: ['CONFIG'] },
        { provide: 'Db', useExisting: DB },
        UsersRepository,
      ],
    };
    @Module(metadata)
    class Root {}
    const app = await createServer(Root, { logger: false });
    try {
      expect(app.get(Clock).now()).to.equal(0);
      expect(app.get('Db')).to.equal(app.get(DB));
      const parts = app.get(UsersRepository).parts();
      expect(parts.db).to.equal(app.get(DB));
      expect(parts.config).to.deep.equal({ port: 3000 });
      expect(parts.cache).to.equal(undefined);
    } finally {
      await app.close();
    }
  });

  it('lets a later entry for the same token replace an earlier one', async () => {
    @Module({ providers: [{ provide: 'CONFIG', useValue: 1 }, { provide: 'CONFIG', useValue: 2 }] })
    class Root {}
    const app = await createServer(Root, { logger: false });
    expect(app.get('CONFIG')).to.equal(2);
    await app.close();
  });

  it('makes a global dynamic module visible without importing it (the ConfigModule example)', async () => {
    const app = await createServer(AppModule, { logger: false });
    expect(app.get(ReportsService).source()).to.equal('postgres://db/app');
    await app.close();
  });

  it('makes a @Global() module visible in modules that do not import it', async () => {
    @Global()
    @Module({ providers: [Clock], exports: [Clock] })
    class CoreModule {}
    @Injectable() class NeedsClock { constructor(readonly clock: Clock) {} }
    @Module({ providers: [NeedsClock] })
    class FeatureModule {}
    expect(await codeOf({ imports: [CoreModule, FeatureModule] })).to.equal(undefined);
  });

  it('awaits a Promise of a dynamic module in imports', async () => {
    const later = Promise.resolve(ConfigModule.forRoot({ databaseUrl: 'x' }));
    expect(await codeOf({ imports: [later], providers: [ReportsService] })).to.equal(undefined);
  });

  it('resolves modules and classes across two files that import each other with forwardRef', async () => {
    const app = await createServer(UsersModule, { logger: false });
    expect(app.get(UsersService).ordersOf('ada')).to.equal(3);
    await app.close();
  });

  it('looks a provider up with ModuleRef in onModuleInit', async () => {
    @Module({ imports: [TokensModule], providers: [Jobs] })
    class Root {}
    const app = await createServer(Root, { logger: false });
    expect(app.get(Jobs).issuer()).to.equal(app.get(TokensService));
    await app.close();
  });

  it('runs onModuleInit in createServer and onApplicationShutdown in close (the Database example)', async () => {
    @Module({ providers: [Database] })
    class Root {}
    const app = await createServer(Root, { logger: false });
    const db = app.get(Database);
    expect(db.connected).to.equal(true);
    await app.close('SIGTERM');
    expect(db.connected).to.equal(false);
  });

  it('runs the shutdown hooks after the server closed, in reverse order, with the signal', async () => {
    const calls: string[] = [];
    @Injectable() class A implements OnApplicationShutdown {
      onModuleInit() { calls.push('init A'); }
      onModuleDestroy() { calls.push('destroy A'); }
      onApplicationShutdown(signal?: string) { calls.push(`shutdown A ${signal}`); }
    }
    @Injectable() class B {
      constructor(readonly a: A) {}
      onModuleInit() { calls.push('init B'); }
      beforeApplicationShutdown(signal?: string) { calls.push(`before B ${signal}`); }
      onApplicationShutdown(signal?: string) { calls.push(`shutdown B ${signal}`); }
    }
    @Module({ providers: [A], exports: [A] }) class AModule {}
    @Module({ imports: [AModule], providers: [B] }) class Root {}
    const app = await createServer(Root, { logger: false });
    await app.close('SIGTERM');
    expect(calls).to.deep.equal(['init A', 'init B', 'destroy A', 'before B SIGTERM', 'shutdown B SIGTERM', 'shutdown A SIGTERM']);
  });

  describe('bootstrap errors', () => {
    it('WW_ERR_MISSING_PROVIDER names the path and the module to export from', async () => {
      @Injectable() class Priv {}
      @Module({ providers: [Priv] }) class PrivModule {}
      @Injectable() class UsesPriv { constructor(readonly p: Priv) {} }
      @Module({ imports: [PrivModule], providers: [UsesPriv] }) class M {}
      try {
        await createServer(M, { logger: false });
        expect.fail('createServer resolved');
      } catch (error) {
        expect((error as BootstrapError).code).to.equal('WW_ERR_MISSING_PROVIDER');
        expect((error as Error).message).to.contain('Cannot resolve UsesPriv → ?');
        expect((error as Error).message).to.contain('M imports PrivModule, but PrivModule does not export Priv: add it to PrivModule\'s exports.');
      }
    });

    it('WW_ERR_DEPENDENCY_CYCLE for providers that need each other', async () => {
      @Injectable() class A { constructor(@Inject('B') readonly b: unknown) {} }
      @Injectable() class B { constructor(readonly a: A) {} }
      expect(await codeOf({ providers: [A, { provide: 'B', useClass: B }] })).to.equal('WW_ERR_DEPENDENCY_CYCLE');
    });

    it('WW_ERR_MISSING_PARAM_TYPES for a class with constructor parameters and no decorator', async () => {
      class Plain { constructor(readonly clock: Clock) {} }
      expect(await codeOf({ providers: [Clock, Plain] })).to.equal('WW_ERR_MISSING_PARAM_TYPES');
    });

    it('WW_ERR_UNKNOWN_PARAM_TYPE for an interface-typed parameter without @Inject', async () => {
      @Injectable() class X { constructor(readonly config: AppConfig) {} }
      expect(await codeOf({ providers: [X] })).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
    });

    it('WW_ERR_PROVIDER_FAILED when an async factory rejects, with the cause', async () => {
      expect(await codeOf({ providers: [{ provide: 'X', useFactory: async () => { throw new Error('db down'); } }] }))
        .to.equal('WW_ERR_PROVIDER_FAILED');
    });

    it('WW_ERR_INVALID_MODULE for an unknown @Module key, when the decorator runs', () => {
      expect(() => Module({ imprts: [] } as ModuleMetadata)).to.throw(BootstrapError, 'WW_ERR_INVALID_MODULE');
    });

    it('WW_ERR_INVALID_IMPORT for an import that is not a module', async () => {
      expect(await codeOf({ imports: [Clock] })).to.equal('WW_ERR_INVALID_IMPORT');
    });

    it('WW_ERR_INVALID_EXPORT for an export the module neither provides nor imports', async () => {
      expect(await codeOf({ exports: [Clock] })).to.equal('WW_ERR_INVALID_EXPORT');
    });

    it('WW_ERR_INVALID_PROVIDER for a provider object without use…', async () => {
      expect(await codeOf({ providers: [{ provide: 'X' } as never] })).to.equal('WW_ERR_INVALID_PROVIDER');
    });

    it('WW_ERR_INVALID_CONTROLLER for a controllers entry that is not a class', async () => {
      expect(await codeOf({ controllers: [undefined as never] })).to.equal('WW_ERR_INVALID_CONTROLLER');
    });

    it('WW_ERR_INVALID_DECORATOR for @Inject on a method parameter, when the class loads', () => {
      expect(() => {
        class X { m(@Inject('A') a: unknown) { return a; } }
        return X;
      }).to.throw(BootstrapError, 'WW_ERR_INVALID_DECORATOR');
    });

    it('WW_ERR_UNKNOWN_PROVIDER from app.get for an unknown token', async () => {
      @Module({}) class M {}
      const app = await createServer(M, { logger: false });
      expect(() => app.get('nope')).to.throw(BootstrapError, 'WW_ERR_UNKNOWN_PROVIDER');
      await app.close();
    });

    it('WW_ERR_CONTAINER_NOT_READY for moduleRef.get in a constructor, before the provider is built', async () => {
      @Injectable() class Early { constructor(moduleRef: ModuleRef) { moduleRef.get(Clock); } }
      expect(await codeOf({ providers: [Early, Clock] })).to.equal('WW_ERR_PROVIDER_FAILED');
      // the container's own error is the cause:
      @Module({ providers: [Early, Clock] }) class M {}
      const error = await createServer(M, { logger: false }).then(() => undefined, (e: BootstrapError) => e);
      expect((error?.cause as BootstrapError).code).to.equal('WW_ERR_CONTAINER_NOT_READY');
    });

    it('WW_ERR_LIFECYCLE_HOOK_FAILED when onModuleInit throws', async () => {
      @Injectable() class H implements OnModuleInit { onModuleInit() { throw new Error('nope'); } }
      expect(await codeOf({ providers: [H] })).to.equal('WW_ERR_LIFECYCLE_HOOK_FAILED');
    });

    it('WW_ERR_NOT_A_CONTROLLER, WW_ERR_UNDECORATED_PARAM and WW_ERR_PARAM_NOT_ROUTE', async () => {
      class NoDecorator {}
      @Controller() class Undecorated { @Get(':id') one(id: string) { return id; } }
      @Controller() class NotRoute { helper(@Param('id') id: string) { return id; } }
      expect(await codeOf({ controllers: [NoDecorator] })).to.equal('WW_ERR_NOT_A_CONTROLLER');
      expect(await codeOf({ controllers: [Undecorated] })).to.equal('WW_ERR_UNDECORATED_PARAM');
      expect(await codeOf({ controllers: [NotRoute] })).to.equal('WW_ERR_PARAM_NOT_ROUTE');
    });

    it('WW_ERR_INVALID_PIPE, WW_ERR_INVALID_ENHANCER and WW_ERR_UNRESOLVABLE_ENHANCER', async () => {
      @Controller() class BadPipe { @Get(':id') one(@Param('id', 42 as never) id: string) { return id; } }
      @Controller() @UseGuards({} as never) class BadGuard { @Get() one() { return 1; } }
      @Injectable() class NeedsMissing { constructor(@Inject('MISSING') readonly x: unknown) {} canActivate() { return true; } }
      @Controller() @UseGuards(NeedsMissing) class Unbuildable { @Get() one() { return 1; } }
      expect(await codeOf({ controllers: [BadPipe] })).to.equal('WW_ERR_INVALID_PIPE');
      expect(await codeOf({ controllers: [BadGuard] })).to.equal('WW_ERR_INVALID_ENHANCER');
      expect(await codeOf({ controllers: [Unbuildable] })).to.equal('WW_ERR_UNRESOLVABLE_ENHANCER');
    });
  });
});
