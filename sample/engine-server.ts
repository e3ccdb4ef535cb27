/**
 * A small server on the bare engine (no framework), keeping the probes' route contract:
 * GET / and HEAD / → 200 'ok'; POST /echo → the exact request body once it is all in;
 * anything else → 404. PORT from the environment (default 3000; 0 picks a free port).
 *
 *   PORT=0 npx ts-node --transpile-only sample/engine-server.ts
 */
import { HttpError } from '../src/http/errors';
import { HttpServer } from '../src/http/server';
import type { Request } from '../src/http/request';
import type { Response } from '../src/http/response';

async function echo(req: Request, res: Response): Promise<void> {
  try {
    res.send(await req.body());
  } catch (err) {
    // 413 over the limit, 400 bad framing / client gone, 408 body timeout.
    if (err instanceof HttpError) res.text(err.message, err.status);
    else throw err;
  }
}

function handler(req: Request, res: Response): void | Promise<void> {
  if (req.path === '/' && (req.method === 'GET' || req.method === 'HEAD')) return res.text('ok');
  if (req.path === '/echo' && req.method === 'POST') return echo(req, res);
  res.text('not found', 404);
}

const server = new HttpServer(handler);
server.listen(Number(process.env.PORT ?? 3000), process.env.HOST).then(({ port, address }) => {
  // Bound to every interface ('::' or '0.0.0.0'): localhost is the address to click.
  const host = address === '::' || address === '0.0.0.0' ? 'localhost' : address.includes(':') ? `[${address}]` : address;
  console.log(`engine sample listening on http://${host}:${port}/`);
});

function shutdown(): void {
  void server.close({ timeoutMs: 5000 }).then(() => process.exit(0));
}
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
