/**
 * RedisStore on a Redis Cluster of two masters (real redis-servers), where the node a hit's
 * key lives on is not the node a key-less SCRIPT LOAD happens to go to.
 */
import { expect } from 'chai';
import Redis, { Cluster } from 'ioredis';
import { createCluster } from 'redis';
import { RedisStore } from '../../src/rate-limit/redis-store';
import { compilePolicy } from '../../src/rate-limit/policy';
import { ownCluster, type OwnCluster } from './redis-cluster-helper';

describe('RedisStore on a Redis Cluster of two masters (its own redis-servers)', function () {
  let cluster: OwnCluster;
  const policy = compilePolicy({ limit: 100, windowMs: 60_000 }, 'spec');
  /** keys on both nodes: their hash slots fall on either side of 8192 */
  const keys = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'];

  before(async function () {
    cluster = await ownCluster(this);
  });
  after(async () => {
    await cluster?.stop();
  });

  /** No node has the scripts: as on a fresh cluster, or after a failover or SCRIPT FLUSH. */
  const flushScripts = async () => {
    for (const { host, port } of cluster.nodes) {
      const node = new Redis(port, host);
      await node.script('FLUSH');
      node.disconnect();
    }
  };

  const clients = [
    ['an ioredis Cluster', async () => {
      const client = new Cluster(cluster.nodes.map((n) => ({ ...n })));
      await new Promise((resolve) => client.once('ready', resolve));
      return { client, close: async () => client.disconnect() };
    }],
    ['a node-redis cluster', async () => {
      const client = createCluster({ rootNodes: cluster.nodes.map((n) => ({ url: `redis://${n.host}:${n.port}` })) });
      await client.connect();
      return { client, close: () => client.close() };
    }],
  ] as const;

  for (const [label, connect] of clients) {
    // regression: on NOSCRIPT the script was loaded with SCRIPT LOAD, which has no key and
    // went to any node, so the retry on the key's node failed again: the hit was a store
    // failure (uncounted with onStoreError 'allow', a 503 with 'deny').
    it(`counts the first hit of every key through ${label} when no node has the script yet`, async () => {
      const { client, close } = await connect();
      try {
        await flushScripts();
        const store = new RedisStore({ client, prefix: `ww:spec-cluster:${process.pid}:${Date.now()}:${label.length}` });
        const remaining = [];
        for (const key of keys) remaining.push(await store.hit(key, 0, policy).then((r) => r.remaining, (e: Error) => e.message));
        expect(remaining).to.deep.equal(keys.map(() => 99));
      } finally {
        await close();
      }
    });
  }
});
