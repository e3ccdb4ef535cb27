/**
 * Regression (audit): a middleware that answered and still called next() — the Express slip
 * `if (!ok) res.status(401).json(…); next();` without a `return` — ran the route anyway: the
 * protected handler did its work for a request already refused, and its answer was dropped
 * without a word. The rest of the chain is now skipped and the slip logged, naming the middleware.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Delete } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { Middleware } from '../../src/core/middleware';
import type { App } from '../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from './helpers';

let deleted = 0;

@Controller('files')
class FilesController {
  @Delete()
  remove() {
    deleted++;
    return { deleted };
  }
}

@Module({ controllers: [FilesController] })
class FilesModule {}

function refuseWithoutReturn(...[req, res, next]: Parameters<Middleware>): Promise<void> {
  if (req.header('authorization') !== 'Bearer ok') res.json({ message: 'who are you?' }, 401);
  return next();
}

describe('a middleware that calls next() after answering', () => {
  let app: App;
  let logger: RecordingLogger;
  beforeEach(async () => {
    deleted = 0;
    logger = recordingLogger();
    app = await makeApp(FilesModule, { logger });
    app.use(refuseWithoutReturn);
  });
  afterEach(() => app.close());

  it('does not run the route for a request it already answered', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/files' });
    expect(res.statusCode).to.equal(401);
    expect(res.json()).to.deep.equal({ message: 'who are you?' });
    expect(deleted).to.equal(0);
  });

  it('logs the slip naming the middleware and what to write', async () => {
    await app.inject({ method: 'DELETE', url: '/files' });
    const line = logger.lines.find((l) => l.message.includes('refuseWithoutReturn'));
    expect(line, JSON.stringify(logger.lines.map((l) => l.message))).to.not.equal(undefined);
    expect(line!.message).to.contain('next() after answering').and.contain('return');
  });

  it('still runs the route when the middleware did not answer', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/files', headers: { authorization: 'Bearer ok' } });
    expect(res.json()).to.deep.equal({ deleted: 1 });
  });
});
