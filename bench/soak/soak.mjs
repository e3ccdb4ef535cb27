#!/usr/bin/env node
// bench/soak/soak.mjs — a long, mixed, checked run against the built sample app.
//
//   npm run build
//   node bench/soak/soak.mjs --requests 1000000 --connections 200
//   node bench/soak/soak.mjs --requests 200000                    # a shorter run
//   node bench/soak/soak.mjs --port 3000 --pid 1234               # against a server already running
//
// Without --port it spawns `node dist/sample/main.js` (PORT=0) and SIGTERMs it at the end.
// Needs only Node and the built dist/ (the strict response reader comes from dist/src/testing).
//
// The connections play five parts (of 20 connections: 15 keep-alive, 3 pipelined, 1 slow, 1 invalid):
//   keep-alive  one request at a time: POST /echo with a per-request id body, GET /, a static file
//   pipelined   batches of 8 of those in one write, answered in order
//   slow        each request written in 3 pieces, 20–60 ms apart (well inside the header timeout)
//   invalid     a new connection per request: malformed request lines, oversized headers, bad
//               framing → the exact status (400/414/431/505) with Connection: close, then FIN
// Every response is checked: status, body (the echo must be the exact bytes sent, so a
// response given to the wrong request is caught), framing (strict reader: nothing cut, nothing
// extra). RSS of the server is read from /proc/PID/status every second.
// Exit code 0 only with zero wrong answers, zero unanswered requests and a flat memory line.
// Writes a summary to bench/soak/results/latest.md.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '..', '..');
const READER = path.join(ROOT, 'dist', 'src', 'testing', 'response-reader.js');
const SAMPLE = path.join(ROOT, 'dist', 'sample', 'main.js');

const args = parseArgs(process.argv.slice(2));
const TOTAL = Number(args.requests ?? 1_000_000);
const CONNECTIONS = Number(args.connections ?? 200);
const OUT = path.resolve(args.out ?? path.join(HERE, 'results', 'latest.md'));
/** memory is judged after this share of the requests (JIT, pools and caches have settled). */
const WARMUP_SHARE = Number(args.warmup ?? 0.2);
/** no answer anywhere for this long → the run is declared hung. */
const STALL_MS = 30_000;

if (!fs.existsSync(READER) || (args.port === undefined && !fs.existsSync(SAMPLE))) {
  console.error('soak: dist/ is missing — run `npm run build` first');
  process.exit(2);
}
const { ResponseReader } = createRequire(import.meta.url)(READER);

// ---- the server ------------------------------------------------------------------------

async function startServer() {
  if (args.port !== undefined) return { port: Number(args.port), pid: args.pid !== undefined ? Number(args.pid) : null, child: null };
  const child = spawn(process.execPath, [SAMPLE], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const port = await new Promise((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (d) => {
      out += d;
      const m = /listening on https?:\/\/[^\s:]+:(\d+)/.exec(out);
      if (m) resolve(Number(m[1]));
    });
    child.once('exit', (code) => reject(new Error(`the sample exited (code ${code}) before listening: ${out}`)));
    setTimeout(() => reject(new Error('the sample did not start within 30 s')), 30_000).unref();
  });
  child.stdout.resume();
  return { port, pid: child.pid, child };
}

