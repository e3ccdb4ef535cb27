import { expect } from 'chai';
import net from 'node:net';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { runPrimary, WorkersShutdownError, type PrimaryHandle } from '../../src/cluster/primary';
import { createRateLimitHost } from '../../src/rate-limit/cluster-store';
import { rawRequest, recordingLogger, type RawResponse } from '../app/helpers';
import { alive } from './alive';

const FIXTURE = path.join(__dirname, 'fixtures', 'worker-app.ts');
const FAILING = path.join(__dirname, 'fixtures', 'failing-worker.ts');
const SLOW_BOOT = path.join(__dirname, 'fixtures', 'slow-boot-worker.ts');
const SHUTDOWN_OUTCOME = path.join(__dirname, 'fixtures', 'shutdown-outcome-worker.ts');
const MALFORMED = path.join(__dirname, 'fixtures', 'malformed-ipc-worker.ts');
const HANG_ON_RESTART = path.join(__dirname, 'fixtures', 'hang-on-restart-worker.ts');
const EXEC_ARGV = ['-r', 'ts-node/register/transpile-only'];

/** One request on its own connection (so the cluster spreads them over the workers). */
function get(port: number, url: string): Promise<RawResponse> {
  return rawRequest(port, `GET ${url} HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
}

// Worker start-up is a TypeScript compile of the framework (a few seconds on an idle machine);
// the generous timeouts are for loaded CI runners, not expectations of speed.
describe('runPrimary with two real workers', function () {
  this.timeout(180_000);
  let primary: PrimaryHandle;
  const logger = recordingLogger();
  const host = createRateLimitHost();

  before(async () => {
    primary = await runPrimary({
      workers: 2,
      exec: FIXTURE,
      execArgv: EXEC_ARGV,
      handlers: { [host.channel]: host.handle },
      logger,
      handleSignals: false,
      restartDelayMs: 50,
      startupTimeoutMs: 150_000,
    });
  });

  after(async () => {
    await primary?.close();
    host.close();
  });

  it('starts both workers listening on one shared port', () => {
    expect(primary.pids()).to.have.length(2);
    expect(primary.address.port).to.be.greaterThan(0);
  });

  it('lets exactly limit requests through across both workers (one count in the primary)', async () => {
    const results = [];
    for (let i = 0; i < 16; i++) results.push(await get(primary.address.port, '/limited'));
    const ok = results.filter((r) => r.status === 200);
    expect(ok).to.have.length(10);
    expect(results.slice(10).every((r) => r.status === 429)).to.equal(true);
    const servedBy = new Set(ok.map((r) => JSON.parse(r.body).pid));
    expect(servedBy.size, 'both workers served requests').to.equal(2);
    expect(results[10].headers['retry-after']).to.match(/^\d+$/);
  });

  it('restarts a worker that dies, logging it', async () => {
    const [victim] = primary.pids();
    const listening = once(primary.events, 'listening');
    process.kill(victim, 'SIGKILL');
    const [event] = await listening;
    expect(event.pid).to.not.equal(victim);
    expect(primary.pids()).to.have.length(2).and.not.include(victim);
    expect(logger.lines.some((l) => l.level === 'warn' && /exited \(SIGKILL\); restarting in 50 ms/.test(l.message))).to.equal(true);
    // the restarted worker shares the same count: the client is still limited
    const again = await Promise.all([get(primary.address.port, '/limited'), get(primary.address.port, '/limited')]);
    expect(again.map((r) => r.status)).to.deep.equal([429, 429]);
  });

  it('shuts every worker down on close() and stops serving the port', async () => {
    const pids = primary.pids();
    await primary.close();
    expect(pids.filter(alive)).to.deep.equal([]);
    const refused = await new Promise<boolean>((resolve) => {
      const s = net.connect(primary.address.port, '127.0.0.1');
      s.on('connect', () => { s.destroy(); resolve(false); });
      s.on('error', () => resolve(true));
    });
    expect(refused).to.equal(true);
  });
});

describe('runPrimary when a worker cannot start', function () {
  this.timeout(60_000);
  it('rejects with the worker’s own error and leaves no worker behind', async () => {
    const error = await runPrimary({ workers: 1, exec: FAILING, execArgv: EXEC_ARGV, logger: false, handleSignals: false })
      .then(() => null, (e: Error) => e);
    expect(error?.message).to.match(/worker 1 failed to start: boot failure requested by the spec/);
  });

  it('stops the workers still booting at once, instead of killing them after shutdownTimeoutMs', async () => {
    // A booting worker has no handler for the primary's shutdown message yet: it would serve
    // on until the kill, and listen() would reject only then.
    const logger = recordingLogger();
    const error = await runPrimary({ workers: 2, exec: SLOW_BOOT, execArgv: EXEC_ARGV, logger, handleSignals: false, shutdownTimeoutMs: 3_000 })
      .then(() => null, (e: Error) => e);
    expect(error?.message).to.match(/worker 1 failed to start/);
    expect(logger.lines.filter((l) => /killing it/.test(l.message))).to.deep.equal([]);
  });
});

describe('runPrimary when a worker sends malformed messages', function () {
  this.timeout(60_000);
  it('ignores them, logging each, and keeps answering that worker (regression: `batch is not iterable` crashed the primary)', async () => {
    const logger = recordingLogger();
    const primary = await runPrimary({
      workers: 1, exec: MALFORMED, execArgv: EXEC_ARGV, logger, handleSignals: false,
      handlers: { echo: (body) => body },
    });
    try {
      // the good request after them was answered: the worker listened with its length
      expect(primary.address.port).to.equal(1000 + 'still answered'.length);
      expect(logger.lines.filter((l) => l.level === 'warn' && /malformed message/.test(l.message))).to.have.length(8);
    } finally {
      await primary.close();
    }
  });
});

describe('runPrimary.close() when a worker does not shut down cleanly', function () {
  this.timeout(60_000);
  const closeWith = async (outcome: string) => {
    const primary = await runPrimary({
      workers: 2, exec: SHUTDOWN_OUTCOME, execArgv: EXEC_ARGV, logger: false, handleSignals: false,
      shutdownTimeoutMs: 500, env: { SHUTDOWN: outcome },
    });
    const pids = primary.pids();
    const error = await primary.close().then(() => null, (e: WorkersShutdownError) => e);
    return { error, pids };
  };

  it('resolves when every worker exits 0', async () => {
    expect((await closeWith('0')).error).to.equal(null);
  });

  it('rejects naming the workers it had to kill after shutdownTimeoutMs (regression: the primary exited 0)', async () => {
    const { error, pids } = await closeWith('hang');
    expect(error).to.be.instanceOf(WorkersShutdownError);
    expect(error?.code).to.equal('WW_ERR_WORKERS_SHUTDOWN');
    expect(error?.message).to.contain(`worker 1 (pid ${pids[0]}) was still running 500 ms after shutdown began and was killed`);
    expect(error?.message).to.contain(`worker 2 (pid ${pids[1]})`);
    expect(pids.filter(alive)).to.deep.equal([]);
  });

  it('rejects naming a worker that exited with a failure code while shutting down', async () => {
    const { error } = await closeWith('1');
    expect(error?.message).to.match(/worker 1 \(pid \d+\) exited with code 1 while shutting down/);
  });
});

describe('runPrimary when the primary exits while its workers close (a second signal: "exit now")', function () {
  this.timeout(60_000);
  it('takes its workers with it instead of leaving them to run on until workers.shutdownTimeoutMs', async () => {
    const primary = await runPrimary({
      workers: 1, exec: SHUTDOWN_OUTCOME, execArgv: EXEC_ARGV, logger: false, handleSignals: false,
      shutdownTimeoutMs: 30_000, env: { SHUTDOWN: 'hang' },
    });
    const pids = primary.pids();
    try {
      const before = process.listeners('exit');
      const closing = primary.close();
      // What process.exit() runs in the primary (the mocha process must not exit itself).
      for (const listener of process.listeners('exit')) if (!before.includes(listener)) listener(143);
      await Promise.race([closing, new Promise((resolve) => setTimeout(resolve, 5_000))]);
      expect(pids.filter(alive)).to.deep.equal([]);
    } finally {
      for (const pid of pids.filter(alive)) process.kill(pid, 'SIGKILL');
    }
  });
});

describe('runPrimary when a replacement worker never listens', function () {
  this.timeout(60_000);
  it('kills it after startupTimeoutMs, saying so, and starts another (regression: its slot stayed empty, silently)', async () => {
    const marker = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ww-hang-')), 'ran-once');
    const logger = recordingLogger();
    const primary = await runPrimary({
      workers: 1, exec: HANG_ON_RESTART, execArgv: EXEC_ARGV, logger, handleSignals: false,
      restartDelayMs: 50, startupTimeoutMs: 2_000, env: { MARKER: marker },
    });
    try {
      const [first] = primary.pids();
      const restarts: number[] = [];
      primary.events.on('restart', (event: { pid: number }) => restarts.push(event.pid));
      process.kill(first, 'SIGKILL');
      const deadline = Date.now() + 10_000;
      while (restarts.length < 2 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
      expect(restarts[0]).to.equal(first);
      expect(restarts[1], 'the hung replacement was replaced').to.be.a('number').and.not.equal(first);
      expect(logger.lines.some((l) => l.level === 'error' && l.message === `worker 1 (pid ${restarts[1]}) was not listening 2000 ms after it was started (startupTimeoutMs); killing it`)).to.equal(true);
    } finally {
      await primary.close().catch(() => undefined);
      fs.rmSync(path.dirname(marker), { recursive: true, force: true });
    }
  });
});
