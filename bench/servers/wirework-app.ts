// The wirework row as users write it: a module, constructor injection, a param pipe and a
// guard chain on every route (two guards, one reading route metadata precomputed at
// bootstrap). Compiled by scripts/bench.js (tsc -p bench/tsconfig.json) next to this file.
import 'reflect-metadata';
import {
  createServer,
  Controller,
  Get,
  Post,
  Param,
  ParseIntPipe,
  Body,
  UseGuards,
  Injectable,
  Module,
  RateLimit,
  SetMetadata,
} from '../../dist/src/index.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const common = require('./common.js') as {
  PORT: number;
  HOST: string;
  HELLO: string;
  ROUTE_COUNT: number;
  routePath(i: number): string;
  STATIC_DIR: string;
  user(id: number): object;
  ensureStaticFile(): void;
  ready(name: string, port?: number): void;
};

/** What the guards see; structural, so this file needs no internal import. */
interface Context {
  getRequest(): { method: string; header(name: string): string | undefined };
  getMetadata<T>(key: string | symbol): T | undefined;
}

const ROLES = 'bench:roles';

@Injectable()
class UserService {
  find(id: number): object {
    return common.user(id);
  }
}

/** A guard that looks at the request, as an API-key or tenant guard would; lets all through. */
@Injectable()
class TenantGuard {
  canActivate(context: Context): boolean {
    return context.getRequest().header('x-tenant') !== 'blocked';
  }
}

/** A guard that reads route metadata (precomputed at bootstrap); the routes allow 'guest'. */
@Injectable()
class RolesGuard {
  canActivate(context: Context): boolean {
    const roles = context.getMetadata<string[]>(ROLES);
    return roles === undefined || roles.includes('guest');
  }
}

const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

@Controller()
@UseGuards(TenantGuard, RolesGuard)
@Roles('guest', 'user')
class BenchController {
  constructor(private readonly users: UserService) {}

  @Get('/')
  hello(): string {
    return common.HELLO;
  }

  @Get('/users/:id')
  user(@Param('id', ParseIntPipe) id: number): object {
    return this.users.find(id);
  }

  @Post('/echo')
  echo(@Body() body: unknown): unknown {
    return body;
  }
}

/** The rate-limit scenario: a limit no run can reach, so every request pays the guard and passes. */
@Controller()
class LimitedController {
  // sliding-window: a counter per key, as fastify's limiter keeps; the exact sliding log would
  // hold a timestamp per request of the last minute, which is another benchmark.
  @Get('/limited-hot')
  @RateLimit({ limit: 1e9, windowMs: 60_000, algorithm: 'sliding-window' })
  hot(): string {
    return 'ok';
  }
}

/** 100 param routes, made in a loop as a generated API would; the scenario hits the last one. */
class RouteTableController {}
for (let i = 0; i < common.ROUTE_COUNT; i++) {
  const name = `route${i}`;
  Object.defineProperty(RouteTableController.prototype, name, {
    value: (id: string) => `route ${i} item ${id}`,
    writable: true,
    configurable: true,
  });
  // what emitDecoratorMetadata would have written for `(id: string)` on a declared method
  Reflect.defineMetadata('design:paramtypes', [String], RouteTableController.prototype, name);
  Param('id')(RouteTableController.prototype, name, 0);
  Get(common.routePath(i))(RouteTableController.prototype, name, Object.getOwnPropertyDescriptor(RouteTableController.prototype, name)!);
}
Controller()(RouteTableController);

@Module({
  controllers: [BenchController, LimitedController, RouteTableController],
  providers: [UserService, TenantGuard, RolesGuard],
})
class AppModule {}

async function main(): Promise<void> {
  common.ensureStaticFile();
  const app = await createServer(AppModule, { logger: false });
  try {
    app.useStatic('/static', common.STATIC_DIR);
  } catch (err) {
    // the static scenario then answers 404 and the runner skips it with that reason
    console.error(`no static files: ${(err as Error).message}`);
  }
  const address = await app.listen(common.PORT, common.HOST);
  common.ready('wirework-app', address.port);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
