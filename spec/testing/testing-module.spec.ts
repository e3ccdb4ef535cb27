/**
 * Test.createTestingModule(): Nest's overrides on a real app with a module tree (a global
 * module, a provider exported two modules down and re-exported, a guard, an interceptor, a
 * pipe and a filter named by class in decorators), through inject() and over a real port.
 */
import { expect } from 'chai';
import {
  BadRequestException, Catch, Controller, Get, Global, Inject, Injectable, Module, Param, Test, TestingModule, UseFilters, UseGuards,
  UseInterceptors, type App, type CallHandler, type CanActivate, type ExceptionFilter, type ExecutionContext, type PipeTransform,
} from '../../src/index';

// ---- the application under test, as a user would write it -----------------------------------
@Global()
@Module({ providers: [{ provide: 'CONFIG', useValue: { greeting: 'Hello' } }], exports: ['CONFIG'] })
class ConfigModule {}

@Injectable()
class Clock {
  now() { return 1000; }
}

@Injectable()
class TokenService {
  verify(token: string | undefined) { return token === 'Bearer real-secret'; }
}

@Module({ providers: [TokenService, Clock], exports: [TokenService, Clock] })
class AuthModule {}

@Injectable()
class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenService) {}
  canActivate(context: ExecutionContext) { return this.tokens.verify(context.getRequest().header('authorization')); }
}

@Injectable()
class UsersRepository {
  find(id: string) { return { id, name: 'Ada' }; }
}

@Module({ providers: [UsersRepository], exports: [UsersRepository] })
class DataModule {}

/** Re-exports DataModule: UsersModule sees UsersRepository two modules down. */
@Module({ imports: [DataModule], exports: [DataModule] })
class PersistenceModule {}

@Injectable()
class UsersService {
  constructor(private readonly repository: UsersRepository, @Inject('CONFIG') private readonly config: { greeting: string }) {}
  greet(id: string) { return `${this.config.greeting}, ${this.repository.find(id).name} (${id})`; }
}

@Injectable()
class ParseUserIdPipe implements PipeTransform {
  transform(value: string) {
    if (!/^u\d+$/.test(value)) throw new BadRequestException(`${value} is not a user id`);
    return value;
  }
}

@Injectable()
class EnvelopeInterceptor {
  async intercept(_context: ExecutionContext, next: CallHandler) { return { data: await next.handle() }; }
}

class ArchivedError extends Error {}

@Catch(ArchivedError)
class ArchivedFilter implements ExceptionFilter<ArchivedError> {
  catch(error: ArchivedError, host: ExecutionContext) { host.getResponse().json({ archived: error.message }, 410); }
}

@Controller('users')
@UseGuards(AuthGuard)
@UseInterceptors(EnvelopeInterceptor)
@UseFilters(ArchivedFilter)
class UsersController {
  constructor(private readonly users: UsersService) {}
  @Get(':id')
  find(@Param('id', ParseUserIdPipe) id: string) {
    if (id === 'u0') throw new ArchivedError('u0 is archived');
    return this.users.greet(id);
  }
}

@Module({ imports: [AuthModule, PersistenceModule], controllers: [UsersController], providers: [UsersService] })
class UsersModule {}

@Module({ imports: [ConfigModule, UsersModule] })
class AppModule {}

const allowAll = { canActivate: () => true };

