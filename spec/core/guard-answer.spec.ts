import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { UseGuards } from '../../src/core/decorators/use-guards';
import { Module } from '../../src/core/di/module';
import type { CanActivate } from '../../src/core/guards/can-activate';
import type { App } from '../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from '../app/helpers';

/** The shape of an RxJS Observable, enough to be mistaken for one: `of(false)`. */
const observableOfFalse = { subscribe: () => ({ unsubscribe() {} }), pipe: () => observableOfFalse };

class ObservableGuard {
  canActivate() { return observableOfFalse; }
}
class AsyncObservableGuard {
  async canActivate() { return observableOfFalse; }
}
const forgetsToReturn = { canActivate: () => undefined } as unknown as CanActivate;

@Controller('vault')
class VaultController {
  @Get('observable') @UseGuards(ObservableGuard as unknown as new () => CanActivate)
  observable() { return 'secret'; }

  @Get('async-observable') @UseGuards(AsyncObservableGuard as unknown as new () => CanActivate)
  asyncObservable() { return 'secret'; }

  @Get('undefined') @UseGuards(forgetsToReturn)
  undefinedAnswer() { return 'secret'; }
}

@Module({ controllers: [VaultController] })
class VaultModule {}

describe('What a guard answers, when not a boolean', () => {
  let app: App;
  let logger: RecordingLogger;
  beforeEach(async () => {
    logger = recordingLogger();
    app = await makeApp(VaultModule, { logger });
  });
  afterEach(() => app.close());

  it('refuses a guard that returns an Observable with a 500 naming it (regression: the truthy object let every request in)', async () => {
    const res = await app.inject({ url: '/vault/observable' });
    expect(res.statusCode).to.equal(500);
    expect(res.body.toString()).not.to.contain('secret');
    expect(logger.lines.filter((l) => l.level === 'error')[0].message).to.contain('ObservableGuard.canActivate returned an Observable');
  });

  it('refuses an async guard that resolves to an Observable the same way', async () => {
    const res = await app.inject({ url: '/vault/async-observable' });
    expect(res.statusCode).to.equal(500);
  });

  it('answers 403 for a guard that returns undefined, as NestJS does for any falsy value', async () => {
    const res = await app.inject({ url: '/vault/undefined' });
    expect(res.statusCode).to.equal(403);
  });
});
