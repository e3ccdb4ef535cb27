/**
 * Regression (audit): an error a middleware threw, rejected or passed to next(err) was logged
 * as "Dispatcher threw …", naming no middleware. The 500 log line now names the middleware and
 * the prefix it is mounted at.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { Middleware } from '../../src/core/middleware';
import type { App } from '../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from './helpers';

@Controller('admin')
class AdminController {
  @Get()
  panel() {
    return 'panel';
  }
}

@Module({ controllers: [AdminController] })
class AdminModule {}

const authMiddleware: Middleware = () => {
  throw new Error('session store unreachable');
};

async function sessionMiddleware(): Promise<void> {
  throw new Error('session store unreachable');
}

const tokenMiddleware: Middleware = (_req, _res, next) => next(new Error('token store unreachable'));

describe('errors raised by a middleware', () => {
  let app: App;
  let logger: RecordingLogger;
  beforeEach(async () => {
    logger = recordingLogger();
    app = await makeApp(AdminModule, { logger });
  });
  afterEach(() => app.close());

  const errorLines = () => logger.lines.filter((line) => line.level === 'error').map((line) => line.message);

  it('logs a thrown error naming the middleware and the prefix it is mounted at', async () => {
    app.use('/admin', authMiddleware);
    const res = await app.inject({ url: '/admin' });
    expect(res.statusCode).to.equal(500);
    expect(errorLines()).to.deep.equal([
      'GET /admin → 500: middleware authMiddleware (mounted at /admin) threw Error: session store unreachable',
    ]);
  });

  it('logs a rejection of an async middleware naming the middleware', async () => {
    app.use(sessionMiddleware);
    await app.inject({ url: '/admin' });
    expect(errorLines()).to.deep.equal([
      'GET /admin → 500: middleware sessionMiddleware (mounted at /) threw Error: session store unreachable',
    ]);
  });

  it('logs an error passed to next(err) naming the middleware that passed it', async () => {
    app.use((_req, _res, next) => next());
    app.use('/admin', tokenMiddleware);
    await app.inject({ url: '/admin' });
    expect(errorLines()).to.deep.equal([
      'GET /admin → 500: middleware tokenMiddleware (mounted at /admin) threw Error: token store unreachable',
    ]);
  });

  it('names an anonymous middleware by its position in mounting order', async () => {
    app.use((_req, _res, next) => next());
    app.use('/admin', () => {
      throw new Error('boom');
    });
    await app.inject({ url: '/admin' });
    expect(errorLines()).to.deep.equal(['GET /admin → 500: anonymous middleware #2 (mounted at /admin) threw Error: boom']);
  });
});
