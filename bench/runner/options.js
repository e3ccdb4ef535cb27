'use strict';
// The bench's knobs: command-line flags win over BENCH_* environment variables, which win
// over the defaults (10 s measured after 5 s of warm-up, 100 connections, one run).

const USAGE = `usage: npm run bench -- [options]      (or: node scripts/bench.js [options])

  --duration S        measured seconds per scenario          (BENCH_DURATION, default 10)
  --warmup S          warm-up seconds, thrown away           (BENCH_WARMUP, default 5)
  --connections N     connections (the 1 000-connection scenario keeps its own)
                                                             (BENCH_CONNECTIONS, default 100)
  --runs N            rounds, every server once per round; medians reported (BENCH_RUNS, default 1)
  --servers a,b       only these servers                     (BENCH_SERVERS)
  --scenarios a,b     only these scenarios                   (BENCH_SCENARIOS)
  --loader NAME       wrk | autocannon | wirework-load       (BENCH_LOADER; default wrk if installed)
  --quick             a smoke run: 2 s after 1 s of warm-up
  --compare-loaders   load the canned server with every loader instead (is the loader the bottleneck?)
  --costs             what the rate-limit guard and the ops switches cost, inside wirework
  --router            run the router micro-benchmark (bench/router.mjs) instead
  --no-install        do not run npm in bench/
  --no-build          do not build the package first
  --no-save           print only; write nothing to bench/results/
  --help              this text

servers:   wirework-app wirework-engine node-http fastify express hono koa canned-net
scenarios: hello json echo pipelined conns-1k new-conn routes-100 rate-limit static-64k`;

function parseOptions(argv, env = process.env) {
  const o = {
    durationS: num(env.BENCH_DURATION, 10),
    warmupS: num(env.BENCH_WARMUP, 5, 'BENCH_WARMUP', true),
    connections: num(env.BENCH_CONNECTIONS, 100),
    runs: num(env.BENCH_RUNS, 1),
    servers: list(env.BENCH_SERVERS),
    scenarios: list(env.BENCH_SCENARIOS),
    loader: env.BENCH_LOADER || undefined,
    compareLoaders: false,
    costs: false,
    router: false,
    install: true,
    build: true,
    save: true,
    help: false,
  };
  for (let k = 0; k < argv.length; k++) {
    const [flag, inline] = argv[k].startsWith('--') && argv[k].includes('=') ? argv[k].split(/=(.*)/s) : [argv[k], undefined];
    const value = () => {
      const v = inline !== undefined ? inline : argv[++k];
      if (v === undefined) throw new Error(`${flag} needs a value`);
      return v;
    };
    switch (flag) {
      case '--duration': o.durationS = num(value(), NaN, flag); break;
      case '--warmup': o.warmupS = num(value(), NaN, flag, true); break;
      case '--connections': o.connections = num(value(), NaN, flag); break;
      case '--runs': o.runs = num(value(), NaN, flag); break;
      case '--servers': o.servers = list(value()); break;
      case '--scenarios': o.scenarios = list(value()); break;
      case '--loader': o.loader = value(); break;
      case '--quick': o.durationS = 2; o.warmupS = 1; o.runs = 1; break;
      case '--compare-loaders': o.compareLoaders = true; break;
      case '--costs': o.costs = true; break;
      case '--router': o.router = true; break;
      case '--no-install': o.install = false; break;
      case '--no-build': o.build = false; break;
      case '--no-save': o.save = false; break;
      case '--help': case '-h': o.help = true; break;
      default: throw new Error(`unknown option ${argv[k]} (see --help)`);
    }
  }
  return o;
}

function num(text, fallback, flag = 'a BENCH_* variable', zeroOk = false) {
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isFinite(n) || n < 0 || (n === 0 && !zeroOk)) throw new Error(`${flag} takes a positive number, not "${text}"`);
  return n;
}

function list(text) {
  if (text === undefined || text.trim() === '') return undefined;
  return text.split(',').map((s) => s.trim()).filter(Boolean);
}

module.exports = { parseOptions, USAGE };
