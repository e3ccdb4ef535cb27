import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body, Param, Query } from '../../src/core/decorators/params';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { UseInterceptors } from '../../src/core/decorators/use-interceptors';
import { SetMetadata } from '../../src/core/decorators/set-metadata';
import { Header } from '../../src/core/decorators/response';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { ParseIntPipe } from '../../src/core/pipes/parse-pipes';
import type { ExecutionContext } from '../../src/core/guards/execution-context';
import type { CallHandler } from '../../src/core/interceptors';
import { injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import { makeApp, recordHandlerReturns } from './helpers';

@Injectable()
class RoleGuard {
  canActivate(context: ExecutionContext) {
    return context.getMetadata<string>('role') === 'reader';
  }
}

@Controller('h')
@UseGuards(RoleGuard)
@SetMetadata('role', 'reader')
class HotController {
  @Get('sync/:id')
  @Header('X-Route', 'sync')
  sync(@Param('id', ParseIntPipe) id: number, @Query('q') q: string) {
    return { id, q };
  }
  @Post('plain')
  plain(@Body() body: unknown) {
    return body;
  }
  @Post('body')
  @UseInterceptors({ intercept: (_c: ExecutionContext, next: CallHandler) => next.handle() })
  body(@Body() body: unknown) {
    return body;
  }
}

@Module({ controllers: [HotController], providers: [RoleGuard] })
class AppModule {}

describe('the request path', () => {
  it('reads no decorator metadata while serving requests', async () => {
    const app = await makeApp(AppModule);
    const reflect = Reflect as unknown as Record<string, (...args: unknown[]) => unknown>;
    const names = ['getMetadata', 'getOwnMetadata', 'getMetadataKeys', 'getOwnMetadataKeys', 'hasMetadata', 'hasOwnMetadata'];
    const originals = names.map((n) => reflect[n]);
    let calls = 0;
    names.forEach((n, i) => {
      reflect[n] = (...args: unknown[]) => {
        calls++;
        return originals[i].apply(Reflect, args);
      };
    });
    try {
      const a = await app.inject({ url: '/h/sync/3?q=x' });
      const b = await app.inject({ method: 'POST', url: '/h/body', body: { ok: true } });
      const c = await app.inject({ url: '/h/missing' });
      expect([a.statusCode, b.statusCode, c.statusCode]).to.deep.equal([200, 201, 404]);
      expect(a.json()).to.deep.equal({ id: 3, q: 'x' });
      expect(calls).to.equal(0);
    } finally {
      names.forEach((n, i) => (reflect[n] = originals[i]));
      await app.close();
    }
  });

  it('handles a route with sync guards, pipes, no body and a sync result without returning a promise', async () => {
    const app = await makeApp(AppModule);
    const { returned, restore } = recordHandlerReturns(app);
    try {
      const res = await app.inject({ url: '/h/sync/8' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['x-route']).to.equal('sync');
      const body = await app.inject({ method: 'POST', url: '/h/body', body: { ok: true } });
      expect(body.json()).to.deep.equal({ ok: true });
      expect(returned[0]).to.equal(undefined);
      expect(returned[1]).to.be.instanceOf(Promise);
    } finally {
      restore();
      await app.close();
    }
  });

  it('handles a JSON POST whose body came in the same write as its head without returning a promise', async () => {
    const app = await makeApp(AppModule);
    const { returned, restore } = recordHandlerReturns(app);
    try {
      const json = '{"ok":true}';
      const raw = await injectRaw(
        app.getHttpServer(),
        `POST /h/plain HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${json.length}\r\n\r\n${json}`,
      );
      const [res] = readResponses(raw);
      expect(res.statusCode).to.equal(201);
      expect(JSON.parse(res.body.toString())).to.deep.equal({ ok: true });
      expect(returned).to.deep.equal([undefined]);
    } finally {
      restore();
      await app.close();
    }
  });
});
