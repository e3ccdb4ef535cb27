import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import type { ServerOptions } from '../../src/app/options';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';

@Controller('users')
class UsersController {
  @Get(':id') one() { return 'one'; }
}

@Module({ controllers: [UsersController] })
class AppModule {}

async function optionError(options: Record<string, unknown>): Promise<BootstrapError> {
  try {
    const app = await createServer(AppModule, { logger: false, ...(options as ServerOptions) });
    await app.close();
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('createServer should have failed');
}

describe('createServer routing options', () => {
  it('refuses a globalPrefix that is not a string (regression: routes mounted under a wrong path)', async () => {
    const error = await optionError({ globalPrefix: 5 });
    expect(error.code).to.equal('WW_ERR_INVALID_OPTION');
    expect(error.message).to.contain('globalPrefix');
  });

  it('refuses an array as globalPrefix (regression: a raw TypeError)', async () => {
    expect((await optionError({ globalPrefix: ['api', 'v1'] })).message).to.contain('globalPrefix must be a string');
  });

  it('refuses a maxParamLength of NaN or below 1 (regression: the 414 limit silently off)', async () => {
    for (const maxParamLength of [Number.NaN, -1, 0, 2.5, '100']) {
      expect((await optionError({ maxParamLength })).message, String(maxParamLength)).to.contain('maxParamLength');
    }
  });

  it('refuses an ignoreTrailingSlash that is not a boolean', async () => {
    expect((await optionError({ ignoreTrailingSlash: 'yes' })).message).to.contain('ignoreTrailingSlash');
  });

  it('serves under a valid globalPrefix with a valid maxParamLength', async () => {
    const app = await createServer(AppModule, { logger: false, globalPrefix: '/api/', maxParamLength: 3 });
    try {
      expect((await app.inject({ method: 'GET', url: '/api/users/abc' })).statusCode).to.equal(200);
      expect((await app.inject({ method: 'GET', url: '/api/users/abcd' })).statusCode).to.equal(414);
    } finally {
      await app.close();
    }
  });
});
