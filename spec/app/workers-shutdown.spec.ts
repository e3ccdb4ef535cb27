import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { rawRequest } from './helpers';
import { alive } from '../cluster/alive';
import { startDrainApp, until, type DrainApp } from '../cluster/drain-app-process';

function exitOf(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('workers: SIGTERM to the primary', function () {
  // Two processes load TypeScript through ts-node: slow to start on a busy machine.
  this.timeout(180_000);
  let started: DrainApp | undefined;

  afterEach(() => {
    if (started === undefined) return;
    const { primary, workerPid } = started;
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
    if (alive(workerPid)) process.kill(workerPid, 'SIGKILL');
    started = undefined;
  });

  it('answers the request in flight with 200, then exits 0', async () => {
    started = await startDrainApp({});
    const { primary, port, workerPid } = started;
    const response = rawRequest(port, 'GET /slow/1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await until(() => started!.stderr().includes(`slow request started in ${workerPid}`), 10_000)).to.equal(true);
    const exited = exitOf(primary);
    primary.kill('SIGTERM');
    expect((await response).status).to.equal(200);
    expect(await exited).to.equal(0);
    expect(alive(workerPid)).to.equal(false);
  });

  it("passes the primary's signal to the workers' shutdown hooks (regression: they got undefined)", async () => {
    started = await startDrainApp({});
    const { primary, workerPid } = started;
    const exited = exitOf(primary);
    primary.kill('SIGTERM');
    expect(await exited).to.equal(0);
    expect(started.stderr()).to.contain(`shutdown hook SIGTERM in ${workerPid}`);
  });

  it('exits 1 when a worker had to be killed at workers.shutdownTimeoutMs (regression: it exited 0)', async () => {
    started = await startDrainApp({ HANG_ON_SHUTDOWN: '1', WORKERS_SHUTDOWN_TIMEOUT_MS: '1000' });
    const exited = exitOf(started.primary);
    started.primary.kill('SIGTERM');
    expect(await exited).to.equal(1);
  });
});

describe('workers: SIGTERM straight to a worker (systemd and PM2 signal every process)', function () {
  this.timeout(180_000);
  let started: DrainApp | undefined;

  after(() => {
    if (started === undefined) return;
    const { primary, workerPid } = started;
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
    if (alive(workerPid)) process.kill(workerPid, 'SIGKILL');
  });

  it('answers its request in flight, runs its hooks with the signal, and the primary runs on', async () => {
    started = await startDrainApp({});
    const { port, workerPid } = started;
    const response = rawRequest(port, 'GET /slow/1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await until(() => started!.stderr().includes(`slow request started in ${workerPid}`), 10_000)).to.equal(true);
    process.kill(workerPid, 'SIGTERM');
    expect((await response).status).to.equal(200);
    expect(await until(() => !alive(workerPid), 5_000)).to.equal(true);
    expect(started.stderr()).to.contain(`shutdown hook SIGTERM in ${workerPid}`);
    // a worker's own exit is a crash to the primary, which restarts it (spec/cluster/primary.spec.ts)
    expect(started.primary.exitCode).to.equal(null);
  });
});
