'use strict';
// The bench itself: each server alone, pinned to CPU 0, loaded from CPU 1 with the same
// scenarios; one table of req/s, p50, p99 and peak RSS with ratios to node:http; results
// saved as markdown and JSON under bench/results/.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const http = require('node:http');
const os = require('node:os');
const path = require('node:path');
const { SCENARIOS, appliesTo } = require('./scenarios');
const { SERVERS, startServer, peakRss, cpuSeconds, BENCH_DIR } = require('./servers');
const { LOADERS } = require('./loaders');
const { COSTS_SERVER, COST_GROUPS, costsTable } = require('./costs');
const { textTable, markdownTable, ratioMatrix, rpsRatio, metaLines, fmtInt, fmtMs } = require('./table');

const RESULTS_DIR = path.join(BENCH_DIR, 'results');

// (Raising the priority with nice, per process or per autogroup, was tried on the shared
// box and made the numbers far worse, not better: it is deliberately not offered.)
function pinning() {
  const cpus = os.cpus().length;
  const taskset = spawnSync('taskset', ['--version']).error === undefined;
  if (cpus >= 2 && taskset) return { server: ['taskset', '-c', '0'], load: ['taskset', '-c', '1'], note: 'server on CPU 0, load generator on CPU 1 (taskset)' };
  return { server: [], load: [], note: cpus < 2 ? 'not pinned: fewer than 2 CPUs' : 'not pinned: taskset not installed' };
}

function pickLoader(name) {
  if (name !== undefined) {
    const l = LOADERS[name];
    if (!l) throw new Error(`unknown loader "${name}"; use ${Object.keys(LOADERS).join(', ')}`);
    if (!l.available()) throw new Error(`loader ${name} is not available here`);
    return l;
  }
  if (LOADERS.wrk.available()) return LOADERS.wrk;
  console.log('wrk is not installed (apt-get install -y wrk); using autocannon, which needs more CPU per request');
  return LOADERS.autocannon;
}

function selected(all, wanted, what) {
  if (wanted === undefined) return all;
  for (const w of wanted) if (!all.some((x) => x.id === w)) throw new Error(`unknown ${what} "${w}"; known: ${all.map((x) => x.id).join(', ')}`);
  return all.filter((x) => wanted.includes(x.id));
}

/** One request before loading: a route a server does not have must not be measured as a 404 storm. */
function probe(port, scenario) {
  return new Promise((resolve) => {
    const body = scenario.bodyFile ? fs.readFileSync(path.join(BENCH_DIR, scenario.bodyFile)) : undefined;
    const req = http.request(
      {
        host: '127.0.0.1', port, path: scenario.path, method: scenario.method || 'GET', agent: false,
        headers: body ? { 'content-type': 'application/json', 'content-length': body.length } : {},
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode));
        res.on('error', () => resolve(0));
      },
    );
    req.setTimeout(5000, () => req.destroy());
    req.on('error', () => resolve(0));
    req.end(body);
  });
}

function median(values) {
  const v = values.filter((x) => x !== undefined).sort((a, b) => a - b);
  if (v.length === 0) return undefined;
  const m = v.length >> 1;
  return v.length % 2 ? v[m] : (v[m - 1] + v[m]) / 2;
}

function machine(pin, loader, options) {
  let commit = '';
  try {
    commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: BENCH_DIR, encoding: 'utf8' }).stdout.trim();
  } catch {}
  return {
    date: new Date().toISOString(),
    commit,
    node: process.version,
    cpu: os.cpus()[0]?.model ?? '?',
    cpus: os.cpus().length,
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    kernel: `${os.type()} ${os.release()}`,
    loadAverageAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    pinning: pin.note,
    loader: loader.version(),
    durationS: options.durationS,
    warmupS: options.warmupS,
    connections: options.connections,
    runs: options.runs,
  };
}

/** Load one running server with one scenario: warm-up (thrown away), then the measured run. */
async function measure(handle, scenario, loader, pin, options) {
  const job = {
    url: `http://127.0.0.1:${handle.port}${scenario.path}`,
    method: scenario.method || 'GET',
    bodyFile: scenario.bodyFile,
    pipelining: scenario.pipelining || 1,
    connections: scenario.connections || options.connections,
    close: scenario.close === true,
    prefix: pin.load,
  };
  if (options.warmupS > 0) await loader.run({ ...job, durationS: options.warmupS });
  const cpu0 = cpuSeconds(handle.pid);
  const t0 = process.hrtime.bigint();
  const r = await loader.run({ ...job, durationS: options.durationS });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu1 = cpuSeconds(handle.pid);
  return { ...r, rss: peakRss(handle.pid), serverCpu: cpu0 === undefined || cpu1 === undefined ? undefined : (cpu1 - cpu0) / wall };
}

