'use strict';
// Rewrites the measured parts of docs/benchmarks.md from bench/results/*latest.json, between
// its <!-- name:begin --> / <!-- name:end --> markers, so the page shows what was measured
// and nothing typed by hand. `node bench/runner/fill-docs.js` after a run.
const fs = require('node:fs');
const path = require('node:path');
const { markdownTable, ratioMatrix, rpsRatio, metaLines, fmtInt, fmtMs } = require('./table');
const { costsTable } = require('./costs');

const ROOT = path.resolve(__dirname, '..', '..');
const DOC = path.join(ROOT, 'docs', 'benchmarks.md');
const RESULTS = path.join(ROOT, 'bench', 'results');

function load(name) {
  const file = path.join(RESULTS, name);
  return fs.existsSync(file) ? JSON.parse(fs.readFileSync(file, 'utf8')) : undefined;
}

function summary(rows) {
  const servers = ['wirework-app', 'wirework-engine', 'fastify', 'express', 'hono', 'koa'];
  const by = new Map(rows.map((r) => [`${r.scenario}|${r.server}`, r]));
  const out = [`| scenario | ${servers.join(' | ')} |`, `| --- | ${servers.map(() => '---:').join(' | ')} |`];
  for (const sc of [...new Set(rows.map((r) => r.scenario))]) {
    const base = by.get(`${sc}|node-http`);
    const title = rows.find((r) => r.scenario === sc).scenarioTitle;
    const cells = servers.map((s) => {
      const r = by.get(`${sc}|${s}`);
      if (!r) return '';
      if (r.skipped || !base || base.skipped) return '—';
      return `${rpsRatio(r, base).toFixed(2)}×`;
    });
    out.push(`| ${title} | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

function results(bench) {
  const stamp = bench.meta.date.replace(/:/g, '-').replace(/\.\d+Z$/, 'Z');
  return [
    ...metaLines(bench.meta),
    `- files: \`bench/results/bench-${stamp}.md\` and \`.json\` (the JSON adds p90, the CPU share of server and load generator, and every run)`,
    '',
    "req/s as a multiple of node:http's in the same scenario (blank: the scenario does not apply",
    'to that server — the canned server answers the GET-shaped scenarios only):',
    '',
    ratioMatrix(bench.rows),
    '',
    'Every figure with its ratio to node:http (req/s: higher is better; p50, p99 and peak RSS:',
    'lower is better):',
    '',
    markdownTable(bench.rows),
  ].join('\n');
}

function loaders(cmp) {
  const pct = (x) => (x === undefined ? '?' : `${Math.round(x * 100)} %`);
  const lines = [
    '| scenario | server | loader | req/s | p50 ms | p99 ms | server CPU | loader CPU | errors |',
    '| --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...cmp.rows.map((r) =>
      r.skipped
        ? `| ${r.scenarioTitle} | ${r.server} | ${r.loader} | — | — | — | — | — | ${r.skipped} |`
        : `| ${r.scenarioTitle} | ${r.server} | ${r.loader} | ${fmtInt(r.rps)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${pct(r.serverCpu)} | ${pct(r.loaderCpu)} | ${r.errors + r.non2xx} |`,
    ),
  ];
  return `${lines.join('\n')}\n\n${metaLines(cmp.meta).join('\n')}`;
}

function router(rt) {
  const f = (x) => x.toFixed(1);
  const look = rt.results.filter((r) => r['miss ns'] !== undefined);
  const boot = rt.results.filter((r) => r['bootstrap ms'] !== undefined);
  return [
    '| router | routes | last static route, ns | last param route, ns | every route in turn, ns | miss, ns |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...look.map((r) => `| ${r.router} | ${r.routes} | ${f(r['static (last) ns'])} | ${f(r['param (last) ns'])} | ${f(r['all routes ns'])} | ${f(r['miss ns'])} |`),
    '',
    '| router | build a 1 000-route table, ms (median) |',
    '| --- | ---: |',
    ...boot.map((r) => `| ${r.router} | ${r['bootstrap ms'].toFixed(2)} |`),
    '',
    `${rt.meta.date}, Node ${rt.meta.node}; load average at start ${rt.meta.loadAverageAtStart.map((x) => x.toFixed(2)).join(' / ')}.`,
  ].join('\n');
}

function costs(c) {
  return `${costsTable(c.rows, c.meta.runs)}\n${metaLines(c.meta).join('\n')}`;
}

/**
 * The performance issue's targets against the latest run: each line says what was asked, what
 * was measured and whether it holds, so the verdicts are computed, never typed.
 */