function rssKiB(pid) {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

// ---- requests and their checks ---------------------------------------------------------

const PAD = 'abcdefghijklmnopqrstuvwxyz0123456789'.repeat(40);
const STATIC_PATH = '/static/index.html';
const STATIC_BODY = fs.readFileSync(path.join(ROOT, 'sample', 'public', 'index.html'));

/** A valid request: its bytes and the check of its answer (null = right, else what is wrong). */
function validRequest(conn, n) {
  const k = n % 10;
  if (k < 6) {
    const body = `${conn}:${n}:${PAD.slice(0, (n * 7) % 700)}`;
    return {
      kind: 'echo',
      raw: `POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Type: application/octet-stream\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
      check: (r) => (r.statusCode === 200 && r.body.length === body.length && r.body.toString('latin1') === body ? null : `echo ${conn}:${n} → ${r.statusCode} ${JSON.stringify(r.body.toString('latin1').slice(0, 40))}`),
    };
  }
  if (k < 9) {
    return {
      kind: 'get',
      raw: 'GET / HTTP/1.1\r\nHost: soak\r\n\r\n',
      check: (r) => (r.statusCode === 200 && r.body.toString('latin1') === 'ok' ? null : `GET / → ${r.statusCode} ${JSON.stringify(r.body.toString('latin1').slice(0, 40))}`),
    };
  }
  return {
    kind: 'static',
    raw: `GET ${STATIC_PATH} HTTP/1.1\r\nHost: soak\r\n\r\n`,
    check: (r) => (r.statusCode === 200 && r.body.equals(STATIC_BODY) ? null : `GET ${STATIC_PATH} → ${r.statusCode}, ${r.body.length} bytes`),
  };
}

/** Invalid requests and the status RFC 9110/9112 (and our limits) give each. */
const INVALID = [
  ['request line with a fourth part', 'GET / HTTP/1.1 junk\r\nHost: soak\r\n\r\n', 400],
  ['DEL in the target', 'GET /a\x7fb HTTP/1.1\r\nHost: soak\r\n\r\n', 400],
  ['method with a non-token byte', 'G@T / HTTP/1.1\r\nHost: soak\r\n\r\n', 400],
  ['no Host in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n', 400],
  ['field line without a colon', 'GET / HTTP/1.1\r\nHost: soak\r\nNoColon\r\n\r\n', 400],
  ['HTTP/2.0 on a 1.1 connection', 'GET / HTTP/2.0\r\nHost: soak\r\n\r\n', 505],
  ['target of 9 000 bytes', `GET /${'a'.repeat(9000)} HTTP/1.1\r\nHost: soak\r\n\r\n`, 414],
  ['a 20 KiB header field', `GET / HTTP/1.1\r\nHost: soak\r\nX-Big: ${'b'.repeat(20 * 1024)}\r\n\r\n`, 431],
  ['Content-Length with Transfer-Encoding', 'POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: 1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n', 400],
  ['Content-Length not a number', 'POST /echo HTTP/1.1\r\nHost: soak\r\nContent-Length: abc\r\n\r\n', 400],
].map(([name, raw, status]) => ({ name, raw: Buffer.from(raw, 'latin1'), status }));

// ---- the run ---------------------------------------------------------------------------

const stats = {
  issued: 0,
  answered: 0,
  byKind: { echo: 0, get: 0, static: 0, invalid: 0, pipelined: 0, slow: 0 },
  wrong: 0,
  unanswered: 0,
  truncated: 0,
  reconnects: 0,
  samples: [],
  lastProgress: Date.now(),
};
const wrongSamples = [];
function wrong(text) {
  stats.wrong++;
  if (wrongSamples.length < 20) wrongSamples.push(text);
}

/** Takes up to `n` requests from the budget. */
function take(n) {
  const k = Math.min(n, TOTAL - stats.issued);
  if (k <= 0) return 0;
  stats.issued += k;
  return k;
}

/** A keep-alive connection whose answers are matched to its requests in order. */
class Conn {
  constructor(port) {
    this.socket = net.connect({ port, host: '127.0.0.1' });
    this.socket.setNoDelay(true);
    this.reader = new ResponseReader();
    this.waiting = [];
    this.closed = false;
    this.ready = new Promise((resolve) => {
      this.socket.once('connect', () => resolve(true));
      this.socket.once('error', () => resolve(false));
    });
    this.socket.on('error', () => undefined);
    this.socket.on('data', (chunk) => {
      let out;
      try {
        out = this.reader.push(chunk);
      } catch (e) {
        wrong(`framing: ${e.message}`);
        this.socket.destroy();
        return;
      }
      for (const r of out) {
        if (r.interim) continue;
        const w = this.waiting.shift();
        if (w === undefined) wrong(`an answer nobody asked for: ${r.statusCode}`);
        else w(r);
      }
    });
    this.socket.on('close', () => {
      this.closed = true;
      try {
        this.reader.end();
      } catch {
        stats.truncated++;
      }
      for (const w of this.waiting.splice(0)) w(null);
    });
  }

  /** Writes requests (one write for a batch) and resolves with their answers (null: connection gone). */
  send(raws) {
    if (this.closed) return Promise.resolve(raws.map(() => null));
    const answers = raws.map(() => new Promise((resolve) => {
      this.reader.expect('GET');
      this.waiting.push(resolve);
    }));
    this.socket.write(raws.length === 1 ? raws[0] : raws.join(''), 'latin1');
    return Promise.all(answers);
  }

  close() {
    this.socket.end();
  }
}

function settle(req, r, kind) {
  if (r === null) {
    stats.unanswered++;
    if (wrongSamples.length < 20) wrongSamples.push(`unanswered ${kind} ${req.kind}`);
    return false;
  }
  stats.answered++;
  stats.byKind[kind === 'keep-alive' ? req.kind : kind]++;
  stats.lastProgress = Date.now();
  const problem = req.check(r);
  if (problem !== null) wrong(`${kind}: ${problem}`);
  return true;
}

async function keepAliveWorker(port, id, batch, kind) {
  let conn = new Conn(port);
  await conn.ready;
  let n = 0;
  for (let k; (k = take(batch)) > 0; ) {
    if (conn.closed) {
      stats.reconnects++;
      conn = new Conn(port);
      await conn.ready;
    }
    const reqs = Array.from({ length: k }, () => validRequest(id, n++));
    const answers = await conn.send(reqs.map((r) => r.raw));
    for (let i = 0; i < k; i++) settle(reqs[i], answers[i], kind);
  }
  conn.close();
}

const pause = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function slowWorker(port, id) {
  let conn = new Conn(port);
  await conn.ready;
  let n = 0;
  while (take(1) > 0) {
    if (conn.closed) {
      stats.reconnects++;
      conn = new Conn(port);
      await conn.ready;
    }
    const req = validRequest(id, n++);
    const answer = new Promise((resolve) => {
      conn.reader.expect('GET');
      conn.waiting.push(resolve);
    });
    const raw = Buffer.from(req.raw, 'latin1');
    const a = Math.floor(raw.length / 3);
    const b = Math.floor((2 * raw.length) / 3);
    for (const [from, to] of [[0, a], [a, b], [b, raw.length]]) {
      if (conn.closed) break;
      conn.socket.write(raw.subarray(from, to));
      if (to < raw.length) await pause(20 + ((n * 13) % 41));
    }
    settle(req, conn.closed ? null : await answer, 'slow');
  }
  conn.close();
}

async function invalidWorker(port, id) {
  for (let n = id; take(1) > 0; n++) {
    const bad = INVALID[n % INVALID.length];
    const result = await new Promise((resolve) => {
      const socket = net.connect({ port, host: '127.0.0.1' });
      const reader = new ResponseReader(['GET']);
      const responses = [];
      let problem = null;
      socket.on('connect', () => socket.write(bad.raw));
      socket.on('data', (chunk) => {
        try {
          responses.push(...reader.push(chunk));
        } catch (e) {
          problem = `framing: ${e.message}`;
        }
      });
      socket.on('error', (e) => {
        // A reset after the answer is allowed (we may still be writing a 20 KiB header).
        if (responses.length === 0 && problem === null) problem = `error ${e.code} before any answer`;
      });
      socket.on('close', () => {
        try {
          responses.push(...reader.end());
        } catch (e) {
          problem ??= `cut: ${e.message}`;
        }
        resolve({ responses, problem });
      });
    });
    const r = result.responses[0];
    const req = {
      kind: 'invalid',
      check: () =>
        result.problem ??
        (result.responses.length !== 1
          ? `${bad.name}: ${result.responses.length} answers`
          : r.statusCode !== bad.status
            ? `${bad.name}: ${r.statusCode} instead of ${bad.status}`
            : !/close/i.test(String(r.headers.connection ?? ''))
              ? `${bad.name}: no Connection: close`
              : null),
    };
    settle(req, r === undefined && result.problem === null ? null : r ?? { statusCode: 0, body: Buffer.alloc(0), headers: {} }, 'invalid');
  }
}

async function main() {
  const server = await startServer();
  const started = Date.now();
  const sampler = server.pid === null ? null : setInterval(() => {
    const kib = rssKiB(server.pid);
    if (kib !== null) stats.samples.push({ t: Date.now() - started, done: stats.answered, kib });
  }, 1000);
  const watchdog = setInterval(() => {
    if (Date.now() - stats.lastProgress > STALL_MS) {
      console.error(`soak: no answer for ${STALL_MS / 1000} s — the server hangs (${stats.answered} answered of ${stats.issued} sent)`);
      process.exit(1);
    }
  }, 1000);
  const progress = setInterval(() => {
    const s = (Date.now() - started) / 1000;
    const last = stats.samples.at(-1);
    process.stderr.write(`soak: ${stats.answered}/${TOTAL} in ${s.toFixed(0)} s, ${stats.wrong} wrong, ${stats.unanswered} unanswered${last ? `, RSS ${(last.kib / 1024).toFixed(1)} MiB` : ''}\n`);
  }, 5000);

  const workers = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const part = i % 20;
    if (part === 0) workers.push(invalidWorker(server.port, i));
    else if (part === 1) workers.push(slowWorker(server.port, i));
    else if (part <= 4) workers.push(keepAliveWorker(server.port, i, 8, 'pipelined'));
    else workers.push(keepAliveWorker(server.port, i, 1, 'keep-alive'));
  }
  await Promise.all(workers);
  const seconds = (Date.now() - started) / 1000;
  clearInterval(watchdog);
  clearInterval(progress);
  if (sampler !== null) clearInterval(sampler);
  const last = server.pid === null ? null : rssKiB(server.pid);
  if (last !== null) stats.samples.push({ t: Date.now() - started, done: stats.answered, kib: last });

  let shutdown = null;
  if (server.child !== null) {
    const t0 = Date.now();
    const code = await new Promise((resolve) => {
      server.child.once('exit', (c, sig) => resolve(c ?? sig));
      server.child.kill('SIGTERM');
    });
    shutdown = { code, ms: Date.now() - t0 };
  }
  report(seconds, shutdown);
}

// ---- the report ------------------------------------------------------------------------

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s[Math.floor(s.length / 2)];
}

function memoryVerdict() {
  const warm = stats.samples.filter((s) => s.done >= TOTAL * WARMUP_SHARE);
  if (warm.length < 8) return { flat: null, text: `too few samples after warm-up (${warm.length}); run longer to judge memory`, warm };
  const q = Math.max(2, Math.floor(warm.length / 4));
  const first = median(warm.slice(0, q).map((s) => s.kib));
  const lastQ = median(warm.slice(-q).map((s) => s.kib));
  const growth = lastQ - first;
  // Flat: the last quarter's median within 10 % (and at least 8 MiB of slack for GC timing) of the first's.
  const allowed = Math.max(8 * 1024, first * 0.1);
  return {
    flat: growth <= allowed,
    first,
    last: lastQ,
    growth,
    allowed,
    min: Math.min(...warm.map((s) => s.kib)),
    max: Math.max(...warm.map((s) => s.kib)),
    warm,
  };
}

function report(seconds, shutdown) {
  const mem = memoryVerdict();
  const mib = (kib) => (kib / 1024).toFixed(1);
  const ok = stats.wrong === 0 && stats.unanswered === 0 && stats.truncated === 0 && stats.answered === TOTAL && mem.flat !== false;
  const peak = stats.samples.length > 0 ? Math.max(...stats.samples.map((s) => s.kib)) : null;
  const lines = [
    `# Soak run — ${ok ? 'PASS' : 'FAIL'}`,
    '',
    `${new Date().toISOString()} · node ${process.version} · ${os.cpus().length} cores · ${os.loadavg()[0].toFixed(1)} load (1 min) at the end`,
    '',
    `Command: \`node bench/soak/soak.mjs --requests ${TOTAL} --connections ${CONNECTIONS}\` against \`node dist/sample/main.js\``,
    '',
    '| figure | value |',
    '|---|---|',
    `| requests answered | ${stats.answered} of ${TOTAL} |`,
    `| duration | ${seconds.toFixed(1)} s (${Math.round(stats.answered / seconds)} req/s, client and server on one box) |`,
    `| connections | ${CONNECTIONS} (${CONNECTIONS / 20 * 15} keep-alive, ${CONNECTIONS / 20 * 3} pipelined ×8, ${CONNECTIONS / 20} slow, ${CONNECTIONS / 20} invalid) |`,
    `| by kind | echo ${stats.byKind.echo}, GET / ${stats.byKind.get}, static ${stats.byKind.static}, pipelined ${stats.byKind.pipelined}, slow ${stats.byKind.slow}, invalid ${stats.byKind.invalid} |`,
    `| **wrong answers** | **${stats.wrong}** |`,
    `| unanswered requests | ${stats.unanswered} |`,
    `| responses cut short | ${stats.truncated} |`,
    `| keep-alive reconnects | ${stats.reconnects} |`,
    peak === null ? '| RSS | not sampled (no --pid) |' : `| RSS peak | ${mib(peak)} MiB |`,
    mem.flat === null
      ? `| memory | ${mem.text} |`
      : `| RSS after warm-up (${Math.round(WARMUP_SHARE * 100)} % of requests) | first quarter median ${mib(mem.first)} MiB → last quarter median ${mib(mem.last)} MiB (${mem.growth >= 0 ? '+' : ''}${mib(mem.growth)} MiB; min ${mib(mem.min)}, max ${mib(mem.max)}; flat if ≤ +${mib(mem.allowed)} MiB): **${mem.flat ? 'flat' : 'GROWING'}** |`,
    shutdown === null ? null : `| SIGTERM after the run | exit ${shutdown.code} in ${shutdown.ms} ms |`,
  ].filter((l) => l !== null);
  if (wrongSamples.length > 0) lines.push('', 'First problems:', '', ...wrongSamples.map((w) => `- ${w}`));
  if (stats.samples.length > 0) {
    const step = Math.max(1, Math.ceil(stats.samples.length / 30));
    lines.push('', 'RSS samples (every second; every ' + step + ' shown): s → MiB', '', '```');
    lines.push(stats.samples.filter((_, i) => i % step === 0 || i === stats.samples.length - 1).map((s) => `${(s.t / 1000).toFixed(0)}s ${mib(s.kib)}`).join('  '));
    lines.push('```');
  }
  const text = lines.join('\n') + '\n';
  fs.mkdirSync(path.dirname(OUT), { recursive: true });
  fs.writeFileSync(OUT, text);
  console.log(text);
  console.log(`soak: ${ok ? 'PASS' : 'FAIL'} — written to ${path.relative(process.cwd(), OUT)}`);
  process.exit(ok ? 0 : 1);
}

function parseArgs(argv) {
  const out = {};
  for (let i = 0; i < argv.length; i++) {
    if (!argv[i].startsWith('--')) continue;
    const key = argv[i].slice(2);
    const next = argv[i + 1];
    if (next === undefined || next.startsWith('--')) out[key] = 'true';
    else out[key] = argv[++i];
  }
  return out;
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
