import type { HttpServer, HttpServerOptions } from '../../../src/http/server';
import type { Request } from '../../../src/http/request';
import type { Response } from '../../../src/http/response';
import { startServer } from './raw-client';

type Handler = (req: Request, res: Response) => void | Promise<void>;

/**
 * One real server per spec (port 0), closed after each, that keeps what it reports to
 * `onError` in `reported` (emptied, not replaced, by each serve). With `next`, the path
 * `/next` answers 'next': a request pipelined behind the one under test shows whether its
 * answer was framed right.
 */
export function reportingServer(options: { next: boolean } = { next: true }): {
  serve(handler: Handler, serverOptions?: HttpServerOptions): Promise<number>;
  reported: unknown[];
} {
  let server: HttpServer | undefined;
  const reported: unknown[] = [];
  afterEach(async () => {
    await server?.close({ timeoutMs: 100 });
    server = undefined;
  });
  async function serve(handler: Handler, serverOptions: HttpServerOptions = {}): Promise<number> {
    reported.length = 0;
    const outer: Handler = options.next
      ? async (req, res) => {
        if (req.path === '/next') return res.text('next');
        await handler(req, res);
      }
      : handler;
    let port: number;
    ({ server, port } = await startServer(outer, { ...serverOptions, onError: (err) => reported.push(err) }));
    return port;
  }
  return { serve, reported };
}