describe('Test.createTestingModule()', () => {
  let moduleRef: TestingModule | undefined;
  let app: App | undefined;
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = undefined;
    app = undefined;
  });

  /** Compiles the builder and makes its app, both closed after the test. */
  async function appOf(builder: ReturnType<typeof Test.createTestingModule>): Promise<App> {
    moduleRef = await builder.compile();
    app = await moduleRef.createApp({ logger: false });
    return app;
  }

  describe('the app as compiled without overrides', () => {
    it('refuses a request without the token with the real guard', async () => {
      const served = await appOf(Test.createTestingModule({ imports: [AppModule] }));
      expect((await served.inject({ url: '/users/u1' })).statusCode).to.equal(403);
    });

    it('serves the real providers once the real token is sent', async () => {
      const served = await appOf(Test.createTestingModule({ imports: [AppModule] }));
      const res = await served.inject({ url: '/users/u1', headers: { authorization: 'Bearer real-secret' } });
      expect(res.json()).to.deep.equal({ data: 'Hello, Ada (u1)' });
    });
  });

  it('lets every request through a guard from @UseGuards overridden with useValue', async () => {
    const served = await appOf(Test.createTestingModule({ imports: [AppModule] }).overrideGuard(AuthGuard).useValue(allowAll));
    const res = await served.inject({ url: '/users/u1' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ data: 'Hello, Ada (u1)' });
  });

  it('replaces a provider exported two modules down and re-exported, wherever it is injected', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overrideProvider(UsersRepository).useValue({ find: (id: string) => ({ id, name: 'Zoe' }) }),
    );
    expect((await served.inject({ url: '/users/u1' })).json()).to.deep.equal({ data: 'Hello, Zoe (u1)' });
  });

  it('replaces a provider of a @Global() module', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overrideProvider('CONFIG').useValue({ greeting: 'Hi' }),
    );
    expect((await served.inject({ url: '/users/u1' })).json()).to.deep.equal({ data: 'Hi, Ada (u1)' });
  });

  it('replaces an interceptor from @UseInterceptors', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overrideInterceptor(EnvelopeInterceptor).useValue({ intercept: async (_c: ExecutionContext, next: CallHandler) => ({ wrapped: await next.handle() }) }),
    );
    expect((await served.inject({ url: '/users/u1' })).json()).to.deep.equal({ wrapped: 'Hello, Ada (u1)' });
  });

  it('replaces a pipe named by class in a parameter decorator', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overridePipe(ParseUserIdPipe).useValue({ transform: (value: string) => `u-${value}` }),
    );
    expect((await served.inject({ url: '/users/anything' })).json()).to.deep.equal({ data: 'Hello, Ada (u-anything)' });
  });

  it('replaces a filter from @UseFilters with a class that keeps its @Catch', async () => {
    @Catch(ArchivedError)
    class TeapotFilter implements ExceptionFilter<ArchivedError> {
      catch(_error: ArchivedError, host: ExecutionContext) { host.getResponse().json({ teapot: true }, 418); }
    }
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] }).overrideGuard(AuthGuard).useValue(allowAll).overrideFilter(ArchivedFilter).useClass(TeapotFilter),
    );
    const res = await served.inject({ url: '/users/u0' });
    expect(res.statusCode).to.equal(418);
    expect(res.json()).to.deep.equal({ teapot: true });
  });

  it('replaces an app-wide guard given by class in the createApp options', async () => {
    @Controller('open') class OpenController { @Get() open() { return 'open'; } }
    @Module({ imports: [AuthModule], controllers: [OpenController] }) class OpenModule {}
    moduleRef = await Test.createTestingModule({ imports: [OpenModule] }).overrideGuard(AuthGuard).useValue(allowAll).compile();
    const served = await moduleRef.createApp({ logger: false, guards: [AuthGuard] });
    expect((await served.inject({ url: '/open' })).body).to.equal('open');
  });

  it('builds a useClass override with its own dependencies injected from the replaced provider\'s module', async () => {
    @Injectable()
    class FakeUsersService {
      constructor(private readonly clock: Clock, @Inject('CONFIG') private readonly config: { greeting: string }) {}
      greet(id: string) { return `${this.config.greeting} from the fake at ${this.clock.now()} (${id})`; }
    }
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] }).overrideGuard(AuthGuard).useValue(allowAll).overrideProvider(UsersService).useClass(FakeUsersService),
    );
    expect((await served.inject({ url: '/users/u2' })).json()).to.deep.equal({ data: 'Hello from the fake at 1000 (u2)' });
    expect(moduleRef!.get(UsersService)).to.be.instanceOf(FakeUsersService);
  });

  it('calls a useFactory override with its inject tokens and awaits what it returns', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overrideProvider(UsersService).useFactory({
          factory: async (clock: Clock, config: { greeting: string }) => ({ greet: (id: string) => `${config.greeting} at ${clock.now()} (${id})` }),
          inject: [Clock, 'CONFIG'],
        }),
    );
    expect((await served.inject({ url: '/users/u3' })).json()).to.deep.equal({ data: 'Hello at 1000 (u3)' });
  });

  it('replaces a module wherever it is imported or re-exported with overrideModule().useModule()', async () => {
    @Injectable() class InMemoryUsersRepository { find(id: string) { return { id, name: 'Memory' }; } }
    @Module({ providers: [{ provide: UsersRepository, useClass: InMemoryUsersRepository }], exports: [UsersRepository] })
    class InMemoryDataModule {}
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] }).overrideGuard(AuthGuard).useValue(allowAll).overrideModule(DataModule).useModule(InMemoryDataModule),
    );
    expect((await served.inject({ url: '/users/u1' })).json()).to.deep.equal({ data: 'Hello, Memory (u1)' });
  });

  it('serves the overrides over a real port', async () => {
    const served = await appOf(
      Test.createTestingModule({ imports: [AppModule] })
        .overrideGuard(AuthGuard).useValue(allowAll)
        .overrideProvider(UsersRepository).useValue({ find: (id: string) => ({ id, name: 'Port' }) }),
    );
    const { port } = await served.listen(0, '127.0.0.1');
    // Connection: close, so close() has no keep-alive connection to give its drain grace.
    const res = await fetch(`http://127.0.0.1:${port}/users/u1`, { headers: { connection: 'close' } });
    expect(res.status).to.equal(200);
    expect(await res.json()).to.deep.equal({ data: 'Hello, Port (u1)' });
  });

  describe('get()', () => {
    it('gives the override for an overridden token and the real instance of a deep provider', async () => {
      const fake = { greet: () => 'fake' };
      moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UsersService).useValue(fake).compile();
      expect(moduleRef.get(UsersService)).to.equal(fake);
      expect(moduleRef.get(UsersRepository)).to.be.instanceOf(UsersRepository);
      expect(moduleRef.get('CONFIG')).to.deep.equal({ greeting: 'Hello' });
    });

    it('gives a controller instance built on the overrides', async () => {
      moduleRef = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UsersService).useValue({ greet: () => 'fake' }).compile();
      expect(moduleRef.get(UsersController).find('u1')).to.equal('fake');
    });

    it('throws WW_ERR_UNKNOWN_PROVIDER for a token nothing provides, as app.get() does', async () => {
      moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
      expect(() => moduleRef!.get('NOTHING')).to.throw(/WW_ERR_UNKNOWN_PROVIDER: No provider for 'NOTHING'/);
    });
  });

  describe('lifecycle', () => {
    @Injectable()
    class Mailer {
      constructor() { throw new Error('the real Mailer must never be built in a test'); }
      onModuleInit() { throw new Error('the real Mailer must never be initialised'); }
      send(_to: string) { return 'sent for real'; }
    }
    @Module({ providers: [Mailer], exports: [Mailer] }) class MailModule {}
    @Injectable() class Notifier { constructor(readonly mailer: Mailer) {} }
    @Module({ imports: [MailModule], providers: [Notifier], exports: [Notifier] }) class NotificationsModule {}
    @Controller('notify') class NotifyController {
      constructor(private readonly notifier: Notifier) {}
      @Get() notify() { return this.notifier.mailer.send('ada'); }
    }
    @Module({ imports: [NotificationsModule], controllers: [NotifyController] }) class ShopModule {}

    function recordingMailer(log: string[]) {
      return {
        send: (to: string) => `faked for ${to}`,
        onModuleInit: () => { log.push('fake init'); },
        onModuleDestroy: () => { log.push('fake destroy'); },
      };
    }

    it('never constructs the replaced class', async () => {
      const served = await appOf(Test.createTestingModule({ imports: [ShopModule] }).overrideProvider(Mailer).useValue(recordingMailer([])));
      expect((await served.inject({ url: '/notify' })).body).to.equal('faked for ada');
    });

    it('runs onModuleInit of the override, not of the replaced class, when the app is made', async () => {
      const log: string[] = [];
      moduleRef = await Test.createTestingModule({ imports: [ShopModule] }).overrideProvider(Mailer).useValue(recordingMailer(log)).compile();
      expect(log).to.deep.equal([]);
      await moduleRef.createApp({ logger: false });
      expect(log).to.deep.equal(['fake init']);
    });

    it('runs onModuleDestroy of the override on app.close()', async () => {
      const log: string[] = [];
      moduleRef = await Test.createTestingModule({ imports: [ShopModule] }).overrideProvider(Mailer).useValue(recordingMailer(log)).compile();
      const served = await moduleRef.createApp({ logger: false });
      await served.close();
      expect(log).to.deep.equal(['fake init', 'fake destroy']);
    });

    it('runs the shutdown hooks of what was built on moduleRef.close() when no app was made', async () => {
      const log: string[] = [];
      moduleRef = await Test.createTestingModule({ imports: [ShopModule] }).overrideProvider(Mailer).useValue(recordingMailer(log)).compile();
      await moduleRef.close();
      expect(log).to.deep.equal(['fake destroy']);
    });

    it('runs the hooks of a guard override built outside the providers', async () => {
      const log: string[] = [];
      const served = await appOf(
        Test.createTestingModule({ imports: [AppModule] }).overrideGuard(AuthGuard).useValue({
          canActivate: () => true,
          onModuleInit: () => { log.push('guard init'); },
          onModuleDestroy: () => { log.push('guard destroy'); },
        }),
      );
      await served.close();
      expect(log).to.deep.equal(['guard init', 'guard destroy']);
    });

    it('makes one app per compiled module, and says to compile again for another', async () => {
      moduleRef = await Test.createTestingModule({ imports: [ShopModule] }).overrideProvider(Mailer).useValue(recordingMailer([])).compile();
      await moduleRef.createApp({ logger: false });
      const error = await moduleRef.createApp({ logger: false }).then(() => undefined, (e: unknown) => e);
      expect(String(error)).to.match(/WW_ERR_TESTING_MODULE_USED: createApp\(\) was already called .* compile\(\) again/);
    });
  });

  describe('an override that would replace nothing', () => {
    async function compileError(builder: ReturnType<typeof Test.createTestingModule>): Promise<string> {
      return builder.compile().then(() => 'compiled', (e: unknown) => String(e));
    }

    it('fails compile() naming the token, with the provider it was probably meant for', async () => {
      @Injectable() class UsersServise {}
      const message = await compileError(Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UsersServise).useValue({}));
      expect(message).to.contain('WW_ERR_UNKNOWN_OVERRIDE: overrideProvider(UsersServise): nothing in the module graph provides UsersServise');
      expect(message).to.contain('Did you mean UsersService (provided by UsersModule)?');
    });

    it('fails compile() before building anything, so no real factory runs for a misspelt override', async () => {
      let connected = false;
      @Module({ providers: [{ provide: 'DB_POOL', useFactory: () => { connected = true; return {}; } }] }) class DbModule {}
      const message = await compileError(Test.createTestingModule({ imports: [DbModule] }).overrideProvider('DB_POLL').useValue({}));
      expect(message).to.contain("Did you mean 'DB_POOL'");
      expect(connected).to.equal(false);
    });

    it('fails compile() for a string token with a typo', async () => {
      const message = await compileError(Test.createTestingModule({ imports: [AppModule] }).overrideProvider('CONFIGG').useValue({}));
      expect(message).to.contain("nothing in the module graph provides 'CONFIGG'. Did you mean 'CONFIG' (provided by ConfigModule)?");
    });

    it('fails compile() for another class of the same name, saying two copies of a class are two tokens', async () => {
      const Copy = (() => { @Injectable() class UsersService {} return UsersService; })();
      const message = await compileError(Test.createTestingModule({ imports: [AppModule] }).overrideProvider(Copy).useValue({}));
      expect(message).to.contain('UsersModule provides another class also named UsersService');
    });

    it('fails compile() for overrideProvider() of a guard that no module provides, pointing to overrideGuard()', async () => {
      const message = await compileError(Test.createTestingModule({ imports: [AppModule] }).overrideProvider(AuthGuard).useValue(allowAll));
      expect(message).to.contain('write overrideGuard(AuthGuard)');
    });

    it('fails compile() for overrideModule() of a module nothing imports', async () => {
      @Module({}) class ElsewhereModule {}
      @Module({}) class OtherModule {}
      const message = await compileError(Test.createTestingModule({ imports: [AppModule] }).overrideModule(ElsewhereModule).useModule(OtherModule));
      expect(message).to.contain('WW_ERR_UNKNOWN_OVERRIDE: overrideModule(ElsewhereModule): no module of the graph imports ElsewhereModule');
    });

    it('fails createApp() for overrideGuard() of a class no route uses, before any onModuleInit runs', async () => {
      const log: string[] = [];
      @Injectable() class AdminGuard { canActivate() { return false; } }
      @Injectable() class Recorder { onModuleInit() { log.push('init'); } onModuleDestroy() { log.push('destroy'); } }
      @Module({ imports: [AppModule], providers: [Recorder] }) class WithRecorder {}
      moduleRef = await Test.createTestingModule({ imports: [WithRecorder] }).overrideGuard(AdminGuard).useValue(allowAll).compile();
      const error = await moduleRef.createApp({ logger: false }).then(() => undefined, (e: unknown) => String(e));
      expect(error).to.contain('WW_ERR_UNKNOWN_OVERRIDE: overrideGuard(AdminGuard): nothing in the application uses AdminGuard');
      expect(log).to.deep.equal(['destroy']);
    });
  });
});
