import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { SetMetadata, applyDecorators } from '../../src/core/decorators/set-metadata';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { TooManyRequestsException } from '../../src/core/exceptions/http-exception';
import type { CanActivate } from '../../src/core/guards/can-activate';
import type { ExecutionContext, RouteInfo } from '../../src/core/guards/execution-context';
import type { App } from '../../src/app/app';
import { makeApp } from './helpers';

const calls: string[] = [];
const tracer = (name: string, allow = true): CanActivate => ({
  canActivate() {
    calls.push(name);
    return allow;
  },
});

const Roles = (...roles: string[]) => SetMetadata('roles', roles);
const Public = () => SetMetadata('public', true);

@Injectable()
class TokenStore {
  readonly valid = new Set(['secret']);
}

@Injectable()
class AuthGuard implements CanActivate {
  constructor(private readonly tokens: TokenStore) {}
  async canActivate(context: ExecutionContext) {
    if (context.getMetadata<boolean>('public')) return true;
    await new Promise((r) => setImmediate(r));
    return this.tokens.valid.has(context.getRequest().header('x-token') ?? '');
  }
}

class RolesGuard implements CanActivate {
  canActivate(context: ExecutionContext) {
    const roles = context.getMetadata<string[]>('roles');
    if (!roles) return true;
    return roles.includes(context.switchToHttp().getRequest().header('x-role') ?? '');
  }
}

const Admin = () => applyDecorators(Roles('admin'), UseGuards(RolesGuard));

@Controller('g')
@UseGuards(tracer('class'))
@Roles('user')
class GuardedController {
  @Get('order')
  @UseGuards(tracer('method'))
  order() {
    return calls.slice();
  }
  @Get('deny')
  @UseGuards(tracer('deny', false))
  deny() {
    return 'never';
  }
  @Get('roles')
  @UseGuards(RolesGuard)
  roles() {
    return 'user area';
  }
  @Get('admin')
  @Admin()
  admin() {
    return 'admin area';
  }
  @Get('context')
  @UseGuards({
    canActivate(context: ExecutionContext) {
      const res = context.getResponse();
      res.setHeader('X-Class', context.getClass().name);
      res.setHeader('X-Handler', context.getHandler().name);
      return true;
    },
  })
  context() {
    return 'ok';
  }
  @Get('throttled')
  @UseGuards({
    canActivate(context: ExecutionContext) {
      context.getResponse().setHeader('Retry-After', '7');
      throw new TooManyRequestsException('slow down');
    },
  })
  throttled() {
    return 'never';
  }
}

@Controller('auth')
@UseGuards(AuthGuard)
class AuthController {
  @Get('private')
  private() {
    return 'private';
  }
  @Get('public')
  @Public()
  open() {
    return 'public';
  }
}

@Module({ controllers: [GuardedController, AuthController], providers: [TokenStore] })
class AppModule {}

/** A class guard that only has work on routes marked 'audited': it says so at bootstrap. */
const auditCompiled: string[] = [];
const auditChecks: string[] = [];
const auditGuard: CanActivate = {
  compileRoute(route: RouteInfo) {
    auditCompiled.push(route.path);
    return route.getMetadata<boolean>('audited') === true;
  },
  canActivate(context: ExecutionContext) {
    auditChecks.push(context.getRequest().path);
    return context.getRequest().header('x-audit') === 'yes';
  },
};

@Controller('audit')
@UseGuards(auditGuard)
class AuditController {
  @Get('marked')
  @SetMetadata('audited', true)
  marked() {
    return 'marked';
  }
  @Get('plain')
  plain() {
    return 'plain';
  }
}

@Module({ controllers: [AuditController] })
class AuditModule {}

const initialised: string[] = [];

@Injectable()
class InitRecorder {
  onModuleInit() {
    initialised.push('InitRecorder');
  }
}

@Module({ controllers: [AuditController], providers: [InitRecorder] })
class RecordingModule {}

