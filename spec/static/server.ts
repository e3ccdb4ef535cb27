/** Starts a real HttpServer on port 0 with a static mount in front of a marker fallback. */
import { HttpServer } from '../../src/http/server';
import { serveStatic, type StaticOptions } from '../../src/static/serve-static';

/** What the fallback (the "route" behind the mount) answers, so specs can tell fallthrough from the mount's own 404. */
export const FALLBACK_BODY = 'answered-by-the-route';

export interface StaticServer {
  port: number;
  close(): Promise<void>;
}

export async function startStatic(prefix: string, root: string, options?: StaticOptions): Promise<StaticServer> {
  const middleware = serveStatic(prefix, root, options);
  const server = new HttpServer(
    (req, res) =>
      middleware(req, res, async () => {
        res.text(FALLBACK_BODY, 404);
      }),
    { onError: () => undefined },
  );
  const { port } = await server.listen(0, '127.0.0.1');
  return { port, close: () => server.close({ timeoutMs: 1000 }) };
}
