'use strict';
// Start one bench server as a child (pinned to its CPU), wait for its ready line, read its
// CPU time and peak RSS from /proc, stop it.
const { spawn } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const path = require('node:path');

const BENCH_DIR = path.resolve(__dirname, '..');

/** In table order: ours first, then the baseline, the peers, and the ceiling. */
const SERVERS = [
  { id: 'wirework-app', file: 'servers/wirework-app.js', about: 'decorator app: DI, ParseIntPipe, two guards' },
  { id: 'wirework-engine', file: 'servers/wirework-engine.js', about: 'HttpServer + a bare handler' },
  { id: 'node-http', file: 'servers/node-http.js', about: 'node:http + a hand-written switch (the baseline)' },
  { id: 'fastify', file: 'servers/fastify.js', about: 'fastify' },
  { id: 'express', file: 'servers/express.js', about: 'express' },
  { id: 'hono', file: 'servers/hono.js', about: 'hono on @hono/node-server' },
  { id: 'koa', file: 'servers/koa.js', about: 'koa + @koa/router' },
  { id: 'canned-net', file: 'servers/canned-net.js', about: 'net: one canned answer per head, no parsing (the ceiling)' },
];

const READY_TIMEOUT_MS = 20_000;

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start `server` with `prefix` (e.g. ['taskset', '-c', '0']) before node. Resolves
 * { pid, port, stop() } once it printed `ready <name> <port>`; rejects with the reason and
 * the tail of its stderr when it exits or stays silent.
 */
async function startServer(server, prefix) {
  const file = path.join(BENCH_DIR, server.file);
  if (!fs.existsSync(file)) throw new Error(`${server.file} does not exist (not built?)`);
  const port = await freePort();
  const argv = [...prefix, process.execPath, file];
  const child = spawn(argv[0], argv.slice(1), {
    cwd: BENCH_DIR,
    env: { ...process.env, ...server.env, PORT: String(port), NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => {
    stderr = (stderr + c.toString()).slice(-4000);
  });
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));

  await new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within ${READY_TIMEOUT_MS / 1000} s${tail(stderr)}`));
    }, READY_TIMEOUT_MS);
    child.stdout.on('data', (c) => {
      out += c.toString();
      if (/^ready \S+ \d+/m.test(out)) {
        clearTimeout(timer);
        resolve();
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`exited (${signal || `code ${code}`}) before it was ready${tail(stderr)}`));
    });
  });
  child.stdout.resume();

  return {
    pid: child.pid,
    port,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

/** The line of a crash that says what went wrong: the error's own line, not the stack under it. */
function tail(stderr) {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('at ') && !/^Node\.js v/.test(l));
  const error = lines.find((l) => /^(\w*Error|Error)\b[:\[]/.test(l));
  const pick = error ?? lines[lines.length - 1];
  return pick === undefined ? '' : `: ${pick.slice(0, 200)}`;
}

/** Peak resident set (VmHWM) of a live process, in bytes; undefined off Linux. */
function peakRss(pid) {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

/** utime + stime of a live process, in seconds (clock ticks are 100 Hz on Linux). */
function cpuSeconds(pid) {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

module.exports = { SERVERS, startServer, peakRss, cpuSeconds, BENCH_DIR };