function targets(rows, c) {
  const by = new Map(rows.filter((r) => !r.skipped).map((r) => [`${r.scenario}|${r.server}`, r]));
  const ratio = (scenario, server, base = 'node-http') => {
    const a = by.get(`${scenario}|${server}`);
    const b = by.get(`${scenario}|${base}`);
    return a && b ? rpsRatio(a, b) : undefined;
  };
  const x = (n) => (n === undefined ? '?' : `${n.toFixed(2)}×`);
  const atLeast = (n, min) => n !== undefined && n >= min;
  const verdict = (ok) => (ok ? 'met' : 'not met');
  const lines = ['| target | measured | |', '| --- | --- | --- |'];
  const line = (target, measured, ok) => lines.push(`| ${target} | ${measured} | ${ok} |`);

  const hello = ratio('hello', 'wirework-app');
  line('`GET /` via the full decorator app ≥ 1.3×', x(hello), verdict(atLeast(hello, 1.3)));
  const json = ratio('json', 'wirework-app');
  const jsonFastify = ratio('json', 'wirework-app', 'fastify');
  line('`GET /users/:id` JSON via the full app ≥ 1.3×, ≥ 1.5× Fastify', `${x(json)}; ${x(jsonFastify)} Fastify`,
    verdict(atLeast(json, 1.3) && atLeast(jsonFastify, 1.5)));
  const echoApp = ratio('echo', 'wirework-app');
  const echoEngine = ratio('echo', 'wirework-engine');
  line('`POST /echo` small JSON ≥ 1.6×', `app ${x(echoApp)}, engine ${x(echoEngine)}`, verdict(atLeast(echoApp, 1.6)));
  const pipeApp = ratio('pipelined', 'wirework-app');
  const pipeEngine = ratio('pipelined', 'wirework-engine');
  line('10-deep pipelining ≥ 5×', `app ${x(pipeApp)}, engine ${x(pipeEngine)}`, verdict(atLeast(pipeApp, 5)));
  const k = by.get('conns-1k|wirework-app');
  const kBase = by.get('conns-1k|node-http');
  const kRatio = ratio('conns-1k', 'wirework-app');
  if (k && kBase) {
    const mib = (r) => `${Math.round(r.rss / 1048576)}`;
    const s = (ms) => (ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`);
    const parts = [atLeast(kRatio, 1.4) ? 'rate met' : 'rate not met', k.rss <= kBase.rss ? 'RSS met' : 'RSS not', k.p99 <= kBase.p99 ? 'p99 met' : 'p99 not'];
    line('1 000 keep-alive connections ≥ 1.4×, peak RSS ≤ node:http\'s, p99 ≤ node:http\'s',
      `${x(kRatio)}; ${mib(k)} vs ${mib(kBase)} MiB; p99 ${s(k.p99)} vs ${s(kBase.p99)}`, parts.join(', '));
  }
  const newApp = ratio('new-conn', 'wirework-app');
  const newEngine = ratio('new-conn', 'wirework-engine');
  line('new connection per request ≥ 1.15×', `app ${x(newApp)}, engine ${x(newEngine)}`, verdict(atLeast(newApp, 1.15)));
  const scenarios = [...new Set(rows.map((r) => r.scenario))].filter((sc) => by.has(`${sc}|wirework-engine`) && by.has(`${sc}|wirework-app`));
  const vsEngine = scenarios.map((sc) => [sc, ratio(sc, 'wirework-app', 'wirework-engine')]);
  const short = vsEngine.filter(([, r]) => !atLeast(r, 0.9));
  line('full app vs the engine with a bare handler ≥ 0.9×', vsEngine.map(([sc, r]) => `${sc} ${x(r)}`).join(', '),
    short.length === 0 ? 'met' : `not met on ${short.map(([sc]) => sc).join(', ')}`);
  const guardRows = c ? c.rows.filter((r) => r.group === 'the rate-limit guard' && !r.skipped) : [];
  if (guardRows.length > 1) {
    const guards = guardRows.slice(1).map((r) => [r.label, rpsRatio(r, guardRows[0])]);
    line(`rate-limit guard on vs off ≥ 0.95× (costs run, ${c.meta.runs} rounds)`, guards.map(([label, r]) => `${x(r)} ${label}`).join('; '),
      verdict(guards.every(([, r]) => atLeast(r, 0.95))));
  }
  return lines.join('\n');
}

function replace(doc, name, text) {
  const re = new RegExp(`(<!-- ${name}:begin -->\\n)[\\s\\S]*?(\\n<!-- ${name}:end -->)`);
  if (!re.test(doc)) throw new Error(`docs/benchmarks.md has no ${name} markers`);
  return doc.replace(re, (_, a, b) => a + text + b);
}

let doc = fs.readFileSync(DOC, 'utf8');
const bench = load('latest.json');
const cmp = load('loaders-latest.json');
const rt = load('router-latest.json');
const cost = load('costs-latest.json');
if (bench) doc = replace(replace(doc, 'summary', summary(bench.rows)), 'results', results(bench));
if (bench) doc = replace(doc, 'targets', targets(bench.rows, cost));
if (cmp) doc = replace(doc, 'loaders', loaders(cmp));
if (rt) doc = replace(doc, 'router', router(rt));
if (cost) doc = replace(doc, 'costs', costs(cost));
fs.writeFileSync(DOC, doc);
console.log(`docs/benchmarks.md: ${[bench && 'results', cmp && 'loaders', rt && 'router', cost && 'costs'].filter(Boolean).join(', ')} refreshed`);
