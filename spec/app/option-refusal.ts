/** Spec helper: the BootstrapError createServer throws for options it must refuse. */
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

/** One route, nothing else: the options alone decide whether createServer starts. */
@Module({ controllers: [PingController] })
export class PingModule {}

/** Starts `module` with `options`, expecting a BootstrapError (a started app is closed and the spec fails). */
export async function createServerRefusal(options: Record<string, unknown>, module: new () => object = PingModule): Promise<BootstrapError> {
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
