/**
 * A Redis Cluster of two masters, each started by the spec (cluster-enabled redis-servers on
 * free ports, slots split in half): enough for a key and a script to live on different nodes.
 * Skips (or fails under CI) when there is no redis-server to run.
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import * as net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Redis from 'ioredis';
import { reachable } from './redis-helper';

export interface OwnCluster {
  /** the two masters, `{ host, port }`: the first holds slots 0–8191, the second the rest */
  readonly nodes: readonly { host: string; port: number }[];
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));

/** In a `before` hook. */
export async function ownCluster(ctx: Mocha.Context): Promise<OwnCluster> {
  if (spawnSync('redis-server', ['--version']).status !== 0) {
    const reason = 'no redis-server binary to run';
    if (process.env.CI) throw new Error(`${reason}; CI must run the RedisStore specs`);
    console.log(`      skipped: ${reason}`);
    ctx.skip();
  }
  const dir = mkdtempSync(join(tmpdir(), 'ww-redis-cluster-'));
  const servers: ChildProcess[] = [];
  const nodes = [{ host: '127.0.0.1', port: await freePort() }, { host: '127.0.0.1', port: await freePort() }];
  const stop = async () => {
    await Promise.all(servers.map((server) => {
      if (server.exitCode !== null) return undefined;
      const exited = new Promise((resolve) => server.once('exit', resolve));
      server.kill('SIGKILL');
      return exited;
    }));
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    for (const { port } of nodes) {
      servers.push(spawn('redis-server', [
        '--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no',
        '--cluster-enabled', 'yes', '--cluster-config-file', join(dir, `nodes-${port}.conf`),
      ], { stdio: 'ignore', cwd: dir }));
      while (!(await reachable(`redis://127.0.0.1:${port}`, 200))) await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const admins = nodes.map(({ port }) => new Redis(port, '127.0.0.1'));
    try {
      await admins[0].call('CLUSTER', 'ADDSLOTS', ...range(0, 8191));
      await admins[1].call('CLUSTER', 'ADDSLOTS', ...range(8192, 16383));
      await admins[0].call('CLUSTER', 'MEET', '127.0.0.1', String(nodes[1].port));
      for (const admin of admins) {
        while (!String(await admin.call('CLUSTER', 'INFO')).includes('cluster_state:ok')) {
          await new Promise((resolve) => setTimeout(resolve, 50));
        }
      }
    } finally {
      for (const admin of admins) admin.disconnect();
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { nodes, stop };
}
