import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get } from '../../../src/core/decorators/route';
import { Param, Query } from '../../../src/core/decorators/params';
import { createParamDecorator } from '../../../src/core/decorators/create-param-decorator';
import { SetMetadata } from '../../../src/core/decorators/set-metadata';
import { UseGuards } from '../../../src/core/decorators/use-guards';
import { Catch, UseFilters } from '../../../src/core/decorators/use-filters';
import { Module } from '../../../src/core/di/module';
import { Injectable } from '../../../src/core/di/injectable';
import { ForbiddenException } from '../../../src/core/exceptions/http-exception';
import type { ExecutionContext } from '../../../src/core/guards/execution-context';
import type { ExceptionFilter } from '../../../src/core/exceptions/exception-filter';
import { ParseIntPipe } from '../../../src/core/pipes/parse-pipes';
import type { ArgumentMetadata, PipeTransform } from '../../../src/core/pipes/pipe';
import type { App } from '../../../src/app/app';
import { makeApp, recordHandlerReturns } from '../../app/helpers';

interface SessionUser {
  id: string;
  email: string;
}

/** What an auth guard does in Nest: put the user on the request. */
@Injectable()
class AuthGuard {
  canActivate(context: ExecutionContext) {
    const req = context.switchToHttp().getRequest();
    req.locals.user = { id: '42', email: 'ada@example.com' } satisfies SessionUser;
    return true;
  }
}

const User = createParamDecorator((data: keyof SessionUser | undefined, ctx: ExecutionContext) => {
  const user = ctx.switchToHttp().getRequest().locals.user as SessionUser;
  return data ? user[data] : user;
});

const Route = createParamDecorator((_data: unknown, ctx: ExecutionContext) => ({
  controller: ctx.getClass().name,
  handler: ctx.getHandler().name,
  role: ctx.getMetadata<string>('role'),
  sameResponse: ctx.getResponse() === ctx.switchToHttp().getResponse(),
  url: ctx.getRequest().path,
}));

const Tenant = createParamDecorator(async (_data: unknown, ctx: ExecutionContext) => {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return ctx.getRequest().header('x-tenant');
});

const Deny = createParamDecorator(() => {
  throw new ForbiddenException('no session');
});

class DbDown extends Error {}
const Broken = createParamDecorator(() => {
  throw new DbDown('db password=hunter2');
});
const BrokenAsync = createParamDecorator(async () => {
  throw new DbDown('later');
});

const Raw = createParamDecorator((data: unknown) => data);

const seen: ArgumentMetadata[] = [];
class RecordPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata) {
    seen.push(metadata);
    return `${String(value)}!`;
  }
}

@Catch(DbDown)
class DbDownFilter implements ExceptionFilter {
  catch(error: Error, host: ExecutionContext) {
    host.getResponse().json({ filtered: error.message }, 503);
  }
}

@Controller('c')
@UseGuards(AuthGuard)
class UsersController {
  @Get('me')
  me(@User() user: SessionUser) {
    return user;
  }
  @Get('email')
  email(@User('email') email: string) {
    return { email };
  }
  @Get('id')
  id(@User('id', ParseIntPipe) id: number) {
    return { id, type: typeof id };
  }
  @Get('pipe-only')
  pipeOnly(@User(new RecordPipe()) user: string) {
    return { user };
  }
  @Get('route')
  @SetMetadata('role', 'admin')
  route(@Route() facts: unknown) {
    return facts;
  }
  @Get('tenant')
  tenant(@Tenant(RecordPipe) tenant: string, @Query('q') q: string) {
    return { tenant, q };
  }
  @Get('deny')
  deny(@Deny() _x: unknown) {
    return 'unreachable';
  }
  @Get('broken')
  broken(@Broken() _x: unknown) {
    return 'unreachable';
  }
  @Get('broken-async')
  brokenAsync(@BrokenAsync() _x: unknown) {
    return 'unreachable';
  }
  @Get('filtered')
  @UseFilters(DbDownFilter)
  filtered(@Broken() _x: unknown) {
    return 'unreachable';
  }
}

/** No guard, no interceptor: only the custom parameter makes the route need a context. */
@Controller('bare')
class BareController {
  @Get(':id')
  show(@Param('id') id: string, @Raw({ field: 'x' }, RecordPipe) raw: string, @Route() facts: { handler: string }) {
    return { id, raw, handler: facts.handler };
  }
}

