// What single features cost: one app, the same handler behind no guard and behind each
// rate-limit algorithm, and the ops switches from the environment (COSTS_OPS=metrics,ids).
// The runner (`npm run bench -- --costs`) compares routes and switches in interleaved rounds.
import 'reflect-metadata';
import { createServer, Controller, Get, Module, RateLimit } from '../../dist/src/index.js';

// eslint-disable-next-line @typescript-eslint/no-require-imports
const common = require('./common.js') as { PORT: number; HOST: string; ready(name: string, port?: number): void };

@Controller()
class CostsController {
  @Get('/plain')
  plain(): string {
    return 'ok';
  }

  /** A counter per key; a limit no run reaches, so every request pays the guard and passes. */
  @Get('/limited-window')
  @RateLimit({ limit: 1e9, windowMs: 60_000, algorithm: 'sliding-window' })
  window(): string {
    return 'ok';
  }

  /** The exact sliding log (the default): one timestamp per request of the last second. */
  @Get('/limited-log')
  @RateLimit({ limit: 1_000_000, windowMs: 1000 })
  log(): string {
    return 'ok';
  }
}

@Module({ controllers: [CostsController] })
class AppModule {}

async function main(): Promise<void> {
  const ops = (process.env.COSTS_OPS ?? '').split(',');
  const metrics = ops.includes('metrics');
  const app = await createServer(AppModule, { logger: false, metrics, health: metrics, requestId: ops.includes('ids') });
  const address = await app.listen(common.PORT, common.HOST);
  common.ready('wirework-costs', address.port);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
