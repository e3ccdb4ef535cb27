/**
 * A misspelt key inside a nested option object fails createServer at bootstrap, naming its
 * path and the closest known key. Found by an audit: `cors: { orign }` kept the default '*',
 * and `workers: { count, startupTimeoutMS }` kept the default timeout — silently.
 */
import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import type { ServerOptions } from '../../src/app/options';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';

@Controller('ping')
class PingController {
  @Get() ping() { return 'pong'; }
}

@Module({ controllers: [PingController] })
class AppModule {}

async function bootstrapError(module: new () => object, options: Record<string, unknown>): Promise<BootstrapError> {
  let failure: unknown;
  try {
    const app = await createServer(module, { logger: false, ...(options as ServerOptions) });
    await app.close();
  } catch (error) {
    failure = error;
  }
  if (failure === undefined) throw new Error(`createServer should have refused ${JSON.stringify(options)}`);
  expect(failure, String(failure)).to.be.instanceOf(BootstrapError);
  return failure as BootstrapError;
}

describe('createServer: unknown keys inside nested options', () => {
  it("refuses workers: { cout: 2 }, naming workers.cout and suggesting count", async () => {
    const error = await bootstrapError(AppModule, { workers: { cout: 2 } });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error.message).to.contain("unknown option 'workers.cout'").and.contain('did you mean count?');
  });

  it('refuses a misspelt workers timeout instead of keeping the default', async () => {
    const error = await bootstrapError(AppModule, { workers: { count: 2, startupTimeoutMS: 5000 } });
    expect(error.message).to.contain("'workers.startupTimeoutMS'").and.contain('did you mean startupTimeoutMs?');
  });

  it("refuses cors: { orign } instead of answering with the default origin '*'", async () => {
    const error = await bootstrapError(AppModule, { cors: { orign: 'https://a.example' } });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error.message).to.contain("unknown option 'cors.orign'").and.contain('did you mean origin?');
  });
});
