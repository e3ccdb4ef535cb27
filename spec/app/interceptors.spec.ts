import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body, Param } from '../../src/core/decorators/params';
import { ParseIntPipe } from '../../src/core/pipes/parse-pipes';
import type { PipeTransform } from '../../src/core/pipes/pipe';
import { HttpException } from '../../src/core/exceptions/http-exception';
import { UseInterceptors } from '../../src/core/decorators/use-interceptors';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { BadRequestException } from '../../src/core/exceptions/http-exception';
import type { CallHandler, Interceptor } from '../../src/core/interceptors';
import type { ExecutionContext } from '../../src/core/guards/execution-context';
import type { App } from '../../src/app/app';
import { makeApp } from './helpers';

const trail: string[] = [];

const named = (name: string): Interceptor => ({
  async intercept(_context: ExecutionContext, next: CallHandler) {
    trail.push(`${name} before`);
    const result = await next.handle();
    trail.push(`${name} after`);
    return result;
  },
});

@Injectable()
class Envelope {
  readonly version = 2;
}

@Injectable()
class WrapInterceptor implements Interceptor {
  constructor(private readonly envelope: Envelope) {}
  async intercept(context: ExecutionContext, next: CallHandler) {
    const data = await next.handle();
    return { v: this.envelope.version, handler: context.getHandler().name, data };
  }
}

class TimingInterceptor implements Interceptor {
  async intercept(context: ExecutionContext, next: CallHandler) {
    const started = process.hrtime.bigint();
    const result = await next.handle();
    context.getResponse().setHeader('X-Elapsed-Ns', String(process.hrtime.bigint() - started));
    return result;
  }
}

@Controller('i')
@UseInterceptors(named('class'))
class InterceptedController {
  @Get('order')
  @UseInterceptors(named('method'))
  order() {
    trail.push('handler');
    return 'done';
  }
  @Get('wrap')
  @UseInterceptors(WrapInterceptor)
  wrap() {
    return [1, 2];
  }
  @Get('timing')
  @UseInterceptors(new TimingInterceptor())
  timing() {
    return 'timed';
  }
  @Get('cached')
  @UseInterceptors({ intercept: () => ({ fromCache: true }) })
  cached() {
    trail.push('handler ran');
    return { fromCache: false };
  }
  @Get('fails')
  @UseInterceptors({
    async intercept(_c: ExecutionContext, next: CallHandler) {
      try {
        return await next.handle();
      } catch {
        throw new BadRequestException('mapped by the interceptor');
      }
    },
  })
  fails() {
    throw new Error('inner');
  }
}

/** Records that it ran: shows whether the pipes ran inside or before an interceptor. */
const tracedPipe: PipeTransform = {
  transform(value: unknown) {
    trail.push('pipe');
    return value;
  },
};

/** Answers any error as its status in a 200, as a Nest interceptor's catchError would. */
const catchesErrors: Interceptor = {
  async intercept(_c: ExecutionContext, next: CallHandler) {
    trail.push('interceptor before');
    try {
      return await next.handle();
    } catch (error) {
      return { caught: error instanceof HttpException ? error.getStatus() : 500 };
    }
  },
};

@Controller('around')
class AroundPipesController {
  @Post('items/:id')
  @UseInterceptors(catchesErrors)
  update(@Param('id', ParseIntPipe) id: number, @Body(tracedPipe) body: unknown) {
    trail.push('handler');
    return { id, body };
  }

  @Post('cached')
  @UseInterceptors({ intercept: () => ({ fromCache: true }) })
  cached(@Body(tracedPipe) body: unknown) {
    trail.push('handler ran');
    return body;
  }
}

@Module({ controllers: [InterceptedController, AroundPipesController], providers: [Envelope] })
class AppModule {}

describe('interceptors', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule);
    app.useGlobalInterceptors(named('global'));
  });
  after(() => app.close());
  beforeEach(() => {
    trail.length = 0;
  });

  it('wraps the handler: global outermost, then class, then method', async () => {
    expect((await app.inject({ url: '/i/order' })).body).to.equal('done');
    expect(trail).to.deep.equal([
      'global before', 'class before', 'method before', 'handler', 'method after', 'class after', 'global after',
    ]);
  });

  it('maps the result, built through DI with the context', async () => {
    expect((await app.inject({ url: '/i/wrap' })).json()).to.deep.equal({ v: 2, handler: 'wrap', data: [1, 2] });
  });

  it('can time the handler and set a header', async () => {
    const res = await app.inject({ url: '/i/timing' });
    expect(res.body).to.equal('timed');
    expect(Number(res.headers['x-elapsed-ns'])).to.be.greaterThan(0);
  });

  it('can answer without calling the handler', async () => {
    expect((await app.inject({ url: '/i/cached' })).json()).to.deep.equal({ fromCache: true });
    expect(trail).not.to.include('handler ran');
  });

  it("can turn the handler's error into another", async () => {
    const res = await app.inject({ url: '/i/fails' });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ message: string }>().message).to.equal('mapped by the interceptor');
  });

  it('runs the body and the pipes inside the interceptors, as Nest does', async () => {
    const res = await app.inject({ method: 'POST', url: '/around/items/7', body: { name: 'x' } });
    expect(res.json()).to.deep.equal({ id: 7, body: { name: 'x' } });
    expect(trail).to.deep.equal(['global before', 'interceptor before', 'pipe', 'handler', 'global after']);
  });

  it("lets an interceptor catch a pipe's 400 (regression: it went straight to the filters)", async () => {
    const res = await app.inject({ method: 'POST', url: '/around/items/seven', body: { name: 'x' } });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ caught: 400 });
  });

  it("lets an interceptor catch a body's 400 too", async () => {
    const res = await app.inject({
      method: 'POST', url: '/around/items/7', headers: { 'content-type': 'application/json' }, body: '{not json',
    });
    expect(res.json()).to.deep.equal({ caught: 400 });
  });

  it('runs no pipe when an interceptor answers from a cache', async () => {
    const res = await app.inject({ method: 'POST', url: '/around/cached', body: { name: 'x' } });
    expect(res.json()).to.deep.equal({ fromCache: true });
    expect(trail).not.to.include('pipe');
    expect(trail).not.to.include('handler ran');
  });
});
