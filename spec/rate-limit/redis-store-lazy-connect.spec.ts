/**
 * RedisStore over clients that have not connected yet: an ioredis client made with
 * `lazyConnect: true` (it connects on its first command) and a node-redis cluster before
 * `connect()`. Real clients, real redis-server. While Redis is down, both kinds of ioredis
 * client that never connected are covered in redis-store.spec.ts.
 */
import { expect } from 'chai';
import { createCluster } from 'redis';
import { RedisStore } from '../../src/rate-limit/redis-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { RateLimitStoreError } from '../../src/rate-limit/errors';
import { createServer } from '../../src/app/create-server';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { firstConnectionClients, requireRedis } from './redis-helper';

const policy = compilePolicy({ limit: 100, windowMs: 60_000 }, 'spec');
let run = 0;
/** a prefix no earlier run used, so specs never see each other's keys */
const prefix = () => `ww:spec-lazy:${process.pid}:${Date.now()}:${run++}`;

/** An ioredis client that has not connected: it connects on its first command (or connect()). */
const lazyClient = firstConnectionClients.find(([label]) => label.includes('lazyConnect'))![1];

@Controller('ping')
class PingController {
  @Get()
  ping() {
    return 'pong';
  }
}

@Module({ controllers: [PingController] })
class PingModule {}

describe('RedisStore with an ioredis client made with lazyConnect (real redis-server)', function () {
  let url = '';
  before(async function () {
    url = await requireRedis(this);
  });

  it('counts the first hit, connecting the client itself', async () => {
    const client = lazyClient(url);
    try {
      expect(client.status).to.equal('wait');
      const store = new RedisStore({ client, prefix: prefix() });
      expect((await store.hit('k', 0, policy)).remaining).to.equal(99);
      expect(client.status).to.equal('ready');
    } finally {
      client.disconnect();
    }
  });

  it('counts every one of several hits that arrive while it first connects', async () => {
    const client = lazyClient(url);
    try {
      const store = new RedisStore({ client, prefix: prefix() });
      const results = await Promise.all(Array.from({ length: 5 }, () => store.hit('k', 0, policy)));
      expect(results.map((r) => r.remaining).sort((a, b) => b - a)).to.deep.equal([99, 98, 97, 96, 95]);
    } finally {
      client.disconnect();
    }
  });

  it('lets the first request through the guard with its RateLimit headers', async () => {
    const client = lazyClient(url);
    const app = await createServer(PingModule, {
      logger: false,
      rateLimit: { limit: 3, windowMs: 60_000, store: new RedisStore({ client, prefix: prefix() }), onStoreError: 'deny' },
    });
    try {
      const res = await app.inject({ url: '/ping' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['ratelimit']).to.match(/r=2\b/);
    } finally {
      await app.close();
      client.disconnect();
    }
  });
});

describe('RedisStore with a node-redis cluster not yet connected', () => {
  // regression: a node-redis cluster has no isReady, so it counted as ready: the hit reached
  // the client and failed with "Cannot read properties of undefined (reading 'master')".
  it('fails a hit at once as not connected', async () => {
    const client = createCluster({ rootNodes: [{ url: 'redis://127.0.0.1:1' }] });
    const store = new RedisStore({ client });
    const error = (await store.hit('k', 0, policy).then(() => null, (e: unknown) => e)) as RateLimitStoreError;
    expect(error.code).to.equal('WW_ERR_RATE_LIMIT_STORE_TIMEOUT');
    expect(error.message).to.match(/not connected/);
  });
});
