import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'src', 'load', 'cli.ts');

interface CliRun {
  child: ChildProcess;
  done: Promise<{ code: number | null; stdout: string; stderr: string }>;
}

/** Start the real command (through ts-node, as the spec suite runs sources) and collect its output. */
function startCli(args: string[]): CliRun {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', CLI, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  return { child, done: new Promise((resolve) => child.on('exit', (code) => resolve({ code, stdout, stderr }))) };
}

function runCli(args: string[]): CliRun['done'] {
  return startCli(args).done;
}

/** A server that answers every request head with a 2-byte 200 and calls `onRequest` each time. */
async function startOkServer(onRequest: () => void = () => undefined): Promise<{ port: number; close: () => void }> {
  const connections = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    connections.add(socket);
    socket.on('close', () => connections.delete(socket));
    socket.on('data', (chunk) => {
      const heads = chunk.toString('latin1').split('\r\n\r\n').length - 1;
      for (let k = 0; k < heads; k++) onRequest();
      socket.write('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok'.repeat(heads));
    });
    socket.on('error', () => socket.destroy());
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () => {
      server.close();
      for (const c of connections) c.destroy();
    },
  };
}

describe('wirework-load (the command)', () => {
  it('prints the result as JSON with --json and exits 0 against a real server', async () => {
    const server = await startOkServer();
    try {
      const { code, stdout, stderr } = await runCli([`http://127.0.0.1:${server.port}/`, '-c', '2', '-n', '50', '-d', '10s', '--json']);
      expect(code, stderr).to.equal(0);
      const result = JSON.parse(stdout);
      expect(result.responses).to.be.at.least(50);
      expect(result.statuses).to.have.property('200');
      expect(stderr).to.equal(''); // no progress line when stderr is not a terminal
    } finally {
      server.close();
    }
  });

  it('prints exactly the JSON fields that the table in docs/benchmarks.md documents', async () => {
    const docs = readFileSync(path.join(ROOT, 'docs', 'benchmarks.md'), 'utf8');
    const table = docs.slice(docs.indexOf('### The JSON result'), docs.indexOf('\n## ', docs.indexOf('### The JSON result')));
    const rows = [...table.matchAll(/^\| `(\w+)` \| (.*) \|$/gm)];
    const latencyRow = rows.find(([, field]) => field === 'latencyMs')![2];
    const server = await startOkServer();
    try {
      const { stdout } = await runCli([`http://127.0.0.1:${server.port}/`, '-c', '1', '-n', '5', '--json']);
      const result = JSON.parse(stdout);
      expect(Object.keys(result)).to.have.members(rows.map(([, field]) => field));
      expect(Object.keys(result.latencyMs)).to.have.members(/`\{ (.*) \}`/.exec(latencyRow)![1].split(', '));
    } finally {
      server.close();
    }
  });

  it('prints the report of the run so far when interrupted with Ctrl-C (SIGINT)', async () => {
    // One connection, one request at a time: the 5th request means 4 responses were counted.
    let run: CliRun | undefined;
    let requests = 0;
    const server = await startOkServer(() => {
      if (++requests === 5) run?.child.kill('SIGINT');
    });
    try {
      run = startCli([`http://127.0.0.1:${server.port}/`, '-c', '1', '-d', '60s', '--json']);
      const { code, stdout, stderr } = await run.done;
      expect(code, stderr).to.equal(0);
      const result = JSON.parse(stdout);
      expect(result.responses).to.be.above(0);
      expect(result.durationSeconds).to.be.below(60);
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
