/**
 * docs/guards-and-pipes.md: its examples as written there (imports from the source instead
 * of 'wirework'), and the answers the page promises. Keep the two in sync.
 */
import { expect } from 'chai';
import { z } from 'zod';
import {
  Injectable, UnauthorizedException, UseGuards, Controller, Get, Post, Body, Query, Param, Module, createServer,
  SetMetadata, applyDecorators, UseInterceptors, BadRequestException, DefaultValuePipe, ParseIntPipe, ParseBoolPipe,
  ParseFloatPipe, ParseUUIDPipe, ParseEnumPipe, App,
  type CanActivate, type ExecutionContext, type RouteInfo, type PipeTransform, type ArgumentMetadata, type Interceptor, type CallHandler,
} from '../../src/index';

// ---- "Guards" ----------------------------------------------------------------------------------
@Injectable()
export class ApiKeyGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const key = context.getRequest().header('x-api-key');   // header names are lower-case
    if (key === undefined) {
      context.getResponse().setHeader('WWW-Authenticate', 'ApiKey');
      throw new UnauthorizedException('Send X-Api-Key');    // 401, with the header above
    }
    return key === 'secret';                                // false → 403
  }
}

@Controller('admin')
@UseGuards(ApiKeyGuard)                 // every route of the controller
export class AdminController {
  @Get('stats')
  stats() { return { users: 2 }; }
}

// ---- "compileRoute" -------------------------------------------------------------------------
@Injectable()
class AuditGuard implements CanActivate {
  compileRoute(route: RouteInfo) {
    return route.getMetadata<boolean>('audited') === true; // only @SetMetadata('audited', true) routes
  }
  canActivate(context: ExecutionContext) {
    return context.getRequest().header('x-audit-token') !== undefined;
  }
}

@Controller('orders')
@UseGuards(AuditGuard)
class OrdersController {
  @Get()
  list() { return []; }                    // AuditGuard is not in this route's chain

  @Post()
  @SetMetadata('audited', true)
  create() { return { created: true }; }   // 403 without X-Audit-Token
}

// ---- "SetMetadata and applyDecorators" -------------------------------------------------------
export const ROLES = 'roles';
export const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

@Injectable()
export class RolesGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const roles = context.getMetadata<string[]>(ROLES);
    if (roles === undefined) return true;                   // no @Roles: open
    const role = context.getRequest().header('x-role') ?? '';
    return roles.includes(role);
  }
}

/** One decorator for "guarded by role". Works on classes and methods. */
export const Auth = (...roles: string[]) => applyDecorators(Roles(...roles), UseGuards(RolesGuard));

@Controller('reports')
@Auth('staff')
export class ReportsController {
  @Get()
  list() { return ['q1']; }                                 // staff

  @Get('payroll')
  @Roles('admin')                                           // method wins: admin only
  payroll() { return ['jan']; }
}

// ---- "Pipes" -----------------------------------------------------------------------------------
export class TrimPipe implements PipeTransform<unknown, unknown> {
  transform(value: unknown, metadata: ArgumentMetadata) {
    // metadata: { type: 'param' | 'query' | 'body' | 'headers' | 'custom', metatype, data: the name }
    if (typeof value !== 'string') throw new BadRequestException(`${metadata.data} must be a string`);
    return value.trim();
  }
}

enum Color { Red = 'red', Blue = 'blue' }

@Controller('pipes')
class PipesController {
  @Get()
  list(
    @Query('limit', new DefaultValuePipe(20), ParseIntPipe) limit: number,
    @Query('active', new ParseBoolPipe({ optional: true })) active?: boolean,
  ) { return { limit, active: active ?? null }; }

  // (the table's rows, not examples of the page)
  @Get('int/:v') int(@Param('v', ParseIntPipe) v: number) { return { v }; }
  @Get('float/:v') float(@Param('v', ParseFloatPipe) v: number) { return { v }; }
  @Get('uuid/:v') uuid(@Param('v', new ParseUUIDPipe({ version: '4' })) v: string) { return { v }; }
  @Get('color/:v') color(@Param('v', new ParseEnumPipe(Color)) v: Color) { return { v }; }
  @Get('trim') trim(@Query('s', TrimPipe) s: string) { return { s }; }
}

// ---- "Validation with a Standard Schema" -------------------------------------------------------
const NewUser = z.object({ name: z.string().min(1), age: z.number().int().min(0) });
const Paging = z.object({ page: z.coerce.number().int().min(1).default(1) });

@Controller('users')
export class UsersController {
  @Post()
  create(@Body(NewUser) user: z.infer<typeof NewUser>) { return user; }

  @Get()
  list(@Query(Paging) paging: z.infer<typeof Paging>) { return paging; }   // the whole query
}

// ---- "Interceptors" ----------------------------------------------------------------------------
@Injectable()
export class EnvelopeInterceptor implements Interceptor {
  async intercept(context: ExecutionContext, next: CallHandler) {
    const started = Date.now();
    const data = await next.handle();
    context.getResponse().setHeader('X-Elapsed-Ms', String(Date.now() - started));
    return { data };
  }
}

