import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { rawRequest } from '../app/helpers';
import { alive } from './alive';

const FIXTURE = path.join(__dirname, 'fixtures', 'drain-app.ts');

async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}

describe('a worker whose primary dies', function () {
  // Two processes load TypeScript through ts-node: slow to start on a busy machine.
  this.timeout(180_000);
  let primary: ChildProcess;
  let port: number;
  let workerPid: number;
  let stderr = '';

  before(async () => {
    primary = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
      cwd: path.join(__dirname, '..', '..'),
      env: { ...process.env, HANG_ON_SHUTDOWN: '1', WORKERS_SHUTDOWN_TIMEOUT_MS: '1500' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    primary.stderr!.on('data', (d) => (stderr += d));
    port = await new Promise<number>((resolve, reject) => {
      let out = '';
      primary.stdout!.on('data', (d) => {
        out += d;
        const line = out.split('\n').find((l) => l.startsWith('{'));
        if (line) resolve(JSON.parse(line).port);
      });
      primary.on('exit', (code) => reject(new Error(`the primary exited (${code}) before listening: ${stderr}`)));
    });
    const res = await rawRequest(port, 'GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    workerPid = JSON.parse(res.body).pid;
  });

  after(() => {
    if (primary.exitCode === null && primary.signalCode === null) primary.kill('SIGKILL');
    if (workerPid && alive(workerPid)) process.kill(workerPid, 'SIGKILL');
  });

  it('answers the request it was serving before it exits', async () => {
    const response = rawRequest(port, 'GET /slow/1000 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(await until(() => stderr.includes(`slow request started in ${workerPid}`), 10_000)).to.equal(true);
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
