import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createServer } from '../../src/app/create-server';
import { Module } from '../../src/core/di/module';

@Module({})
class EmptyModule {}

describe('app.listen() and app.close() in the wrong order', function () {
  // the workers spec loads TypeScript through ts-node in two processes
  this.timeout(120_000);

  it('rejects listen() after close() (regression: it bound a port whose every connection was dropped)', async () => {
    const app = await createServer(EmptyModule, { logger: false });
    await app.close();
    const error = await app.listen(0, '127.0.0.1').then(() => null, (e: { code?: string; message: string }) => e);
    expect(error?.code).to.equal('WW_ERR_APP_CLOSED');
    expect(error?.message).to.match(/app\.close\(\) was called/);
  });

  it('rejects a second listen() in one process', async () => {
    const app = await createServer(EmptyModule, { logger: false });
    try {
      await app.listen(0, '127.0.0.1');
      const error = await app.listen(0, '127.0.0.1').then(() => null, (e: { code?: string; message: string }) => e);
      expect(error?.code).to.equal('WW_ERR_ALREADY_LISTENING');
    } finally {
      await app.close();
    }
  });

  it('rejects a second listen() in the primary instead of forking a second set of workers', async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'fixtures', 'listen-twice.ts')], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    child.stdout!.on('data', (d) => (out += d));
    // Without the fix the first set of workers outlives close() and holds the primary open.
    const hung = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    clearTimeout(hung);
    const line = out.split('\n').find((l) => l.startsWith('{'));
    expect(line, out).to.not.equal(undefined);
    const { second, workers } = JSON.parse(line!) as { second: string; workers: number };
    expect(second).to.match(/^WW_ERR_ALREADY_LISTENING: /);
    expect(workers).to.equal(1);
    expect(code).to.equal(0);
  });
});
