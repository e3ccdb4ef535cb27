import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get } from '../../../src/core/decorators/route';
import { Catch, UseFilters } from '../../../src/core/decorators/use-filters';
import { Module } from '../../../src/core/di/module';
import { ConflictException } from '../../../src/core/exceptions/http-exception';
import type { App } from '../../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from '../../app/helpers';

class OrderArchived extends Error {}

@Catch()
class BrokenFilter {
  catch(): void {
    throw new TypeError('cannot read properties of undefined');
  }
}

@Catch()
class BrokenAsyncFilter {
  async catch(): Promise<void> {
    await null;
    throw new TypeError('lost the connection to the audit log');
  }
}

@Catch()
class RethrowingFilter {
  catch(): void {
    throw new ConflictException('archived');
  }
}

@Controller('orders')
class OrdersController {
  @Get('sync') @UseFilters(BrokenFilter)
  sync() { throw new OrderArchived('order 7 is archived'); }

  @Get('async') @UseFilters(BrokenAsyncFilter)
  async() { throw new OrderArchived('order 8 is archived'); }

  @Get('rethrow') @UseFilters(RethrowingFilter)
  rethrow() { throw new OrderArchived('order 9 is archived'); }
}

@Module({ controllers: [OrdersController] })
class OrdersModule {}

const errors = (logger: RecordingLogger) => logger.lines.filter((l) => l.level === 'error').map((l) => l.message);

describe('An exception filter that fails', () => {
  let app: App;
  let logger: RecordingLogger;
  beforeEach(async () => {
    logger = recordingLogger();
    app = await makeApp(OrdersModule, { logger });
  });
  afterEach(() => app.close());

  it('answers 500 and logs the filter as the culprit, with the error it was handling (regression: blamed the handler, lost the original)', async () => {
    const res = await app.inject({ url: '/orders/sync' });
    expect(res.statusCode).to.equal(500);
    expect(errors(logger)).to.deep.equal([
      'GET /orders/sync → 500: the exception filter BrokenFilter threw TypeError: cannot read properties of undefined while handling OrderArchived: order 7 is archived from OrdersController.sync',
    ]);
  });

  it('logs an async filter that rejects the same way', async () => {
    const res = await app.inject({ url: '/orders/async' });
    expect(res.statusCode).to.equal(500);
    expect(errors(logger)).to.deep.equal([
      'GET /orders/async → 500: the exception filter BrokenAsyncFilter threw TypeError: lost the connection to the audit log while handling OrderArchived: order 8 is archived from OrdersController.async',
    ]);
  });

  it('answers an HttpException a filter throws with its status, logging nothing', async () => {
    const res = await app.inject({ url: '/orders/rethrow' });
    expect(res.statusCode).to.equal(409);
    expect(res.json()).to.include({ message: 'archived' });
    expect(errors(logger)).to.deep.equal([]);
  });
});
