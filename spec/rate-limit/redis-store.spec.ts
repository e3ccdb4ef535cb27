import { expect } from 'chai';
import fc from 'fast-check';
import * as net from 'node:net';
import { once } from 'node:events';
import { createClient } from 'redis';
import Redis from 'ioredis';
import { RedisStore } from '../../src/rate-limit/redis-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { RateLimitStoreError } from '../../src/rate-limit/errors';
import { arrivals, checkExactLog, checkWindowBound } from './store-checks';
import { firstConnectionClients, hitOutcomeWithin, ownRedis, requireRedis, type OwnRedis } from './redis-helper';

describe('RedisStore (real redis-server)', function () {
  let url = '';
  let nodeRedis: ReturnType<typeof createClient>;
  let ioredis: Redis;
  let run = 0;
  /** a prefix no earlier run used, so specs never see each other's keys */
  const prefix = () => `ww:spec:${process.pid}:${Date.now()}:${run++}`;

  before(async function () {
    url = await requireRedis(this);
    nodeRedis = createClient({ url });
    await nodeRedis.connect();
    ioredis = new Redis(url);
    await once(ioredis, 'ready'); // hits fail at once until then
  });

  after(async () => {
    await nodeRedis?.quit().catch(() => undefined);
    ioredis?.disconnect();
  });

  for (const [label, client] of [['node-redis', () => nodeRedis], ['ioredis', () => ioredis]] as const) {
    describe(`with ${label}`, () => {
      it('never lets limit + 1 through in any window and answers like the reference log', async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 40 }).chain((W) => fc.tuple(fc.constant(W), arrivals(W, 60))), async (limit, [W, times]) => {
            const store = new RedisStore({ client: client(), prefix: prefix(), time: 'caller' });
            await checkExactLog(store, 'k', times, limit, W);
          }),
          { numRuns: 25 },
        );
      });

      it('keeps the sliding-window bound', async () => {
        await fc.assert(
          fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 40 }).chain((W) => fc.tuple(fc.constant(W), arrivals(W, 80))), async (limit, [W, times]) => {
            const store = new RedisStore({ client: client(), prefix: prefix(), time: 'caller' });
            await checkWindowBound(store, 'k', times, limit, W);
          }),
          { numRuns: 15 },
        );
      });
    });
  }

  it('gives the same answers as the memory store for the sliding window, hit by hit', async () => {
    const { MemoryStore } = await import('../../src/rate-limit/memory-store');
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 2, max: 40 }).chain((W) => fc.tuple(fc.constant(W), arrivals(W, 60))), async (limit, [W, times]) => {
        const policy = compilePolicy({ limit, windowMs: W, algorithm: 'sliding-window' }, 'spec');
        const redis = new RedisStore({ client: nodeRedis, prefix: prefix(), time: 'caller' });
        const memory = new MemoryStore({ idleSweep: false });
        for (const t of times) expect(await redis.hit('k', t, policy)).to.deep.equal(memory.hit('k', t, policy));
      }),
      { numRuns: 15 },
    );
  });

  it('lets exactly limit of many concurrent hits through', async () => {
    const store = new RedisStore({ client: nodeRedis, prefix: prefix() }); // Redis TIME
    const policy = compilePolicy({ limit: 7, windowMs: 60_000 }, 'spec');
    const results = await Promise.all(Array.from({ length: 40 }, () => store.hit('k', 0, policy)));
    expect(results.filter((r) => r.allowed)).to.have.length(7);
    const rejected = results.find((r) => !r.allowed)!;
    expect(rejected.resetMs).to.be.within(59_000, 60_000);
  });

  it('hash-tags its keys and lets them expire after the window (on Redis time)', async () => {
    const p = prefix();
    const store = new RedisStore({ client: nodeRedis, prefix: p });
    const policy = compilePolicy({ limit: 3, windowMs: 5_000 }, 'spec');
    await store.hit('203.0.113.9', 0, policy);
    const key = store.keyFor('203.0.113.9', policy);
    expect(key).to.match(/^\{.*\}$/);
    const ttl = await nodeRedis.pTTL(key);
    expect(ttl).to.be.within(1, 5_000);
  });

  it('reloads its script after SCRIPT FLUSH (NOSCRIPT) and keeps counting', async () => {
    const store = new RedisStore({ client: ioredis, prefix: prefix(), time: 'caller' });
    const policy = compilePolicy({ limit: 2, windowMs: 10_000 }, 'spec');
    expect((await store.hit('k', 1_000, policy)).allowed).to.equal(true);
    await nodeRedis.scriptFlush();
    expect((await store.hit('k', 1_001, policy)).remaining).to.equal(0);
    expect((await store.hit('k', 1_002, policy)).allowed).to.equal(false);
  });

  it('forgets a key on reset', async () => {
    const store = new RedisStore({ client: nodeRedis, prefix: prefix(), time: 'caller' });
    const policy = compilePolicy({ limit: 1, windowMs: 10_000 }, 'spec');
    await store.hit('k', 1_000, policy);
    await store.reset('k', policy);
    expect((await store.hit('k', 1_001, policy)).allowed).to.equal(true);
  });

  it('rejects with WW_ERR_RATE_LIMIT_STORE_TIMEOUT when Redis does not answer in time', async () => {
    // a server that accepts connections and never answers: a hung Redis
    const silent = net.createServer(() => undefined);
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    const port = (silent.address() as net.AddressInfo).port;
    // no handshake to wait for (it would never be answered): the client is connected and ready,
    // its commands unanswered
    const hung = new Redis({ port, host: '127.0.0.1', maxRetriesPerRequest: 0, enableReadyCheck: false, disableClientInfo: true });
    try {
      await new Promise((resolve) => hung.once('ready', resolve));
      const store = new RedisStore({ client: hung, timeoutMs: 100 });
      const policy = compilePolicy({ limit: 1, windowMs: 1_000 }, 'spec');
      const error = await store.hit('k', 0, policy).then(() => null, (e: unknown) => e);
      expect(error).to.be.instanceOf(RateLimitStoreError);
      expect((error as RateLimitStoreError).code).to.equal('WW_ERR_RATE_LIMIT_STORE_TIMEOUT');
    } finally {
      hung.disconnect();
      silent.close();
    }
  });
});

