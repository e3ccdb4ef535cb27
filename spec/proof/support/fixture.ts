/** Starts spec/proof/fixtures/app-server.ts as a child process (through ts-node, like the specs). */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

const FIXTURE = path.join(__dirname, '..', 'fixtures', 'app-server.ts');
const ROOT = path.join(__dirname, '..', '..', '..');

export interface Fixture {
  child: ChildProcess;
  port: number;
  /** resolves when the process has exited, with when (Date.now()) */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>;
  stderr: () => string;
}

export function startFixture(options: Record<string, unknown> = {}, startTimeoutMs = 150_000): Promise<Fixture> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
    cwd: ROOT,
    env: { ...process.env, FIXTURE_OPTIONS: JSON.stringify(options), TS_NODE_TRANSPILE_ONLY: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr!.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal, at: Date.now() })),
  );
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`the fixture did not start within ${startTimeoutMs} ms; stderr: ${err}`));
    }, startTimeoutMs);
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /LISTENING (\d+)/.exec(out);
      if (m !== null) {
        clearTimeout(timer);
        resolve({ child, port: Number(m[1]), exited, stderr: () => err });
      }
    });
    void exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`the fixture exited before listening (code ${code}, signal ${signal}); stderr: ${err}`));
    });
  });
}
