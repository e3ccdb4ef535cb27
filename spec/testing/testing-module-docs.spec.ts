/**
 * docs/testing.md, "Replacing providers, guards and modules": the page's example as written
 * (imports from the source instead of 'wirework'), on an app with the names it uses. Keep the
 * two in sync.
 */
import { expect } from 'chai';
import {
  Controller, Get, Injectable, Module, Param, Test, TestingModule, UseGuards, type App, type CanActivate, type ExecutionContext,
} from '../../src/index';

@Injectable()
class UsersRepository {
  find(id: string) { return { id, name: `real ${id}` }; }
}

@Injectable()
class AuthGuard implements CanActivate {
  canActivate(context: ExecutionContext) { return context.getRequest().header('authorization') === 'Bearer secret'; }
}

@Module({ providers: [UsersRepository], exports: [UsersRepository] })
class DataModule {}

@Controller('users')
@UseGuards(AuthGuard)
class UsersController {
  constructor(private readonly users: UsersRepository) {}
  @Get(':id') find(@Param('id') id: string) { return this.users.find(id); }
}

@Module({ imports: [DataModule], controllers: [UsersController] })
class UsersModule {}

@Module({ imports: [UsersModule] })
class AppModule {}

describe('docs/testing.md: Test.createTestingModule()', () => {
  // ---- the page's example, as written ---------------------------------------------------------
  describe('users', () => {
    let moduleRef: TestingModule;
    let app: App;
    beforeEach(async () => {
      moduleRef = await Test.createTestingModule({ imports: [AppModule] })
        .overrideProvider(UsersRepository).useValue({ find: (id: string) => ({ id, name: 'Zoe' }) })
        .overrideGuard(AuthGuard).useValue({ canActivate: () => true })
        .compile();
      app = await moduleRef.createApp({ logger: false });   // the options createServer takes
    });
    afterEach(() => app.close());                           // closes everything the module built

    it('serves the fake without a token', async () => {
      const res = await app.inject({ url: '/users/1' });
      expect(res.json()).to.deep.equal({ id: '1', name: 'Zoe' });
      expect(moduleRef.get(UsersRepository).find('2').name).to.equal('Zoe');
    });
  });

  // ---- the rest of the section ------------------------------------------------------------------
  it('rejects compile() for a misspelt provider with the message the page quotes', async () => {
    @Injectable() class UsersRepositry {}
    const error = await Test.createTestingModule({ imports: [AppModule] }).overrideProvider(UsersRepositry).useValue({}).compile()
      .then(() => undefined, (e: unknown) => String(e));
    expect(error).to.contain('overrideProvider(UsersRepositry): nothing in the module graph provides UsersRepositry. Did you mean UsersRepository (provided by DataModule)?');
  });

  it('tests a controller alone with { controllers, providers } and a useValue stand-in', async () => {
    const moduleRef = await Test.createTestingModule({
      controllers: [UsersController],
      providers: [{ provide: UsersRepository, useValue: { find: (id: string) => ({ id, name: 'stand-in' }) } }],
    }).overrideGuard(AuthGuard).useValue({ canActivate: () => true }).compile();
    expect(moduleRef.get(UsersController).find('7')).to.deep.equal({ id: '7', name: 'stand-in' });
    const app = await moduleRef.createApp({ logger: false });
    expect((await app.inject({ url: '/users/7' })).json()).to.deep.equal({ id: '7', name: 'stand-in' });
    await app.close();
  });

  it('refuses the workers option in createApp()', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] }).compile();
    const error = await moduleRef.createApp({ logger: false, workers: 2 }).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(TypeError);
    expect(String(error)).to.contain('the workers option is not available');
    await moduleRef.close();
  });
});
