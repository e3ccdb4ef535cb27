/**
 * The errors app.close() and app.listen() reject with are exported from the public API, so an
 * application can tell them apart with instanceof (a stuck shutdown hook from a failed one; a
 * start that close() called off from a start that failed).
 */
import { expect } from 'chai';
import { Injectable, Module, ShutdownHookTimeoutError, WorkersStartAbortedError, createServer } from '../../src/index';

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
});
