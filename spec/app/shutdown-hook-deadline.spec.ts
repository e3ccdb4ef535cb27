import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { Injectable } from '../../src/core/di/injectable';
import { Module } from '../../src/core/di/module';
import { makeApp } from './helpers';

const events: string[] = [];

@Injectable()
class NeverClosingClient {
  onModuleDestroy(): Promise<void> {
    events.push('NeverClosingClient.onModuleDestroy');
    return new Promise(() => undefined);
  }
}

@Module({ providers: [NeverClosingClient] })
class StuckModule {}

@Injectable()
class SlowButFine {
  async onApplicationShutdown(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 50));
    events.push('SlowButFine.onApplicationShutdown');
  }
}

@Module({ providers: [SlowButFine] })
class FineModule {}

/** Settles with what close() did, or 'still waiting' after `ms`. */
function within(ms: number, closing: Promise<void>): Promise<Error | 'resolved' | 'still waiting'> {
  return Promise.race([
    closing.then(() => 'resolved' as const, (error: Error) => error),
    new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms).unref()),
  ]);
}

describe('shutdown hooks deadline (shutdownHooksTimeoutMs)', () => {
  beforeEach(() => (events.length = 0));

  it('rejects close() once a hook has not settled within shutdownHooksTimeoutMs, naming its class and hook (regression: close() never settled)', async () => {
    const app = await makeApp(StuckModule, { shutdownHooksTimeoutMs: 100 });
    const outcome = await within(5_000, app.close());
    expect(outcome).to.be.instanceOf(Error);
    expect((outcome as Error).message).to.contain('NeverClosingClient.onModuleDestroy()').and.to.contain('100 ms');
    expect((outcome as { code?: string }).code).to.equal('WW_ERR_SHUTDOWN_HOOK_TIMEOUT');
  });

  it('lets hooks that finish within the deadline run as before', async () => {
    const app = await makeApp(FineModule, { shutdownHooksTimeoutMs: 1_000 });
    expect(await within(5_000, app.close())).to.equal('resolved');
    expect(events).to.deep.equal(['SlowButFine.onApplicationShutdown']);
  });

  it('refuses a shutdownHooksTimeoutMs that is not a number of milliseconds >= 0 at createServer', async () => {
    for (const bad of [NaN, -1, Infinity]) {
      const error = await makeApp(FineModule, { shutdownHooksTimeoutMs: bad }).then(
        async (app) => { await app.close(); return null; },
        (e: { code?: string; message: string }) => e,
      );
      expect(error?.code, String(bad)).to.equal('WW_ERR_INVALID_OPTION');
      expect(error?.message).to.contain('shutdownHooksTimeoutMs');
    }
  });

  it('ends a process on SIGTERM with exit code 1, logging the hook that never settled (regression: it hung forever)', async function () {
    this.timeout(60_000);
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'fixtures', 'stuck-shutdown-hook.ts')], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen = { out: '', err: '' };
    child.stdout!.on('data', (d) => (seen.out += d));
    child.stderr!.on('data', (d) => (seen.err += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      while (!seen.out.includes('{') && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
      child.kill('SIGTERM');
      const code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 10_000))]);
      expect(code, seen.err).to.equal(1);
      expect(seen.err).to.contain('StuckPool.onApplicationShutdown()');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });
});