describe('RedisStore when Redis goes away and comes back (its own redis-server)', function () {
  let redis: OwnRedis;
  const policy = compilePolicy({ limit: 100, windowMs: 60_000 }, 'spec');
  const until = async (condition: () => boolean) => {
    while (!condition()) await new Promise((resolve) => setTimeout(resolve, 10));
  };

  before(async function () {
    redis = await ownRedis(this);
  });

  after(async () => {
    await redis?.stop();
  });

  const clients = [
    ['node-redis', async () => {
      const client = createClient({ url: redis.url });
      client.on('error', () => undefined); // reconnecting: expected here
      await client.connect();
      return { client, ready: () => client.isReady, close: () => client.destroy() };
    }],
    ['ioredis', async () => {
      const client = new Redis(redis.url);
      client.on('error', () => undefined);
      await until(() => client.status === 'ready');
      return { client, ready: () => client.status === 'ready', close: () => client.disconnect() };
    }],
  ] as const;

  it('after a hit times out, fails the next ones at once and counts none of them once Redis answers again', async () => {
    const client = createClient({ url: redis.url });
    const admin = createClient({ url: redis.url });
    await Promise.all([client.connect(), admin.connect()]);
    try {
      const store = new RedisStore({ client, timeoutMs: 100 });
      await store.hit('k', 0, policy);
      await admin.sendCommand(['CLIENT', 'PAUSE', '1000', 'ALL']); // Redis stalls: a fork, a slow command
      const outcome = async () => {
        const started = Date.now();
        const code = await store.hit('k', 0, policy).then(() => 'answered', (e: RateLimitStoreError) => e.code);
        return { code, waited: Date.now() - started >= 100 };
      };
      expect(await outcome()).to.deep.equal({ code: 'WW_ERR_RATE_LIMIT_STORE_TIMEOUT', waited: true });
      const during = [];
      for (let i = 0; i < 20; i++) {
        during.push(outcome());
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      expect(await Promise.all(during)).to.deep.equal(Array(20).fill({ code: 'WW_ERR_RATE_LIMIT_STORE_TIMEOUT', waited: false }));
      let last = await store.hit('k', 0, policy).catch(() => undefined);
      while (last === undefined) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        last = await store.hit('k', 0, policy).catch(() => undefined);
      }
      // 'k' counts: the hit before, the one that met the stall (sent, so it ran later), this one
      expect(last.remaining).to.equal(97);
    } finally {
      await Promise.all([client.quit(), admin.quit()]);
    }
  });

  for (const [label, makeClient] of firstConnectionClients) {
    describe(`with ${label}`, () => {
      // regression: the hit was sent and queued by the client until Redis came up — a request
      // held for timeoutMs, then the hit counted late (only a disconnect was checked; with
      // lazyConnect, its status 'wait' counted as ready).
      it('fails a hit at once instead of queueing it for the first connection', async () => {
        await redis.stop();
        const client = makeClient(redis.url);
        try {
          // A timeout far beyond the spec's own: a queued hit could only end by that timeout.
          const store = new RedisStore({ client, timeoutMs: 60_000 });
          const outcome = await hitOutcomeWithin(store.hit('k', 0, policy), 5_000);
          expect(outcome).to.equal('WW_ERR_RATE_LIMIT_STORE_TIMEOUT');
        } finally {
          client.disconnect();
          await redis.start();
        }
      });

      it('counts none of the hits made before the first connection once Redis is up', async () => {
        await redis.stop();
        const client = makeClient(redis.url);
        try {
          const store = new RedisStore({ client, timeoutMs: 100 });
          await Promise.all(Array.from({ length: 50 }, () => store.hit('first', 0, policy).catch(() => undefined)));
          await redis.start();
          let last = await store.hit('first', 0, policy).catch(() => undefined);
          while (last === undefined) {
            await new Promise((resolve) => setTimeout(resolve, 50));
            last = await store.hit('first', 0, policy).catch(() => undefined);
          }
          await new Promise((resolve) => setTimeout(resolve, 300)); // for a replay to land
          // the hit that got through and this one; none of the 50 made while Redis was down
          expect((await store.hit('first', 0, policy)).remaining).to.equal(98);
        } finally {
          client.disconnect();
        }
      });
    });
  }

  for (const [label, connect] of clients) {
    describe(`with ${label}`, () => {
      it('fails a hit at once while the client is disconnected, instead of queueing it for the reconnect', async () => {
        const { client, ready, close } = await connect();
        try {
          // A timeout far beyond the spec's own: a queued hit could only end by that timeout.
          const store = new RedisStore({ client, timeoutMs: 60_000 });
          await store.hit('before', 0, policy);
          await redis.stop();
          await until(() => !ready());
          const started = Date.now();
          const error = await store.hit('k', 0, policy).then(() => null, (e: unknown) => e);
          expect((error as RateLimitStoreError).code).to.equal('WW_ERR_RATE_LIMIT_STORE_TIMEOUT');
          expect(Date.now() - started).to.be.below(10_000); // not timeoutMs
        } finally {
          close();
          await redis.start();
        }
      });

      it('counts none of the hits of an outage once Redis is back', async () => {
        const { client, ready, close } = await connect();
        try {
          const store = new RedisStore({ client, timeoutMs: 100 });
          await store.hit('before', 0, policy);
          await redis.stop();
          await until(() => !ready());
          // The app let these through (onStoreError 'allow'): replayed on reconnect, they would
          // all count at once, and refuse a client that sent nothing since.
          await Promise.all(Array.from({ length: 50 }, () => store.hit('k', 0, policy).catch(() => undefined)));
          await redis.start();
          await until(ready);
          await new Promise((resolve) => setTimeout(resolve, 300)); // for a replay to land
          expect((await store.hit('k', 0, policy)).remaining).to.equal(99);
        } finally {
          close();
        }
      });
    });
  }
});