/** One measured run of one server with one scenario, in a fresh server process; or why not. */
async function runOnce(server, scenario, loader, pin, options, failed) {
  let handle;
  try {
    handle = await startServer(server, pin.server);
  } catch (err) {
    failed.set(server.id, `did not start: ${err.message}`);
    return { skipped: failed.get(server.id) };
  }
  try {
    const status = await probe(handle.port, scenario);
    if (status < 200 || status > 299) return { skipped: `answers ${status || 'nothing'} to ${scenario.method || 'GET'} ${scenario.path}` };
    return await measure(handle, scenario, loader, pin, options);
  } catch (err) {
    return { skipped: `load failed: ${err.message}` };
  } finally {
    await handle.stop();
  }
}

/** Runs of one cell → the row: the median of each figure, the worst error counts. */
function aggregate(runs) {
  const skipped = runs.find((r) => r.skipped);
  if (skipped) return { skipped: skipped.skipped };
  return {
    rps: median(runs.map((r) => r.rps)),
    p50: median(runs.map((r) => r.p50)),
    p90: median(runs.map((r) => r.p90)),
    p99: median(runs.map((r) => r.p99)),
    rss: median(runs.map((r) => r.rss)),
    serverCpu: median(runs.map((r) => r.serverCpu)),
    loaderCpu: median(runs.map((r) => r.loaderCpu)),
    errors: Math.max(...runs.map((r) => r.errors)),
    non2xx: Math.max(...runs.map((r) => r.non2xx)),
    runs: runs.length,
    each: runs,
  };
}

/**
 * One scenario, every server: round k runs each server once before round k+1 starts, so a
 * slow spell of the machine (another tenant, a burst of interrupts) lands on every server's
 * runs alike instead of on all of one server's; each row is then the median of its rounds.
 */
async function runScenario(servers, scenario, loader, pin, options, failed) {
  const runs = new Map(servers.map((server) => [server, []]));
  for (let k = 0; k < options.runs; k++) {
    if (options.runs > 1) console.log(`  round ${k + 1} of ${options.runs}`);
    for (const server of servers) {
      const done = runs.get(server);
      if (done.some((r) => r.skipped)) continue;
      done.push(failed.has(server.id) ? { skipped: failed.get(server.id) } : await runOnce(server, scenario, loader, pin, options, failed));
    }
  }
  return [...runs].map(([server, done]) => [server, aggregate(done)]);
}

function describeCell(row) {
  if (row.skipped) return `skip ${row.skipped}`;
  const pct = (x) => `${Math.round(x * 100)} %`;
  const cpu = `${row.serverCpu === undefined ? '' : `  server CPU ${pct(row.serverCpu)}`}${row.loaderCpu === undefined ? '' : `  loader CPU ${pct(row.loaderCpu)}`}`;
  const bad = row.errors + row.non2xx > 0 ? `  (${row.errors} errors, ${row.non2xx} non-2xx)` : '';
  return `${fmtInt(row.rps).padStart(9)} req/s  p50 ${fmtMs(row.p50)} ms  p99 ${fmtMs(row.p99)} ms  RSS ${row.rss === undefined ? '?' : (row.rss / 1048576).toFixed(0)} MiB${cpu}${bad}`;
}

function save(name, meta, rows, markdown) {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const stamp = meta.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  const json = `${JSON.stringify({ meta, rows }, null, 2)}\n`;
  for (const base of [`${name}-${stamp}`, `${name === 'bench' ? '' : `${name}-`}latest`]) {
    fs.writeFileSync(path.join(RESULTS_DIR, `${base}.md`), markdown);
    fs.writeFileSync(path.join(RESULTS_DIR, `${base}.json`), json);
  }
  return path.relative(process.cwd(), path.join(RESULTS_DIR, `${name}-${stamp}.md`));
}

async function benchMatrix(options) {
  const pin = pinning();
  const loader = pickLoader(options.loader);
  const servers = selected(SERVERS, options.servers, 'server');
  const scenarios = selected(SCENARIOS, options.scenarios, 'scenario');
  const meta = machine(pin, loader, options);
  console.log(`bench: ${servers.length} servers × ${scenarios.length} scenarios with ${meta.loader}; ${pin.note}`);
  if (meta.loadAverageAtStart[0] > 0.5) console.log(`note: load average is ${meta.loadAverageAtStart[0]}: something else is running; numbers will be noisy`);

  const rows = [];
  const failed = new Map();
  for (const scenario of scenarios) {
    console.log(`\n${scenario.title}`);
    const cells = await runScenario(servers.filter((s) => appliesTo(scenario, s.id)), scenario, loader, pin, options, failed);
    for (const [server, row] of cells) {
      Object.assign(row, { scenario: scenario.id, scenarioTitle: scenario.title, server: server.id });
      rows.push(row);
      console.log(`  ${server.id.padEnd(16)} ${describeCell(row)}`);
    }
  }

  console.log(`\n${textTable(rows)}\n`);
  const markdown = [
    '# wirework bench',
    '',
    ...metaLines(meta),
    '',
    'Ratios are to node:http in the same scenario (req/s: higher is better; latency and RSS: lower is better).',
    '',
    ratioMatrix(rows),
    '',
    markdownTable(rows),
    '',
    '| server | what runs |',
    '| --- | --- |',
    ...servers.map((s) => `| ${s.id} | ${s.about} |`),
    '',
  ].join('\n');
  if (options.save) console.log(`saved ${save('bench', meta, rows, markdown)} (and latest.md / latest.json)`);
  return rows;
}

