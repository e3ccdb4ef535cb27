import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import type { ModuleImport } from '../../src/core/di/module';
import { recordingLogger } from './helpers';

const closed: string[] = [];

/** Stands for a database pool: opened when built, closed by its shutdown hook. */
@Injectable()
class Pool {
  onModuleDestroy(): void {
    closed.push('pool');
  }
}

@Injectable()
class FailsToStart {
  constructor(readonly pool: Pool) {}
  onModuleInit(): void {
    throw new Error('migrations failed');
  }
}

@Module({ providers: [Pool, FailsToStart] })
class InitFailsModule {}

@Module({
  providers: [
    Pool,
    { provide: 'CACHE', inject: [Pool], useFactory: async () => Promise.reject(new Error('cache unreachable')) },
  ],
})
class FactoryFailsModule {}

@Injectable()
class PoolWhoseCloseFails {
  onModuleDestroy(): void {
    throw new Error('close failed too');
  }
}

@Module({ providers: [PoolWhoseCloseFails, Pool, FailsToStart] })
class CloseFailsModule {}

@Controller('a')
class Clash1 {
  @Get('x') one() { return 1; }
}
@Controller('a')
class Clash2 {
  @Get('x') two() { return 2; }
}
@Module({ controllers: [Clash1, Clash2], providers: [Pool] })
class RouteConflictModule {}

async function failure(root: ModuleImport, logger = recordingLogger()): Promise<Error> {
  try {
    const app = await createServer(root, { logger });
    await app.close();
  } catch (error) {
    return error as Error;
  }
  throw new Error('createServer should have failed');
}

describe('a createServer that fails part way', () => {
  beforeEach(() => {
    closed.length = 0;
  });

  it("runs the shutdown hooks of what it built when an onModuleInit throws (regression: the pool stayed open and held the process)", async () => {
    const error = await failure(InitFailsModule);
    expect(error.message).to.contain('migrations failed');
    expect(closed).to.deep.equal(['pool']);
  });

  it('runs them when a provider factory rejects after others were built', async () => {
    const error = await failure(FactoryFailsModule);
    expect(error.message).to.contain('cache unreachable');
    expect(closed).to.deep.equal(['pool']);
  });

  it('runs them when a route conflict is found after every provider was built', async () => {
    const error = await failure(RouteConflictModule);
    expect((error as { code?: string }).code).to.equal('WW_ERR_ROUTE_CONFLICT');
    expect(closed).to.deep.equal(['pool']);
  });

  it("rejects with the bootstrap's own error when a shutdown hook fails too, and logs that one", async () => {
    const logger = recordingLogger();
    const error = await failure(CloseFailsModule, logger);
    expect(error.message).to.contain('migrations failed');
    expect(closed).to.deep.equal(['pool']);
    const logged = logger.lines.filter((line) => line.level === 'error').map((line) => line.message).join('\n');
    expect(logged).to.contain('shutdown hooks');
  });
});
