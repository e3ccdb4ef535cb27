import { expect } from 'chai';
import { spawn } from 'node:child_process';
import path from 'node:path';
import { alive } from '../cluster/alive';

const FIXTURE = path.join(__dirname, 'fixtures', 'close-while-starting.ts');

describe('workers: app.close() in the primary while the workers are starting', function () {
  // Three processes each load TypeScript through ts-node: slow to start on a busy machine.
  this.timeout(120_000);
  let out = '';
  let code: number | null | 'still running' = null;
  let pids: number[] = [];

  before(async () => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child.stdout!.on('data', (d) => (out += d));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (c) => resolve(c)));
    // The workers would reach listen() after 60 s: a primary that exits well before has stopped them.
    code = await Promise.race([exited, new Promise<'still running'>((resolve) => setTimeout(() => resolve('still running'), 45_000))]);
    const closed = out.split('\n').find((l) => l.includes('"closed"'));
    pids = closed ? (JSON.parse(closed) as { pids: number[] }).pids : [];
    if (code === 'still running') {
      child.kill('SIGKILL');
      for (const pid of pids) if (alive(pid)) process.kill(pid, 'SIGKILL');
    }
  });

  it('stops the booting workers, so the primary exits by itself (regression: they ran on and held it open)', () => {
    expect(code, out).to.equal(0);
    expect(pids).to.have.length(2);
    expect(pids.filter(alive)).to.deep.equal([]);
  });

  it('rejects the pending listen() with an error that says close() stopped the start', () => {
    const line = out.split('\n').find((l) => l.includes('"listen"'));
    expect(line, out).to.not.equal(undefined);
    expect(JSON.parse(line!).listen).to.match(/close\(\).*while the workers were starting/);
  });
});
