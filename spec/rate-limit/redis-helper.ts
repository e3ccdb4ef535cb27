/**
 * A real Redis for the RedisStore specs: REDIS_URL (set by .ci/run), else the default local port.
 * Unreachable → the suite is skipped with a printed reason, except under CI where it fails.
 */
import * as net from 'node:net';

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
