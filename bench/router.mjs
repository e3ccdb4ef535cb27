// Router micro-benchmark: lookup time for 10, 100 and 1 000 routes, and the time to build a
// 1 000-route table, for wirework's RouteTable, find-my-way (Fastify's router) and Hono's
// RegExpRouter. Run from the repository root after a build:
//   npm run build && taskset -c 0 node bench/router.mjs [--quick] [--no-save]
import { createRequire } from 'node:module';
import { writeFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import os from 'node:os';

const require = createRequire(import.meta.url);
const HERE = path.dirname(fileURLToPath(import.meta.url));
const quick = process.argv.includes('--quick');
const save = !process.argv.includes('--no-save');

const FindMyWay = require('find-my-way');
const { RegExpRouter } = require('hono/router/reg-exp-router');
let RouteTable;
try {
  ({ RouteTable } = require('../dist/src/core/router/index.js'));
} catch (err) {
  console.log(`wirework's RouteTable is not built (${err.message.split('\n')[0]}); run npm run build first`);
}

/**
 * N routes shaped like a real API: a third static (`/r7/list`), a third with one param
 * (`/r8/:id`), a third nested (`/r9/:id/items/:itemId`), all GET, all distinct prefixes.
 */
function routesOf(n) {
  const routes = [];
  for (let i = 0; i < n; i++) {
    if (i % 3 === 0) routes.push([`/r${i}/list`, `/r${i}/list`]);
    else if (i % 3 === 1) routes.push([`/r${i}/:id`, `/r${i}/12345`]);
    else routes.push([`/r${i}/:id/items/:itemId`, `/r${i}/42/items/abc-def`]);
  }
  return routes;
}

/** What each router needs to build a table and to look a path up. */
const ROUTERS = {
  wirework: RouteTable && {
    build(routes) {
      const t = new RouteTable();
      routes.forEach(([p], i) => t.add('GET', p, i, `route ${i}`));
      t.compile();
      return t;
    },
    lookup: (t, p) => t.match('GET', p),
    found: (m) => m !== null && m.route !== undefined,
  },
  'find-my-way': {
    build(routes) {
      const r = FindMyWay();
      routes.forEach(([p], i) => r.on('GET', p, () => i));
      return r;
    },
    lookup: (r, p) => r.find('GET', p),
    found: (m) => m !== null,
  },
  'hono RegExpRouter': {
    build(routes) {
      const r = new RegExpRouter();
      routes.forEach(([p], i) => r.add('GET', p, i));
      r.match('GET', '/'); // it compiles on the first match: part of its bootstrap
      return r;
    },
    lookup: (r, p) => r.match('GET', p),
    found: (m) => m[0].length > 0,
  },
};

/** ns per lookup over `paths` (round-robin), median of `rounds` timed loops after a warm-up. */
function timeLookups(router, table, paths, iterations, rounds) {
  let sink = 0;
  const loop = (n) => {
    for (let k = 0; k < n; k++) if (router.lookup(table, paths[k % paths.length]) === undefined) sink++;
  };
  loop(iterations); // warm-up: let the JIT settle before timing
  const times = [];
  for (let r = 0; r < rounds; r++) {
    const t0 = process.hrtime.bigint();
    loop(iterations);
    times.push(Number(process.hrtime.bigint() - t0) / iterations);
  }
  globalThis.routerBenchSink = sink; // keep the results alive so the loop is not optimised away
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function median(values) {
  const v = [...values].sort((a, b) => a - b);
  return v[v.length >> 1];
}

const ITER = quick ? 200_000 : 1_000_000;
const ROUNDS = quick ? 3 : 7;
const results = [];

for (const [name, router] of Object.entries(ROUTERS)) {
  if (!router) continue;
  for (const n of [10, 100, 1000]) {
    const routes = routesOf(n);
    const table = router.build(routes);
    // every route's sample path must be found, or the numbers would time a 404
    for (const [, sample] of routes) if (!router.found(router.lookup(table, sample))) throw new Error(`${name} did not match ${sample}`);
    const lastParam = [...routes].reverse().find(([p]) => p.includes(':'))[1];
    const lastStatic = [...routes].reverse().find(([p]) => !p.includes(':'))[1];
    results.push({
      router: name,
      routes: n,
      'static (last) ns': timeLookups(router, table, [lastStatic], ITER, ROUNDS),
      'param (last) ns': timeLookups(router, table, [lastParam], ITER, ROUNDS),
      'all routes ns': timeLookups(router, table, routes.map(([, s]) => s), ITER, ROUNDS),
      'miss ns': timeLookups(router, table, ['/nope/not/here'], ITER, ROUNDS),
    });
  }
  const routes = routesOf(1000);
  const builds = [];
  for (let k = 0; k < (quick ? 5 : 15); k++) {
    const t0 = process.hrtime.bigint();
    router.build(routes);
    builds.push(Number(process.hrtime.bigint() - t0) / 1e6);
  }
  results.push({ router: name, routes: 1000, 'bootstrap ms': median(builds) });
}

const lookupRows = results.filter((r) => r['miss ns'] !== undefined);
const bootRows = results.filter((r) => r['bootstrap ms'] !== undefined);
const f = (x) => x.toFixed(1);
const lines = [
  '| router | routes | last static route, ns | last param route, ns | every route in turn, ns | miss, ns |',
  '| --- | ---: | ---: | ---: | ---: | ---: |',
  ...lookupRows.map((r) => `| ${r.router} | ${r.routes} | ${f(r['static (last) ns'])} | ${f(r['param (last) ns'])} | ${f(r['all routes ns'])} | ${f(r['miss ns'])} |`),
  '',
  '| router | build a 1 000-route table, ms (median) |',
  '| --- | ---: |',
  ...bootRows.map((r) => `| ${r.router} | ${r['bootstrap ms'].toFixed(2)} |`),
];
const table = lines.join('\n');
console.log(table);

if (save) {
  const meta = { date: new Date().toISOString(), node: process.version, cpu: os.cpus()[0]?.model, iterations: ITER, rounds: ROUNDS, loadAverageAtStart: os.loadavg() };
  const dir = path.join(HERE, 'results');
  mkdirSync(dir, { recursive: true });
  const md = `# router micro-benchmark\n\n- ${meta.date}, Node ${meta.node}, ${meta.cpu}\n- ${ITER} lookups per timed loop, median of ${ROUNDS} loops, after a warm-up loop\n\n${table}\n`;
  writeFileSync(path.join(dir, 'router-latest.md'), md);
  writeFileSync(path.join(dir, 'router-latest.json'), `${JSON.stringify({ meta, results }, null, 2)}\n`);
  console.log('\nsaved bench/results/router-latest.md');
}
