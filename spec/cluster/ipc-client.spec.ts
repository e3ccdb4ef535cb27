import { expect } from 'chai';
import { fork } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';

describe('IpcClient (in a real child process)', function () {
  this.timeout(60_000);

  it('batches the requests of one event-loop turn, matches replies by id, and times out the unanswered', async () => {
    const child = fork(path.join(__dirname, 'fixtures', 'ipc-child.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'], env: { ...process.env, TIMEOUT_MS: '200' } });
    const batches: Array<{ ch: string; batch: Array<[number, unknown]> }> = [];
    const result = await new Promise<Array<{ ok?: unknown; error?: string; code?: string }>>((resolve, reject) => {
      child.on('error', reject);
      child.on('message', (m: any) => {
        if (m?.ww === 'req') {
          batches.push(m);
          // answer 'double' in reverse order: ids, not order, must match replies to requests
          if (m.ch === 'double') child.send({ ww: 'res', batch: m.batch.reverse().map(([id, n]: [number, number]) => [id, n * 2]) });
        } else if (m?.ww === 'result') resolve(m.out);
      });
    });
    expect(batches.map((b) => [b.ch, b.batch.length])).to.deep.equal([['double', 2], ['silent', 1]]);
    expect(result[0]).to.deep.equal({ ok: 2 });
    expect(result[1]).to.deep.equal({ ok: 4 });
    expect(result[2].code).to.equal('WW_ERR_IPC_TIMEOUT');
    expect(result[2].error).to.match(/did not answer on "silent" within 200 ms/);
  });

  it('fails a batch whose channel closed before it was sent, without crashing the process', async () => {
    const child = fork(path.join(__dirname, 'fixtures', 'ipc-disconnect-child.ts'), [], { execArgv: ['-r', 'ts-node/register/transpile-only'], stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (d) => (out += d));
    child.stderr!.on('data', (d) => (err += d));
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(err).to.equal('');
    expect(code).to.equal(0);
    expect(out).to.equal('WW_ERR_IPC_UNAVAILABLE');
  });
});
