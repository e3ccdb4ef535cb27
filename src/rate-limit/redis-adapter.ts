/**
 * The two calls RedisStore needs, over whichever client the user passes. `redis` (node-redis
 * v4/v5) and `ioredis` are optional peer dependencies: nothing here imports them; we recognise a
 * client by its methods.
 */
import { RateLimitConfigError } from './errors';

export interface RedisScriptRunner {
  readonly runner?: true;
  /** EVALSHA; rejects with the server's error (a NOSCRIPT one when the script is not cached). */
  evalSha(sha: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** SCRIPT LOAD; resolves with the SHA1. */
  scriptLoad(script: string): Promise<string>;
  /**
   * EVAL: runs the script's source (and caches it) on the node that holds `keys`. Used after
   * a NOSCRIPT when present: a key-less SCRIPT LOAD may go to another node of a Redis Cluster.
   */
  eval?(script: string, keys: readonly string[], args: readonly string[]): Promise<unknown>;
  /** false while the client is not connected, before its first connection too (absent: always ready). */
  isReady?(): boolean;
  /**
   * For a client made to connect on its first command (ioredis `lazyConnect`) that has not
   * started: starts the connection, resolving once it is ready. Otherwise undefined.
   */
  connectLazily?(): Promise<unknown> | undefined;
}

type AnyFn = (...args: any[]) => any;
interface NodeRedisLike { evalSha: AnyFn; scriptLoad: AnyFn; eval?: AnyFn; isReady?: boolean; isOpen?: boolean }
interface IoRedisLike { evalsha: AnyFn; script: AnyFn; eval?: AnyFn; status?: string; connect?: AnyFn }

/**
 * Accepts a node-redis client (it has `evalSha`/`scriptLoad`), an ioredis client or Cluster
 * (`evalsha`/`script`), or your own runner marked `{ runner: true, evalSha, scriptLoad }`.
 */
export function adaptRedisClient(client: unknown): RedisScriptRunner {
  const c = client as Partial<NodeRedisLike & IoRedisLike & { runner: true }> | null;
  if (c && (c as { runner?: unknown }).runner === true) return c as unknown as RedisScriptRunner;
  if (c && typeof c.evalSha === 'function' && typeof c.scriptLoad === 'function') {
    // node-redis v4/v5: evalSha(sha, { keys, arguments }); scriptLoad(script)
    const nr = c as NodeRedisLike;
    return {
      evalSha: (sha, keys, args) => nr.evalSha(sha, { keys: [...keys], arguments: [...args] }),
      scriptLoad: (script) => nr.scriptLoad(script),
      eval: typeof nr.eval === 'function' ? (script, keys, args) => nr.eval!(script, { keys: [...keys], arguments: [...args] }) : undefined,
      // A cluster (createCluster) has no isReady: isOpen is false until connect() and after close().
      isReady: () => (nr.isReady ?? nr.isOpen) !== false,
    };
  }
  if (c && typeof c.evalsha === 'function' && typeof c.script === 'function') {
    // ioredis: evalsha(sha, numKeys, ...keys, ...args); script('LOAD', script)
    const io = c as IoRedisLike;
    return {
      evalSha: (sha, keys, args) => io.evalsha(sha, keys.length, ...keys, ...args),
      scriptLoad: (script) => io.script('LOAD', script),
      eval: typeof io.eval === 'function' ? (script, keys, args) => io.eval!(script, keys.length, ...keys, ...args) : undefined,
      // Not 'wait' (a lazyConnect client that never connected): a command sent now would be
      // queued until the connection is up, so the store starts it with connectLazily instead.
      isReady: () => io.status === undefined || io.status === 'ready',
      connectLazily: () => (io.status === 'wait' && typeof io.connect === 'function' ? io.connect() : undefined),
    };
  }
  throw new RateLimitConfigError(
    'RedisStore needs a connected client from "redis" (createClient) or "ioredis" (new Redis()), ' +
      'or a runner { runner: true, evalSha(sha, keys, args), scriptLoad(script) }',
  );
}

export function isNoScriptError(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return message.includes('NOSCRIPT');
}

/**
 * What an app needs of the client createRedisClient connected, typed without the "redis"
 * package's types (an optional peer, not installed by every app): closing it at shutdown and
 * knowing whether it is connected. It is a node-redis client: for the rest of its API, cast it
 * to the `redis` package's `RedisClientType`.
 */
export interface ConnectedRedisClient {
  /**
   * sends QUIT after the commands already queued, then closes the connection (node-redis 4 and 5;
   * 5 also calls it close()).
   */
  quit(): Promise<unknown>;
  /** closes the connection at once, dropping the commands still queued (5 also calls it destroy()). */
  disconnect(): Promise<unknown>;
  /** connected and ready for commands. */
  readonly isReady: boolean;
}

/**
 * Connects a node-redis client for `url`. `redis` is loaded only here, on demand, so apps that
 * never use Redis never need it installed.
 */
export async function createRedisClient(url: string): Promise<ConnectedRedisClient> {
  let mod: { createClient(options: { url: string }): ConnectedRedisClient & { connect(): Promise<unknown> } };
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    mod = require('redis');
  } catch {
    throw new RateLimitConfigError('createRedisClient needs the "redis" package: npm install redis (or pass an ioredis client to RedisStore)');
  }
  const client = mod.createClient({ url });
  await client.connect();
  return client;
}
