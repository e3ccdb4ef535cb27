import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { rawRequest } from './helpers';
import { createServer } from '../../src/app/create-server';
import cluster from 'node:cluster';
import { Module } from '../../src/core/di/module';

@Module({})
class EmptyModule {}

const FIXTURE = path.join(__dirname, 'fixtures', 'cluster-app.ts');

describe('workers: N', function () {
  // Three processes each load TypeScript through ts-node: slow to start on a busy machine.
  this.timeout(180_000);
  let child: ChildProcess;
  let port: number;
  let stderr = '';

  before(async () => {
    child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stderr!.on('data', (d) => (stderr += d));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      child.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line).port);
      });
      child.on('exit', (code) => reject(new Error(`the cluster app exited (${code}) before listening: ${stderr}`)));
    });
  });

  after(() => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });

  const get = async (url: string) => {
    const res = await rawRequest(port, `GET ${url} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
    return { status: res.status, body: JSON.parse(res.body) as { pid: number } };
  };

  it('serves from worker processes sharing one port', async () => {
    const pids = new Set<number>();
    for (let i = 0; i < 8; i++) {
      const res = await get('/pid');
      expect(res.status).to.equal(200);
      pids.add(res.body.pid);
    }
    expect(pids.has(child.pid!)).to.equal(false);
    expect(pids.size).to.be.within(1, 2);
  });

  it('shares rate-limit counts across the workers through the primary', async () => {
    const statuses: number[] = [];
    const pids = new Set<number>();
    for (let i = 0; i < 6; i++) {
      const res = await get('/limited');
      statuses.push(res.status);
      if (res.status === 200) pids.add(res.body.pid);
    }
    expect(statuses).to.deep.equal([200, 200, 200, 429, 429, 429]);
  });

  it('sums every worker\'s counts in /metrics, whichever worker answers the scrape', async () => {
    // Workers push their snapshots to the primary once a second; let the last push land.
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    for (let scrape = 0; scrape < 3; scrape++) {
      const res = await rawRequest(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(res.status).to.equal(200);
      // The earlier specs sent 8 × /pid and 6 × /limited (3 passed, 3 refused), spread over both workers.
      expect(res.body).to.contain('wirework_http_requests_total{method="GET",route="/pid",status="200"} 8\n');
      expect(res.body).to.contain('wirework_http_requests_total{method="GET",route="/limited",status="429"} 3\n');
      expect(res.body).to.contain('wirework_rate_limited_requests_total{route="/limited"} 3\n');
    }
  });

  it('caps the primary\'s key table at rateLimit.maxKeys', async () => {
    // 3 keys live ('127.0.0.1' of /limited, a, b); c evicts the least recently active, then a
    // evicts b: each key starts over with its budget of 1. With the cap ignored, a stays refused.
    const keyed = async (client: string) =>
      (await rawRequest(port, `GET /keyed HTTP/1.1\r\nHost: x\r\nX-Client: ${client}\r\nConnection: close\r\n\r\n`)).status;
    const statuses = [];
    for (const client of ['a', 'b', 'a', 'c', 'a']) statuses.push(await keyed(client));
    expect(statuses).to.deep.equal([200, 200, 429, 200, 200]);
  });

  it('closes the workers and exits 0 on SIGTERM, then refuses connections', async () => {
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    child.kill('SIGTERM');
    expect(await exited).to.equal(0);
    const refused = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(false);
      });
      socket.on('error', () => resolve(true));
    });
    expect(refused).to.equal(true);
  });
});

describe('workers options', () => {
  for (const field of ['startupTimeoutMs', 'shutdownTimeoutMs'] as const) {
    it(`refuses a ${field} that is not a number of milliseconds > 0 before forking anything`, async () => {
      // NaN (an unset environment variable through Number()) made Node's timer fire after 1 ms:
      // every worker killed mid-request at each shutdown.
      for (const bad of [NaN, -1, 0, '15000']) {
        const error = await createServer(EmptyModule, { logger: false, workers: { count: 2, [field]: bad as number } }).then(
          async (app) => { await app.close(); return null; },
          (e: { code?: string; message: string }) => e,
        );
        expect(error?.code, String(bad)).to.equal('WW_ERR_INVALID_OPTION');
        expect(error?.message).to.contain(`workers.${field}`);
      }
    });
  }

  it('refuses workers in a process PM2 forked in cluster mode, saying so (regression: listen() rejected with "runPrimary() must run in the primary process")', async () => {
    // What a process of `pm2 start -i 4` is: a node:cluster worker that runPrimary did not fork.
    const { isWorker, isPrimary } = cluster;
    Object.assign(cluster, { isWorker: true, isPrimary: false });
    try {
      const error = await createServer(EmptyModule, { logger: false, workers: 2 }).then(
        async (app) => { await app.close(); return null; },
        (e: { code?: string; message: string }) => e,
      );
      expect(error?.code).to.equal('WW_ERR_INVALID_OPTION');
      expect(error?.message).to.contain('PM2 in cluster mode');
    } finally {
      Object.assign(cluster, { isWorker, isPrimary });
    }
  });
});
