import { expect } from 'chai';
import { InterceptorLink, type CallHandler, type Interceptor } from '../../src/core/interceptors';
import type { ExecutionContext } from '../../src/core/guards/execution-context';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Res } from '../../src/core/decorators/params';
import { UseInterceptors } from '../../src/core/decorators/use-interceptors';
import { Module } from '../../src/core/di/module';
import type { Response } from '../../src/http/response';
import type { App } from '../../src/app/app';
import { makeApp, recordingLogger } from '../app/helpers';

const context = {} as ExecutionContext;

describe('InterceptorLink', () => {
  it('runs the handler through every interceptor, outermost first', async () => {
    const order: string[] = [];
    const tag = (name: string): Interceptor => ({
      async intercept(_context: ExecutionContext, next: CallHandler) {
        order.push(name);
        return [name, await next.handle()];
      },
    });
    const result = await new InterceptorLink([tag('a'), tag('b')], 0, context, () => 'h').handle();
    expect(order).to.deep.equal(['a', 'b']);
    expect(result).to.deep.equal(['a', ['b', 'h']]);
  });

  it('rejects a second next.handle() and runs the handler once', async () => {
    let runs = 0;
    const twice: Interceptor = {
      async intercept(_context: ExecutionContext, next: CallHandler) {
        await next.handle();
        return next.handle();
      },
    };
    const outcome = await new InterceptorLink([twice], 0, context, () => ++runs).handle().then(
      () => 'resolved', (error: Error) => error.message,
    );
    expect(outcome).to.match(/next\.handle\(\) was called twice by an interceptor/);
    expect(runs).to.equal(1);
  });

  it('rejects a second next.handle() with WW_ERR_NEXT_HANDLE_CALLED_TWICE, naming the interceptor and what to do (regression: a plain Error with no code)', async () => {
    class RetryInterceptor implements Interceptor {
      async intercept(_context: ExecutionContext, next: CallHandler) {
        await next.handle();
        return next.handle();
      }
    }
    const error = await new InterceptorLink([new RetryInterceptor()], 0, context, () => 'h').handle().then(
      () => undefined, (e: Error & { code?: string }) => e,
    );
    expect(error?.code).to.equal('WW_ERR_NEXT_HANDLE_CALLED_TWICE');
    expect(error?.message).to.equal(
      'WW_ERR_NEXT_HANDLE_CALLED_TWICE: next.handle() was called twice by RetryInterceptor.intercept; ' +
        'the handler runs once per request: call next.handle() once and reuse the value it resolves to ' +
        '(to retry, retry the call inside the handler or its service).',
    );
  });

  it('leaves no unhandled rejection when a second next.handle() is dropped (regression: crashed the process)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const dropsSecond: Interceptor = {
        async intercept(_context: ExecutionContext, next: CallHandler) {
          const value = await next.handle();
          void next.handle();
          return value;
        },
      };
      expect(await new InterceptorLink([dropsSecond], 0, context, () => 'h').handle()).to.equal('h');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('rejects, naming the interceptor, when it returns an Observable (regression: the Observable object was sent as JSON)', async () => {
    class CacheInterceptor implements Interceptor {
      intercept() {
        return { subscribe() {}, pipe() {} }; // of(cached), as a NestJS cache interceptor returns
      }
    }
    const outcome = await new InterceptorLink([new CacheInterceptor()], 0, context, () => 'h').handle().then(
      () => 'resolved', (e: Error) => e.message,
    );
    expect(outcome).to.match(/^CacheInterceptor\.intercept returned an Observable/);
  });

  it('turns an interceptor that throws synchronously into a rejection', async () => {
    const throws: Interceptor = {
      intercept() {
        throw new Error('sync');
      },
    };
    const outcome = await new InterceptorLink([throws], 0, context, () => 'h').handle().then(() => 'resolved', (e: Error) => e.message);
    expect(outcome).to.equal('sync');
  });
});

const cached: Interceptor = { intercept: () => ({ cached: true }) };
const wraps: Interceptor = {
  async intercept(_context: ExecutionContext, next: CallHandler) {
    return { wrapped: await next.handle() };
  },
};

@Controller('res')
class ResController {
  @Get('cached')
  @UseInterceptors(cached)
  cached(@Res() res: Response) {
    res.json({ fromHandler: true });
  }

  @Get('wrapped')
  @UseInterceptors(wraps)
  wrapped(@Res() res: Response) {
    res.json({ fromHandler: true });
    return 'ignored';
  }
}

@Module({ controllers: [ResController] })
class ResModule {}

describe('Interceptors around a handler that takes @Res()', () => {
  let app: App;
  beforeEach(async () => {
    app = await makeApp(ResModule);
  });
  afterEach(() => app.close());

  it("sends the value of an interceptor that answered without calling the handler (regression: nobody answered, the request hung)", async () => {
    const res = await app.inject({ url: '/res/cached' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ cached: true });
  });

  it('leaves the answer to the handler once it ran, whatever the interceptor returns', async () => {
    const res = await app.inject({ url: '/res/wrapped' });
    expect(res.json()).to.deep.equal({ fromHandler: true });
  });
});

/** An async interceptor resolving to an Observable, as `async intercept() { return of(x) }` in Nest. */
const asyncObservable: Interceptor = {
  async intercept() {
    return { subscribe() {}, pipe() {} };
  },
};

@Controller('obs')
class ObservableController {
  @Get()
  @UseInterceptors(asyncObservable)
  data() {
    return 'data';
  }
}

@Module({ controllers: [ObservableController] })
class ObservableModule {}

describe('An interceptor whose promise resolves to an Observable', () => {
  it('answers 500 and logs the route whose interceptor returned it, instead of sending the Observable as JSON', async () => {
    const logger = recordingLogger();
    const app = await makeApp(ObservableModule, { logger });
    try {
      const res = await app.inject({ url: '/obs' });
      expect(res.statusCode).to.equal(500);
      expect(res.body.toString()).not.to.contain('subscribe');
      const logged = logger.lines.filter((l) => l.level === 'error').map((l) => l.message).join('\n');
      expect(logged).to.contain('an interceptor of ObservableController.data returned an Observable');
    } finally {
      await app.close();
    }
  });
});
