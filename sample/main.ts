/**
 * The sample app: `npm start`. Environment:
 * - PORT (default 3000) and HOST (default: all interfaces)
 * - STATIC_ROOT: the folder served at /static (default sample/public)
 * - WORKERS: worker processes sharing the port (`node:cluster`); their rate-limit counts are
 *   shared through the primary
 * - REDIS_URL: share the rate limit through Redis instead (several machines)
 * - API_KEY: the key the users API wants for writes (default sample-key)
 * - ACCESS_LOG: 'text' or 'json' for one log line per request (default off)
 */
import cluster from 'node:cluster';
import * as path from 'node:path';
import { createRedisClient, createServer, RedisStore, type ServerOptions } from '../src/index';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const staticRoot = path.resolve(process.env.STATIC_ROOT ?? path.join(packageRoot(), 'sample', 'public'));

  const app = await createServer(AppModule, {
    workers: process.env.WORKERS ? Number(process.env.WORKERS) : undefined,
    rateLimit: await rateLimitOptions(),
    metrics: true,
    health: true,
    requestId: true,
    accessLog: accessLogOption(),
  });
  app.useStatic('/static', staticRoot, { maxAge: 3600 });
  app.enableShutdownHooks();
  const address = await app.listen(port, host);
  if (app.role !== 'worker') {
    console.log(`wirework sample listening on http://${host ?? 'localhost'}:${address.port} (pid ${process.pid}, static ${staticRoot})`);
  }
}

/** With REDIS_URL every process (and every machine) counts in one Redis; otherwise in memory. */
async function rateLimitOptions(): Promise<ServerOptions['rateLimit']> {
  const url = process.env.REDIS_URL;
  // With WORKERS the primary serves nothing: only the workers need a Redis connection.
  if (!url || (process.env.WORKERS && cluster.isPrimary)) return undefined;
  return { store: new RedisStore({ client: await createRedisClient(url) }) };
}

function accessLogOption(): 'text' | 'json' | false {
  const value = process.env.ACCESS_LOG;
  return value === 'text' || value === 'json' ? value : false;
}

/** The repository root, whether this runs compiled (dist/sample) or through ts-node (sample). */
function packageRoot(): string {
  const compiled = path.basename(path.dirname(__dirname)) === 'dist';
  return compiled ? path.join(__dirname, '..', '..') : path.join(__dirname, '..');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
