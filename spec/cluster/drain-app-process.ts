import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { rawRequest } from '../app/helpers';

const FIXTURE = path.join(__dirname, 'fixtures', 'drain-app.ts');

export interface DrainApp {
  primary: ChildProcess;
  port: number;
  /** everything both processes wrote to stderr so far */
  stderr: () => string;
  workerPid: number;
}

/** The drain app (a primary and one worker) in a child process, listening; `env` goes to both. */
export async function startDrainApp(env: Record<string, string>): Promise<DrainApp> {
  const primary = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', FIXTURE], {
    cwd: path.join(__dirname, '..', '..'),
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  primary.stderr!.on('data', (d) => (stderr += d));
  const port = await new Promise<number>((resolve, reject) => {
    let out = '';
    primary.stdout!.on('data', (d) => {
      out += d;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve(JSON.parse(line).port);
    });
    primary.on('exit', (code) => reject(new Error(`the primary exited (${code}) before listening: ${stderr}`)));
  });
  const res = await rawRequest(port, 'GET /pid HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
  return { primary, port, stderr: () => stderr, workerPid: JSON.parse(res.body).pid };
}

/** Polls `condition` every 50 ms until it holds or `timeoutMs` passes; its last answer. */
export async function until(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (!condition() && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  return condition();
}
