import { expect } from 'chai';
import { spawn } from 'node:child_process';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'load', 'cli.ts');

/** Run the real command (through ts-node, as the spec suite runs sources) and collect its output. */
function runCli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('wirework-load (the command)', () => {
  it('prints the result as JSON with --json and exits 0 against a real server', async () => {
    const server = net.createServer((socket) => {
      socket.on('data', (chunk) => {
        const heads = chunk.toString('latin1').split('\r\n\r\n').length - 1;
        socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'.repeat(heads));
      });
      socket.on('error', () => socket.destroy());
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    try {
      const { code, stdout, stderr } = await runCli([`http://127.0.0.1:${port}/`, '-c', '2', '-n', '50', '-d', '10s', '--json']);
      expect(code, stderr).to.equal(0);
      const result = JSON.parse(stdout);
      expect(result.responses).to.be.at.least(50);
      expect(result.statuses).to.have.property('200');
      expect(stderr).to.equal(''); // no progress line when stderr is not a terminal
    } finally {
      server.close();
    }
  });

  it('exits 2 and shows the usage for an unknown option', async () => {
    const { code, stderr } = await runCli(['http://127.0.0.1:1/', '--frobnicate']);
    expect(code).to.equal(2);
    expect(stderr).to.match(/unknown option --frobnicate/);
    expect(stderr).to.match(/usage: wirework-load/);
  });
});
