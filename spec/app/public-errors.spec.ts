/**
 * The errors app.close() and app.listen() reject with are exported from the public API, so an
 * application can tell them apart with instanceof (a stuck shutdown hook from a failed one; a
 * start that close() called off from a start that failed).
 */
import { expect } from 'chai';
import {
  Controller, Get, HeadersSentError, Injectable, Module, NextAfterAnswerError, NextCalledTwiceError, NextHandleCalledTwiceError, Res,
  ShutdownHookTimeoutError, UseInterceptors, WorkersStartAbortedError, createServer, type CallHandler, type Response,
} from '../../src/index';

@Injectable()
class NeverClosingClient {
  onModuleDestroy(): Promise<void> {
    return new Promise(() => undefined);
  }
}

@Module({ providers: [NeverClosingClient] })
class StuckModule {}

describe('public error classes', () => {
  it('lets close() be matched with instanceof ShutdownHookTimeoutError from the public API', async () => {
    const app = await createServer(StuckModule, { logger: false, shutdownHooksTimeoutMs: 50 });
    const error = await app.close().then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(ShutdownHookTimeoutError);
    expect((error as ShutdownHookTimeoutError).code).to.equal('WW_ERR_SHUTDOWN_HOOK_TIMEOUT');
  });

  it('exports WorkersStartAbortedError, the error of a listen() that close() called off', () => {
    const error = new WorkersStartAbortedError();
    expect(error).to.be.instanceOf(Error);
    expect(error.message).to.match(/close\(\).*while the workers were starting/);
  });

  it('lets a late header, a second next() and a second next.handle() be matched with instanceof from the public API', async () => {
    const seen: unknown[] = [];
    const twice = {
      async intercept(_context: unknown, next: CallHandler) {
        const value = await next.handle();
        seen.push(await next.handle().then(() => undefined, (e: unknown) => e));
        return value;
      },
    };
    @Controller()
    class LateController {
      @Get('late')
      late(@Res() res: Response) {
        res.write('x');
        try {
          res.setHeader('X-Late', '1');
        } catch (e) {
          seen.push(e);
        }
        res.end();
      }
      @Get('twice')
      @UseInterceptors(twice)
      twice() {
        return 'ok';
      }
    }
    @Module({ controllers: [LateController] })
    class LateModule {}
    const app = await createServer(LateModule, { logger: false });
    app.use(async (_req, _res, next) => {
      await next();
      seen.push(await next().then(() => undefined, (e: unknown) => e));
    });
    try {
      await app.inject({ url: '/late' });
      await app.inject({ url: '/twice' });
    } finally {
      await app.close();
    }
    expect(seen.some((e) => e instanceof HeadersSentError)).to.equal(true);
    expect(seen.some((e) => e instanceof NextHandleCalledTwiceError)).to.equal(true);
    expect(seen.some((e) => e instanceof NextCalledTwiceError)).to.equal(true);
  });

  it('exports the NextAfterAnswerError logged when a middleware calls next() after answering', async () => {
    @Controller()
    class GuardedController {
      @Get('guarded') guarded() {
        return 'ran';
      }
    }
    @Module({ controllers: [GuardedController] })
    class GuardedModule {}
    const logged: unknown[] = [];
    const record = (_message: string, ...meta: unknown[]) => {
      logged.push(...meta);
    };
    const app = await createServer(GuardedModule, { logger: { log: () => undefined, warn: record, error: record } });
    app.use((_req, res, next) => {
      res.json({ message: 'refused' }, 401);
      return next();
    });
    try {
      expect((await app.inject({ url: '/guarded' })).statusCode).to.equal(401);
    } finally {
      await app.close();
    }
    expect(logged.some((e) => e instanceof NextAfterAnswerError)).to.equal(true);
  });
});
