/**
 * `workers: N` on one machine: the workers share one count per key through the primary, so N
 * workers still let `limit` through, not N × limit. The primary keeps a MemoryStore (the exact
 * log, the same bounded memory); each worker's ClusterStore asks it over IPC — requests are
 * batched per event-loop turn and time out (then the guard applies `onStoreError`).
 *
 * Time is the worker's `now` (all workers read the same machine clock); a hit that arrives at
 * the primary slightly out of order is counted at the newest time already counted, which keeps
 * the log's guarantee.
 */
import { IpcClient } from '../cluster/ipc-client';
import type { ChannelHandler } from '../cluster/primary';
import { RateLimitStoreError } from './errors';
import { MemoryStore } from './memory-store';
import type { HitResult, RateLimitPolicy, RateLimitStore } from './types';

export const RATE_LIMIT_CHANNEL = 'wirework:rate-limit';

const OP_HIT = 0;
const OP_RESET = 1;

/** On the wire: [op, key, now, policy id, name, limit, windowMs, algorithm (0 log, 1 window)]. */
type HitRequest = [op: number, key: string, now: number, id: string, name: string, limit: number, windowMs: number, algorithm: 0 | 1];
/** [allowed (1/0), remaining, resetMs, limit] */
type HitReply = [allowed: number, remaining: number, resetMs: number, limit: number];

export interface ClusterStoreOptions {
  /** ms to wait for the primary before the hit counts as a store failure (default 1 000). */
  timeoutMs?: number;
}

export class ClusterStore implements RateLimitStore {
  private readonly client: IpcClient;

  constructor(options: ClusterStoreOptions = {}) {
    try {
      this.client = new IpcClient(options.timeoutMs ?? 1_000);
    } catch (error) {
      throw new RateLimitStoreError('WW_ERR_RATE_LIMIT_STORE_FAILED', 'ClusterStore runs in workers started by createServer(..., { workers: N }); use MemoryStore in a single process', { cause: error });
    }
  }

  hit(key: string, nowMs: number, policy: RateLimitPolicy): Promise<HitResult> {
    const request: HitRequest = [OP_HIT, key, nowMs, policy.id, policy.name, policy.limit, policy.windowMs, policy.algorithm === 'sliding-window' ? 1 : 0];
    return this.client.request(RATE_LIMIT_CHANNEL, request).then(decode, storeError);
  }

  async reset(key: string, policy: RateLimitPolicy): Promise<void> {
    const request: HitRequest = [OP_RESET, key, 0, policy.id, policy.name, policy.limit, policy.windowMs, policy.algorithm === 'sliding-window' ? 1 : 0];
    await this.client.request(RATE_LIMIT_CHANNEL, request).catch(storeError);
  }

  close(): void {
    this.client.close();
  }
}

function decode(body: unknown): HitResult {
  const r = body as HitReply;
  return { allowed: r[0] === 1, remaining: r[1], resetMs: r[2], limit: r[3] };
}

function storeError(error: unknown): never {
  const code = (error as { code?: string })?.code === 'WW_ERR_IPC_TIMEOUT' ? 'WW_ERR_RATE_LIMIT_STORE_TIMEOUT' : 'WW_ERR_RATE_LIMIT_STORE_FAILED';
  throw new RateLimitStoreError(code, `the primary process did not answer the rate-limit hit: ${String((error as Error)?.message ?? error)}`, { cause: error });
}

export interface RateLimitHost {
  readonly channel: string;
  readonly handle: ChannelHandler;
  readonly store: MemoryStore;
  close(): void;
}

/**
 * The primary's half: pass `{ [host.channel]: host.handle }` as runPrimary's `handlers`.
 * `store`: the app's own (built from its `rateLimit` options); default, a new MemoryStore.
 * Policies are interned by id, so the MemoryStore sees the same object for every hit of a
 * policy (its per-policy table cache) and the primary allocates no policy per message.
 */
export function createRateLimitHost(options: { store?: MemoryStore; maxKeys?: number } = {}): RateLimitHost {
  const store = options.store ?? new MemoryStore({ maxKeys: options.maxKeys });
  const policies = new Map<string, RateLimitPolicy>();
  const policyOf = (r: HitRequest): RateLimitPolicy => {
    let p = policies.get(r[3]);
    if (p === undefined || p.limit !== r[5] || p.windowMs !== r[6]) {
      p = Object.freeze({ id: r[3], name: r[4], limit: r[5], windowMs: r[6], algorithm: r[7] === 1 ? 'sliding-window' : 'sliding-log' } as const);
      policies.set(r[3], p);
    }
    return p;
  };
  const handle: ChannelHandler = (body) => {
    const r = body as HitRequest;
    if (!Array.isArray(r) || typeof r[1] !== 'string' || typeof r[2] !== 'number') throw new Error('malformed rate-limit request');
    const policy = policyOf(r);
    if (r[0] === OP_RESET) {
      store.reset(r[1], policy);
      return null;
    }
    const hit = store.hit(r[1], r[2], policy);
    return [hit.allowed ? 1 : 0, hit.remaining, hit.resetMs, hit.limit] satisfies HitReply;
  };
  return { channel: RATE_LIMIT_CHANNEL, handle, store, close: () => store.close() };
}
