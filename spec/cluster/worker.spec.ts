import { expect } from 'chai';
import type { ChildProcess } from 'node:child_process';
import { rawRequest } from '../app/helpers';
import { alive } from './alive';
import { startDrainApp, until } from './drain-app-process';

describe('a worker whose primary dies', function () {
  // Two processes load TypeScript through ts-node: slow to start on a busy machine.
  this.timeout(180_000);
  let primary: ChildProcess;
  let port: number;
  let workerPid: number;
  let stderr: () => string;

  before(async () => {
    const app = await startDrainApp({ HANG_ON_SHUTDOWN: '1', WORKERS_SHUTDOWN_TIMEOUT_MS: '1500' });
    ({ primary, port, workerPid } = app);
    stderr = app.stderr;
  });

  after(() => {
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
    if (workerPid && alive(workerPid)) process.kill(workerPid, 'SIGKILL');
  });

  it('answers the request it was serving before it exits', async () => {
    const response = rawRequest(port, 'GET /slow/1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await until(() => stderr().includes(`slow request started in ${workerPid}`), 10_000)).to.equal(true);
    primary.kill('SIGKILL');
    const res = await response;
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.body).pid).to.equal(workerPid);
  });

  it('exits workers.shutdownTimeoutMs after its close began, though a shutdown hook hangs', async () => {
    // Nobody is left to kill it: the worker holds the primary's deadline (1.5 s here) itself.
    expect(await until(() => !alive(workerPid), 5_000)).to.equal(true);
  });
});