describe('guards', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule, { guards: [tracer('option')] });
    app.useGlobalGuards(tracer('global'));
  });
  after(() => app.close());
  beforeEach(() => {
    calls.length = 0;
  });

  it('runs the option guards, app guards, class guards, then method guards, in that order', async () => {
    expect((await app.inject({ url: '/g/order' })).json()).to.deep.equal(['option', 'global', 'class', 'method']);
  });

  it('answers 403 when a guard returns false, without calling the handler', async () => {
    const res = await app.inject({ url: '/g/deny' });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.deep.equal({ statusCode: 403, error: 'Forbidden', message: 'Forbidden resource' });
  });

  it('stops at the first guard that refuses', async () => {
    await app.inject({ url: '/g/deny' });
    expect(calls).to.deep.equal(['option', 'global', 'class', 'deny']);
  });

  it('gives guards the metadata of SetMetadata decorators, the method winning over the class', async () => {
    expect((await app.inject({ url: '/g/roles', headers: { 'x-role': 'user' } })).statusCode).to.equal(200);
    expect((await app.inject({ url: '/g/roles', headers: { 'x-role': 'guest' } })).statusCode).to.equal(403);
    expect((await app.inject({ url: '/g/admin', headers: { 'x-role': 'user' } })).statusCode).to.equal(403);
    expect((await app.inject({ url: '/g/admin', headers: { 'x-role': 'admin' } })).body).to.equal('admin area');
  });

  it('gives guards the controller class and handler through the context', async () => {
    const res = await app.inject({ url: '/g/context' });
    expect(res.headers['x-class']).to.equal('GuardedController');
    expect(res.headers['x-handler']).to.equal('context');
  });

  it('keeps the headers a guard set on the error response when it throws', async () => {
    const res = await app.inject({ url: '/g/throttled' });
    expect(res.statusCode).to.equal(429);
    expect(res.headers['retry-after']).to.equal('7');
    expect(res.json()).to.deep.equal({ statusCode: 429, error: 'Too Many Requests', message: 'slow down' });
  });

  it('builds a guard class through DI and awaits an async guard', async () => {
    expect((await app.inject({ url: '/auth/private', headers: { 'x-token': 'secret' } })).body).to.equal('private');
    expect((await app.inject({ url: '/auth/private', headers: { 'x-token': 'wrong' } })).statusCode).to.equal(403);
  });

  it('lets a guard skip routes marked with its metadata', async () => {
    expect((await app.inject({ url: '/auth/public' })).body).to.equal('public');
  });

  it('calls compileRoute once per route at bootstrap, with the route facts', async () => {
    const seen: RouteInfo[] = [];
    let checks = 0;
    const guard: CanActivate = {
      compileRoute: (route) => {
        seen.push(route);
      },
      canActivate: () => {
        checks++;
        return true;
      },
    };
    const other = await makeApp(AppModule, { guards: [guard] });
    try {
      const admin = seen.find((r) => r.path === '/g/admin')!;
      expect(seen.length).to.equal(8);
      expect(admin.method).to.equal('GET');
      expect(admin.controller).to.equal(GuardedController);
      expect(admin.handlerName).to.equal('GuardedController.admin');
      expect(admin.getMetadata('roles')).to.deep.equal(['admin']);
      expect(new Set(seen.map((r) => r.id)).size).to.equal(8);
      await other.inject({ url: '/g/order' });
      expect(seen.length).to.equal(8);
      expect(checks).to.equal(1);
    } finally {
      await other.close();
    }
  });

  it('calls compileRoute of a class guard once for each route it protects', async () => {
    auditCompiled.length = 0;
    const other = await makeApp(AuditModule);
    try {
      expect(auditCompiled.slice().sort()).to.deep.equal(['/audit/marked', '/audit/plain']);
    } finally {
      await other.close();
    }
  });

  it('leaves a guard out of the chain of a route for which its compileRoute answered false', async () => {
    auditChecks.length = 0;
    const other = await makeApp(AuditModule);
    try {
      expect((await other.inject({ url: '/audit/plain' })).body).to.equal('plain');
      expect((await other.inject({ url: '/audit/marked' })).statusCode).to.equal(403);
      expect((await other.inject({ url: '/audit/marked', headers: { 'x-audit': 'yes' } })).body).to.equal('marked');
      expect(auditChecks).to.deep.equal(['/audit/marked', '/audit/marked']);
    } finally {
      await other.close();
    }
  });

  it('leaves a global guard added with useGlobalGuards out of routes for which it answered false', async () => {
    const other = await makeApp(AppModule);
    other.useGlobalGuards({ compileRoute: (r) => r.path !== '/auth/public', canActivate: () => false });
    try {
      expect((await other.inject({ url: '/auth/public' })).body).to.equal('public');
      expect((await other.inject({ url: '/g/order' })).statusCode).to.equal(403);
    } finally {
      await other.close();
    }
  });

  it('fails bootstrap with the error of a throwing compileRoute before any onModuleInit runs', async () => {
    initialised.length = 0;
    const broken: CanActivate = {
      compileRoute(route: RouteInfo) {
        throw new Error(`no policy for ${route.handlerName}`);
      },
      canActivate: () => true,
    };
    let failure: unknown;
    try {
      await (await makeApp(RecordingModule, { guards: [broken] })).close();
    } catch (error) {
      failure = error;
    }
    expect((failure as Error).message).to.match(/^no policy for AuditController\.(marked|plain)$/);
    expect(initialised).to.deep.equal([]);
  });

  it('calls compileRoute for guards added later with useGlobalGuards', async () => {
    const other = await makeApp(AppModule);
    const seen: string[] = [];
    other.useGlobalGuards({ compileRoute: (r) => void seen.push(r.path), canActivate: () => false });
    try {
      expect(seen).to.include('/auth/private');
      expect((await other.inject({ url: '/auth/public' })).statusCode).to.equal(403);
    } finally {
      await other.close();
    }
  });
});