@Module({ controllers: [UsersController, BareController], providers: [AuthGuard] })
class AppModule {}

describe('createParamDecorator', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule);
  });
  after(() => app.close());
  beforeEach(() => {
    seen.length = 0;
  });

  it('gives the parameter what the factory returns, reading what a guard put on the request', async () => {
    const res = await app.inject({ url: '/c/me' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: '42', email: 'ada@example.com' });
  });

  it("passes the decorator's data to the factory", async () => {
    expect((await app.inject({ url: '/c/email' })).json()).to.deep.equal({ email: 'ada@example.com' });
  });

  it('runs the pipes given after the data on the factory\'s value', async () => {
    expect((await app.inject({ url: '/c/id' })).json()).to.deep.equal({ id: 42, type: 'number' });
  });

  it("takes a pipe instance as the only argument as a pipe, with data undefined, as Nest does", async () => {
    const res = await app.inject({ url: '/c/pipe-only' });
    expect(res.json()).to.deep.equal({ user: '[object Object]!' });
    expect(seen).to.deep.equal([{ type: 'custom', data: undefined, metatype: String }]);
  });

  it("gives pipes ArgumentMetadata of type 'custom' with the decorator's data, whatever its type", async () => {
    const res = await app.inject({ url: '/bare/7' });
    expect(res.json()).to.deep.equal({ id: '7', raw: '[object Object]!', handler: 'show' });
    expect(seen).to.deep.equal([{ type: 'custom', data: { field: 'x' }, metatype: String }]);
  });

  it('hands the factory the execution context guards get: class, handler, metadata, request and response', async () => {
    expect((await app.inject({ url: '/c/route' })).json()).to.deep.equal({
      controller: 'UsersController', handler: 'route', role: 'admin', sameResponse: true, url: '/c/route',
    });
  });

  it('awaits an async factory, then runs its pipes', async () => {
    const res = await app.inject({ url: '/c/tenant?q=1', headers: { 'x-tenant': 'acme' } });
    expect(res.json()).to.deep.equal({ tenant: 'acme!', q: '1' });
  });

  it('answers the status of an HttpException the factory throws', async () => {
    const res = await app.inject({ url: '/c/deny' });
    expect(res.statusCode).to.equal(403);
    expect(res.json()).to.include({ message: 'no session' });
  });

  it('answers 500 without internals when the factory throws another error, sync or async', async () => {
    for (const url of ['/c/broken', '/c/broken-async']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(500);
      expect(res.body, url).not.to.contain('hunter2');
    }
  });

  it("sends the factory's error through the route's exception filters", async () => {
    const res = await app.inject({ url: '/c/filtered' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.equal({ filtered: 'db password=hunter2' });
  });

  it('serves a route with a sync factory without returning a promise', async () => {
    const { returned, restore } = recordHandlerReturns(app);
    try {
      expect((await app.inject({ url: '/bare/1' })).statusCode).to.equal(200);
      expect((await app.inject({ url: '/c/tenant', headers: { 'x-tenant': 't' } })).statusCode).to.equal(200);
      expect(returned[0]).to.equal(undefined);
      expect(returned[1]).to.be.instanceOf(Promise);
    } finally {
      restore();
    }
  });
});

describe('createParamDecorator misuse', () => {
  const Current = createParamDecorator(function CurrentUser(data: unknown) {
    return data;
  });

  it('refuses a custom and a built-in decorator on one parameter when the class loads, naming both', () => {
    expect(() => {
      class C {
        find(@Query('a') @Current('email') value: string) {
          return value;
        }
      }
      return C;
    }).to.throw(TypeError, /#0 of C\.find.*@Query\('a'\) and @CurrentUser\('email'\)/);
  });

  it('refuses two custom decorators on one parameter', () => {
    expect(() => {
      class C {
        find(@Current() @Current('id') value: string) {
          return value;
        }
      }
      return C;
    }).to.throw(TypeError, /two parameter decorators/);
  });

  it('refuses a custom decorator on a constructor parameter', () => {
    expect(() => {
      class C {
        constructor(@Current() readonly value: string) {}
      }
      return C;
    }).to.throw(TypeError, /@CurrentUser\(\) can only decorate a route method's parameter/);
  });

  it('refuses a factory that is not a function', () => {
    expect(() => createParamDecorator('user' as never)).to.throw(TypeError, /factory function/);
  });
});