/** Every available loader against the same servers: if ours is the bottleneck, it shows here. */
async function compareLoaders(options) {
  const pin = pinning();
  const loaders = Object.values(LOADERS).filter((l) => l.available());
  const servers = selected(SERVERS, options.servers ?? ['canned-net', 'node-http'], 'server');
  const scenarios = selected(SCENARIOS, options.scenarios ?? ['hello', 'pipelined'], 'scenario');
  const meta = { ...machine(pin, { version: () => loaders.map((l) => l.version()).join(', ') }, options) };
  console.log(`compare loaders: ${loaders.map((l) => l.id).join(', ')}; ${pin.note}`);
  const rows = [];
  for (const scenario of scenarios) {
    for (const server of servers) {
      if (!appliesTo(scenario, server.id)) continue;
      // loaders take turns within each round, so a noisy minute hurts them all alike
      const runs = new Map(loaders.map((l) => [l.id, []]));
      for (let k = 0; k < options.runs; k++) {
        for (const loader of loaders) runs.get(loader.id).push(await runOnce(server, scenario, loader, pin, options, new Map()));
      }
      for (const loader of loaders) {
        const row = aggregate(runs.get(loader.id));
        Object.assign(row, { scenario: scenario.id, scenarioTitle: scenario.title, server: server.id, loader: loader.id });
        rows.push(row);
        console.log(`  ${scenario.id.padEnd(10)} ${server.id.padEnd(11)} ${loader.id.padEnd(14)} ${describeCell(row)}`);
      }
    }
  }
  const header = '| scenario | server | loader | req/s | p50 ms | p99 ms | server CPU | loader CPU | errors |';
  const lines = [header, '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |'];
  const pct = (x) => (x === undefined ? '?' : `${Math.round(x * 100)} %`);
  for (const r of rows) {
    lines.push(
      r.skipped
        ? `| ${r.scenarioTitle} | ${r.server} | ${r.loader} | — | — | — | — | — | ${r.skipped} |`
        : `| ${r.scenarioTitle} | ${r.server} | ${r.loader} | ${fmtInt(r.rps)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${pct(r.serverCpu)} | ${pct(r.loaderCpu)} | ${r.errors + r.non2xx} |`,
    );
  }
  const table = lines.join('\n');
  console.log(`\n${table}\n`);
  const markdown = ['# load generators compared', '', ...metaLines(meta), '', table, ''].join('\n');
  if (options.save) console.log(`saved ${save('loaders', meta, rows, markdown)}`);
  return rows;
}

/** What single features cost: each case against its group's first, every case once per round. */
async function measureCosts(options) {
  const pin = pinning();
  const loader = pickLoader(options.loader);
  const meta = machine(pin, loader, options);
  console.log(`costs with ${meta.loader}; ${pin.note}`);
  const cases = COST_GROUPS.flatMap((group) => group.cases.map((c) => ({ group, ...c })));
  const runs = new Map(cases.map((c) => [c, []]));
  for (let k = 0; k < options.runs; k++) {
    if (options.runs > 1) console.log(`round ${k + 1} of ${options.runs}`);
    // Each round starts one case later, so a drift of the machine within a round does not
    // always land on the same case.
    for (const c of cases.map((_, i) => cases[(i + k) % cases.length])) {
      const server = { ...COSTS_SERVER, env: c.env };
      runs.get(c).push(await runOnce(server, { id: 'cost', title: c.label, path: c.path }, loader, pin, options, new Map()));
    }
  }
  const rows = [...runs].map(([c, r]) => ({ group: c.group.title, label: c.label, ...aggregate(r) }));
  const table = costsTable(rows, options.runs);
  console.log(`\n${table}`);
  const markdown = ['# what features cost', '', ...metaLines(meta), '', table].join('\n');
  if (options.save) console.log(`saved ${save('costs', meta, rows, markdown)}`);
}

async function main(options) {
  if (options.costs) return measureCosts(options);
  return options.compareLoaders ? compareLoaders(options) : benchMatrix(options);
}

module.exports = { main };
