/**
 * The sample app: `npm start`. Environment: PORT (default 3000), HOST, STATIC_ROOT (default
 * sample/public), WORKERS (worker processes), REDIS_URL (share the rate limit across machines).
 */
import * as path from 'node:path';
import { createServer } from '../src/index';
import { AppModule } from './app.module';

async function main(): Promise<void> {
  const port = Number(process.env.PORT ?? 3000);
  const host = process.env.HOST;
  const staticRoot = path.resolve(process.env.STATIC_ROOT ?? path.join(packageRoot(), 'sample', 'public'));

  const app = await createServer(AppModule);
  app.useStatic('/static', staticRoot, { maxAge: 3600 });
  app.enableShutdownHooks();
  const address = await app.listen(port, host);
  const shownHost = host ?? 'localhost';
  console.log(`wirework sample listening on http://${shownHost}:${address.port} (pid ${process.pid}, static ${staticRoot})`);
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
