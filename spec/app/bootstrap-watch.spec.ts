import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { BootstrapWatch } from '../../src/app/bootstrap-watch';
import { Awaiting } from '../../src/core/di/awaiting';

const FIXTURE = path.join(__dirname, 'fixtures', 'never-settles.ts');

function recordingLogger() {
  const warnings: string[] = [];
  const errors: string[] = [];
  return { warnings, errors, logger: { log() {}, warn: (m: string) => warnings.push(m), error: (m: string) => errors.push(m) } };
}

describe('bootstrap watch', () => {
  it('warns, naming the factory, while bootstrap waits on a slow one', async () => {
    const awaiting = new Awaiting();
    const { warnings, logger } = recordingLogger();
    const watch = new BootstrapWatch(20);
    watch.follow(awaiting, logger);
    let settle!: () => void;
    const pending = awaiting.on('the factory of DB_POOL in AppModule', new Promise<void>((resolve) => (settle = resolve)));
    await new Promise((resolve) => setTimeout(resolve, 70));
    settle();
    await pending;
    watch.stop();
    expect(warnings.length).to.be.greaterThan(0);
    expect(warnings[0]).to.contain('the factory of DB_POOL in AppModule').and.contain('has not settled');
  });

  it('stops warning once stopped', async () => {
    const awaiting = new Awaiting();
    const { warnings, logger } = recordingLogger();
    const watch = new BootstrapWatch(10);
    watch.follow(awaiting, logger);
    watch.stop();
    await new Promise((resolve) => setTimeout(resolve, 40));
    expect(warnings).to.deep.equal([]);
  });

  it('forgets the label once the awaited promise settles, even by rejecting', async () => {
    const awaiting = new Awaiting();
    await awaiting.on('X.onModuleInit()', Promise.reject(new Error('no'))).catch(() => undefined);
    expect(awaiting.label).to.equal(undefined);
  });

  it('exits with code 1 naming the factory when a factory never settles and nothing else is pending (regression: exit 0, silently)', async function () {
    this.timeout(60_000); // ts-node startup on a busy machine
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    expect(code).to.equal(1);
    expect(stdout).to.equal('');
    expect(stderr).to.contain('createServer can never finish').and.contain("the factory of 'DB_POOL' in AppModule");
  });
});
