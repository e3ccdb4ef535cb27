/**
 * A real Redis for the RedisStore specs: REDIS_URL (set by .ci/run), else the default local port.
 * Unreachable → the suite is skipped with a printed reason, except under CI where it fails.
 */
import * as net from 'node:net';
import Redis from 'ioredis';

export function redisUrl(): string {
  return process.env.REDIS_URL || 'redis://127.0.0.1:6379';
}

export function reachable(url: string, timeoutMs = 1000): Promise<boolean> {
  const u = new URL(url);
  return new Promise((resolve) => {
    const socket = net.connect({ host: u.hostname, port: Number(u.port || 6379) });
    const done = (ok: boolean) => { socket.destroy(); resolve(ok); };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** In a `before` hook: resolves when Redis answers; skips (or fails under CI) when it does not. */
export async function requireRedis(ctx: Mocha.Context): Promise<string> {
  const url = redisUrl();
  if (await reachable(url)) return url;
  const reason = `no Redis reachable at ${url} (set REDIS_URL)`;
  if (process.env.CI) throw new Error(`${reason}; CI must run the RedisStore specs`);
  console.log(`      skipped: ${reason}`);
  ctx.skip();
  return url;
}

/** A redis-server of the spec's own, which it may stop and start again (an outage). */
export interface OwnRedis {
  readonly url: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

/**
 * In a `before` hook: starts `redis-server` on a free port (no persistence, so a restart comes
 * back empty). Skips (or fails under CI) when there is no redis-server to run.
 */
export async function ownRedis(ctx: Mocha.Context): Promise<OwnRedis> {
  const { spawn, spawnSync } = await import('node:child_process');
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const reason = 'no redis-server binary to run';
    if (process.env.CI) throw new Error(`${reason}; CI must run the RedisStore specs`);
    console.log(`      skipped: ${reason}`);
    ctx.skip();
  }
  const port = await new Promise<number>((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
  const url = `redis://127.0.0.1:${port}`;
  let server: ReturnType<typeof spawn> | undefined;
  const own: OwnRedis = {
    url,
    async start() {
      server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      while (!(await reachable(url, 200))) await new Promise((resolve) => setTimeout(resolve, 20));
    },
    async stop() {
      const running = server;
      server = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGKILL');
      await exited;
    },
  };
  await own.start();
  return own;
}

/**
 * How a store hit ends within `waitMs`: 'answered', the RateLimitStoreError's code, or
 * 'still waiting' (a hit queued by the client until the store's own timeout).
 */
export function hitOutcomeWithin(hit: Promise<unknown>, waitMs: number): Promise<unknown> {
  return Promise.race([
    hit.then(() => 'answered', (error: { code?: string }) => error.code),
    new Promise((resolve) => setTimeout(() => resolve('still waiting'), waitMs)),
  ]);
}

/**
 * ioredis clients that have never connected, each way one can be made: one still making its
 * first connection (it retries in the background and queues commands till then), and one made
 * with `lazyConnect` (it connects on its first command). Errors are swallowed: Redis may be down.
 */
export const firstConnectionClients: ReadonlyArray<[string, (url: string) => Redis]> = [
  ['an ioredis client still making its first connection', (url) => quiet(new Redis(url, { retryStrategy: () => 50, maxRetriesPerRequest: null }))],
  ['an ioredis client made with lazyConnect', (url) => quiet(new Redis(url, { lazyConnect: true, retryStrategy: () => 50, maxRetriesPerRequest: null }))],
];

function quiet(client: Redis): Redis {
  client.on('error', () => undefined);
  return client;
}