@Controller('items')
@UseInterceptors(EnvelopeInterceptor)
export class ItemsController {
  @Get()
  list() { return [1, 2]; }                 // → {"data":[1,2]}
}

@Module({
  controllers: [AdminController, OrdersController, ReportsController, PipesController, UsersController, ItemsController],
  providers: [ApiKeyGuard],
})
class AppModule {}

describe('docs/guards-and-pipes.md', () => {
  let app: App;
  beforeEach(async () => {
    app = await createServer(AppModule, { logger: false });
  });
  afterEach(() => app.close());

  describe('the ApiKeyGuard example', () => {
    it('answers 401 with the header the guard set when the key is missing', async () => {
      const res = await app.inject({ url: '/admin/stats' });
      expect(res.statusCode).to.equal(401);
      expect(res.headers['www-authenticate']).to.equal('ApiKey');
      expect(res.json()).to.deep.equal({ statusCode: 401, error: 'Unauthorized', message: 'Send X-Api-Key' });
    });

    it('answers 403 "Forbidden resource" when the guard returns false', async () => {
      const res = await app.inject({ url: '/admin/stats', headers: { 'x-api-key': 'wrong' } });
      expect(res.statusCode).to.equal(403);
      expect(res.json()).to.deep.equal({ statusCode: 403, error: 'Forbidden', message: 'Forbidden resource' });
    });

    it('lets the request through with the right key', async () => {
      const res = await app.inject({ url: '/admin/stats', headers: { 'x-api-key': 'secret' } });
      expect(res.json()).to.deep.equal({ users: 2 });
    });
  });

  describe('the compileRoute example', () => {
    it('leaves the guard out of the route whose compileRoute answered false', async () => {
      expect((await app.inject({ url: '/orders' })).json()).to.deep.equal([]);
    });

    it('keeps the guard on the marked route', async () => {
      expect((await app.inject({ method: 'POST', url: '/orders' })).statusCode).to.equal(403);
      const res = await app.inject({ method: 'POST', url: '/orders', headers: { 'x-audit-token': 't' } });
      expect(res.json()).to.deep.equal({ created: true });
    });
  });

  describe('the Roles / Auth example', () => {
    it('applies the class-level roles to the controller routes', async () => {
      expect((await app.inject({ url: '/reports', headers: { 'x-role': 'staff' } })).statusCode).to.equal(200);
      expect((await app.inject({ url: '/reports', headers: { 'x-role': 'guest' } })).statusCode).to.equal(403);
    });

    it('lets the method metadata win over the class', async () => {
      expect((await app.inject({ url: '/reports/payroll', headers: { 'x-role': 'staff' } })).statusCode).to.equal(403);
      expect((await app.inject({ url: '/reports/payroll', headers: { 'x-role': 'admin' } })).json()).to.deep.equal(['jan']);
    });
  });

  describe('guard order', () => {
    it('runs the option guards, app guards, class guards, then method guards', async () => {
      const seen: string[] = [];
      const mark = (name: string): CanActivate => ({ canActivate: () => (seen.push(name), true) });
      @Controller() @UseGuards(mark('class')) class C { @Get() @UseGuards(mark('method')) one() { return 1; } }
      @Module({ controllers: [C] }) class M {}
      const ordered = await createServer(M, { logger: false, guards: [mark('option')] });
      ordered.useGlobalGuards(mark('global'));
      await ordered.inject({ url: '/' });
      await ordered.close();
      expect(seen).to.deep.equal(['option', 'global', 'class', 'method']);
    });
  });

  describe('a guard that needs the body', () => {
    it('reads the raw bytes itself, and the handler still gets the parsed body', async () => {
      class BodyGuard implements CanActivate {
        async canActivate(context: ExecutionContext) { return (await context.getRequest().body()).toString().includes('ok'); }
      }
      @Controller() class C { @Post() @UseGuards(BodyGuard) create(@Body() body: unknown) { return { body }; } }
      @Module({ controllers: [C] }) class M {}
      const other = await createServer(M, { logger: false });
      try {
        expect((await other.inject({ method: 'POST', url: '/', body: { v: 'ok' } })).json()).to.deep.equal({ body: { v: 'ok' } });
        expect((await other.inject({ method: 'POST', url: '/', body: { v: 'no' } })).statusCode).to.equal(403);
      } finally {
        await other.close();
      }
    });
  });

  describe('pipes', () => {
    it('fills a missing value with DefaultValuePipe, and lets ParseBoolPipe({ optional }) pass undefined', async () => {
      expect((await app.inject({ url: '/pipes' })).json()).to.deep.equal({ limit: 20, active: null });
      expect((await app.inject({ url: '/pipes?limit=5&active=true' })).json()).to.deep.equal({ limit: 5, active: true });
    });

    it('refuses with the 400 body the page shows', async () => {
      const res = await app.inject({ url: '/pipes?limit=abc' });
      expect(res.statusCode).to.equal(400);
      expect(res.json()).to.deep.equal({
        statusCode: 400, error: 'Bad Request', message: "Validation failed for query 'limit' (numeric string is expected)",
      });
    });

    it('converts and refuses as the table says', async () => {
      const status = async (url: string) => (await app.inject({ url })).statusCode;
      expect((await app.inject({ url: '/pipes/int/-7' })).json()).to.deep.equal({ v: -7 });
      expect(await status('/pipes/int/4.2')).to.equal(400);
      expect(await status('/pipes/int/12abc')).to.equal(400);
      expect((await app.inject({ url: '/pipes/float/1e3' })).json()).to.deep.equal({ v: 1000 });
      expect((await app.inject({ url: '/pipes/float/.5' })).json()).to.deep.equal({ v: 0.5 });
      expect(await status('/pipes/float/Infinity')).to.equal(400);
      expect(await status('/pipes/uuid/9b2f8a34-5c1e-4f6a-8d2b-1c3e5f7a9b0d')).to.equal(200);
      expect(await status('/pipes/uuid/9b2f8a34-5c1e-1f6a-8d2b-1c3e5f7a9b0d')).to.equal(400);
      expect((await app.inject({ url: '/pipes/color/red' })).json()).to.deep.equal({ v: 'red' });
      expect(await status('/pipes/color/green')).to.equal(400);
    });

    it('runs a custom pipe with its ArgumentMetadata', async () => {
      expect((await app.inject({ url: '/pipes/trim?s=%20x%20' })).json()).to.deep.equal({ s: 'x' });
      expect((await app.inject({ url: '/pipes/trim' })).json<{ message: string }>().message).to.equal('s must be a string');
    });
  });

  describe('Standard Schema validation', () => {
    it('answers 400 with every issue, as the page shows', async () => {
      const res = await app.inject({ method: 'POST', url: '/users', body: { name: '', age: 1.5 } });
      expect(res.statusCode).to.equal(400);
      expect(res.json()).to.deep.equal({
        statusCode: 400,
        error: 'Bad Request',
        message: 'Validation failed for body: name: Too small: expected string to have >=1 characters; age: Invalid input: expected int, received number',
        issues: [
          { path: 'name', message: 'Too small: expected string to have >=1 characters' },
          { path: 'age', message: 'Invalid input: expected int, received number' },
        ],
      });
    });

    it('passes the schema output on: a valid body, and a coerced, defaulted query', async () => {
      expect((await app.inject({ method: 'POST', url: '/users', body: { name: 'Ada', age: 36 } })).json()).to.deep.equal({ name: 'Ada', age: 36 });
      expect((await app.inject({ url: '/users?page=3' })).json()).to.deep.equal({ page: 3 });
      expect((await app.inject({ url: '/users' })).json()).to.deep.equal({ page: 1 });
      expect((await app.inject({ url: '/users?page=0' })).statusCode).to.equal(400);
    });
  });

  describe('interceptors', () => {
    it('wraps the result and sets the header (the EnvelopeInterceptor example)', async () => {
      const res = await app.inject({ url: '/items' });
      expect(res.json()).to.deep.equal({ data: [1, 2] });
      expect(res.headers['x-elapsed-ms']).to.match(/^\d+$/);
    });
  });

  describe('middleware (the page example)', () => {
    it('logs after the answer, and guards a prefix by whole segments', async () => {
      const lines: string[] = [];
      const log = (line: string) => lines.push(line);
      app.use(async (req, res, next) => {
        const started = Date.now();
        await next();                              // resolves when the rest has finished
        log(`${req.method} ${req.path} ${res.statusCode} ${Date.now() - started}ms`);
      });
      app.use('/admin', (req, res, next) => {      // '/admin' and '/admin/…', not '/administrator'
        if (req.header('x-admin') !== 'yes') return res.json({ message: 'admins only' }, 403);
        return next();
      });

      const refused = await app.inject({ url: '/admin/stats', headers: { 'x-api-key': 'secret' } });
      expect(refused.statusCode).to.equal(403);
      expect(refused.json()).to.deep.equal({ message: 'admins only' });
      const allowed = await app.inject({ url: '/admin/stats', headers: { 'x-api-key': 'secret', 'x-admin': 'yes' } });
      expect(allowed.statusCode).to.equal(200);
      expect((await app.inject({ url: '/administrator' })).statusCode).to.equal(404); // not under /admin
      expect(lines.map((l) => l.replace(/ \d+ms$/, ''))).to.deep.equal([
        'GET /admin/stats 403', 'GET /admin/stats 200', 'GET /administrator 404',
      ]);
    });

    it('answers with the status of an HttpException a middleware throws', async () => {
      app.use(() => { throw new UnauthorizedException(); });
      expect((await app.inject({ url: '/items' })).statusCode).to.equal(401);
    });

    it('answers 503 at requestTimeoutMs for a middleware that neither answers nor calls next', async () => {
      const timed = await createServer(AppModule, { logger: false, requestTimeoutMs: 50 });
      timed.use(() => undefined);
      expect((await timed.inject({ url: '/items' })).statusCode).to.equal(503);
      await timed.close();
    });
  });
});
