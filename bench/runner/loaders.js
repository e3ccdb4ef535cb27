'use strict';
// The load generators, behind one shape: run(job) → { rps, p50, p90, p99 (ms), responses,
// errors, non2xx }. wrk when installed (C, one thread = one CPU); autocannon otherwise; and
// wirework-load, ours, to show it keeps up with both.
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');
const { BENCH_DIR, cpuSeconds } = require('./servers');

const ROOT = path.resolve(BENCH_DIR, '..');
const LUA_DIR = path.join(BENCH_DIR, 'lua');

/**
 * Run a loader to its end. `cpu`: the share of one CPU it used, sampled from /proc every
 * 200 ms while it runs (the last sample is at most 200 ms before its exit): a loader near
 * 100 % may be the bottleneck; the server's own share says the same from the other side.
 */
function runChild(argv, timeoutMs, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { cwd: BENCH_DIR, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const start = process.hrtime.bigint();
    let sample;
    const sampler = setInterval(() => {
      const cpu = cpuSeconds(child.pid);
      if (cpu !== undefined) sample = { cpu, wall: Number(process.hrtime.bigint() - start) / 1e9 };
    }, 200);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr = (stderr + c).slice(-4000)));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      clearInterval(sampler);
      resolve({ code, signal, stdout, stderr, cpu: sample && sample.wall > 0 ? sample.cpu / sample.wall : undefined });
    });
  });
}

function bodyPath(job) {
  return job.bodyFile ? path.join(BENCH_DIR, job.bodyFile) : undefined;
}

const wrk = {
  id: 'wrk',
  available: () => spawnSync('wrk', ['--version'], { encoding: 'utf8' }).error === undefined,
  version() {
    const r = spawnSync('wrk', ['--version'], { encoding: 'utf8' });
    return ((r.stdout || '') + (r.stderr || '')).split('\n')[0].trim();
  },
  async run(job) {
    let script = 'get.lua';
    const extra = [];
    if (job.method === 'POST') {
      script = 'post.lua';
      extra.push(bodyPath(job));
    } else if (job.pipelining > 1) {
      script = 'pipeline.lua';
      extra.push(String(job.pipelining));
    } else if (job.close) {
      script = 'close.lua';
    }
    const argv = [
      ...job.prefix, 'wrk', '-t1', `-c${job.connections}`, `-d${job.durationS}s`, '--timeout', '10s',
      '-s', path.join(LUA_DIR, script), job.url,
    ];
    if (extra.length > 0) argv.push('--', ...extra);
    const r = await runChild(argv, job.durationS * 1000 + 30_000, { ...process.env, WW_BENCH_LUA_DIR: LUA_DIR });
    const line = r.stdout.split('\n').find((l) => l.startsWith('WRK_JSON '));
    if (!line) throw new Error(`wrk printed no result (${r.signal || `code ${r.code}`}): ${(r.stderr || r.stdout).trim().slice(-300)}`);
    const j = JSON.parse(line.slice(9));
    const seconds = j.duration_us / 1e6;
    // wrk answers 0 for a percentile whose rank falls among samples it could not record
    // (past --timeout); say "unknown" rather than print a 0 ms p99
    const ms = (us) => (us > 0 || j.requests === 0 ? us / 1000 : undefined);
    return {
      rps: j.requests / seconds,
      p50: ms(j.p50_us),
      p90: ms(j.p90_us),
      p99: ms(j.p99_us),
      responses: j.requests,
      errors: j.connect + j.read + j.write + j.timeout,
      // wrk counts status > 399 only; its 3xx are not in our routes
      non2xx: j.status,
      loaderCpu: r.cpu,
    };
  },
};

const AUTOCANNON = path.join(BENCH_DIR, 'node_modules', 'autocannon', 'autocannon.js');
const autocannon = {
  id: 'autocannon',
  available: () => fs.existsSync(AUTOCANNON),
  version: () => `autocannon ${require(path.join(BENCH_DIR, 'node_modules', 'autocannon', 'package.json')).version}`,
  async run(job) {
    const argv = [
      ...job.prefix, process.execPath, AUTOCANNON, '-j', '-c', String(job.connections), '-d', String(job.durationS),
      '-p', String(job.pipelining), '-t', '10', '-m', job.method,
    ];
    if (job.method === 'POST') argv.push('-i', bodyPath(job), '-H', 'content-type=application/json');
    if (job.close) argv.push('-H', 'connection=close');
    argv.push(job.url);
    const r = await runChild(argv, job.durationS * 1000 + 30_000);
    let j;
    try {
      j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{')));
    } catch {
      throw new Error(`autocannon printed no JSON (${r.signal || `code ${r.code}`}): ${r.stderr.trim().slice(-300)}`);
    }
    const seconds = j.duration || job.durationS;
    return {
      rps: j.requests.total / seconds,
      p50: j.latency.p50,
      p90: j.latency.p90,
      p99: j.latency.p99,
      responses: j.requests.total,
      errors: j.errors + j.timeouts,
      non2xx: j.non2xx,
      loaderCpu: r.cpu,
    };
  },
};

const WIREWORK_LOAD = path.join(ROOT, 'dist', 'src', 'load', 'cli.js');
const wireworkLoad = {
  id: 'wirework-load',
  available: () => fs.existsSync(WIREWORK_LOAD),
  version: () => `wirework-load ${require(path.join(ROOT, 'package.json')).version}`,
  async run(job) {
    const argv = [
      ...job.prefix, process.execPath, WIREWORK_LOAD, job.url, '--json', '-c', String(job.connections),
      '-d', `${job.durationS}s`, '-p', String(job.pipelining), '-m', job.method,
    ];
    if (job.method === 'POST') argv.push('-b', `@${bodyPath(job)}`, '-H', 'content-type: application/json');
    if (job.close) argv.push('-H', 'connection: close');
    const r = await runChild(argv, job.durationS * 1000 + 30_000);
    let j;
    try {
      j = JSON.parse(r.stdout);
    } catch {
      throw new Error(`wirework-load printed no JSON (${r.signal || `code ${r.code}`}): ${r.stderr.trim().slice(-300)}`);
    }
    return {
      rps: j.requestsPerSecond,
      p50: j.latencyMs.p50,
      p90: j.latencyMs.p90,
      p99: j.latencyMs.p99,
      responses: j.responses,
      errors: j.errorCount,
      non2xx: j.non2xx,
      loaderCpu: r.cpu,
    };
  },
};

const LOADERS = { wrk, autocannon, 'wirework-load': wireworkLoad };

module.exports = { LOADERS };
