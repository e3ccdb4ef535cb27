#!/usr/bin/env node
'use strict';
// `npm run bench`: install bench/'s own dependencies (the peers and autocannon — never the
// package's), build wirework, compile the TypeScript bench servers, then run the suite.
// Options: `npm run bench -- --help`.
const { spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const ROOT = path.resolve(__dirname, '..');
const BENCH = path.join(ROOT, 'bench');
const { parseOptions, USAGE } = require(path.join(BENCH, 'runner', 'options.js'));

function run(cmd, args, cwd, what) {
  console.log(`bench: ${what}`);
  const r = spawnSync(cmd, args, { cwd, stdio: 'inherit' });
  return r.status === 0;
}

function installBenchDependencies() {
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const lock = path.join(BENCH, 'package-lock.json');
  const stamp = path.join(BENCH, 'node_modules', '.package-lock.json');
  // npm ci only when the lock changed since the last install: a rerun starts at once
  if (fs.existsSync(stamp) && fs.statSync(stamp).mtimeMs >= fs.statSync(lock).mtimeMs) return;
  if (!run(npm, ['ci', '--no-audit', '--no-fund'], BENCH, 'installing bench/ dependencies (npm ci)')) {
    throw new Error('npm ci in bench/ failed');
  }
}

function build() {
  const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  // tsc emits even when it reports type errors; a server whose import is missing then fails
  // to start and the runner skips it with the reason, so the rest is still measured.
  if (!run(process.execPath, [tsc, '-p', 'tsconfig.build.json'], ROOT, 'building wirework (tsc -p tsconfig.build.json)')) {
    console.log('bench: the build reported errors; going on with what was emitted');
  }
  if (!run(process.execPath, [tsc, '-p', path.join('bench', 'tsconfig.json')], ROOT, 'compiling the TypeScript bench servers')) {
    console.log('bench: bench/servers/*.ts did not compile cleanly; a server that cannot start will be skipped');
  }
}

async function main() {
  let options;
  try {
    options = parseOptions(process.argv.slice(2));
  } catch (err) {
    console.error(`bench: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  if (options.install) installBenchDependencies();
  if (options.build) build();
  if (options.router) {
    // the router micro-benchmark: one process, pinned to one CPU when taskset is there
    const pin = spawnSync('taskset', ['--version']).error === undefined ? ['taskset', '-c', '0'] : [];
    const args = [path.join(BENCH, 'router.mjs'), ...(options.durationS <= 2 ? ['--quick'] : []), ...(options.save ? [] : ['--no-save'])];
    const argv = [...pin, process.execPath, ...args];
    return spawnSync(argv[0], argv.slice(1), { cwd: ROOT, stdio: 'inherit' }).status ?? 1;
  }
  await require(path.join(BENCH, 'runner', 'main.js')).main(options);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err) => {
    console.error(`bench: ${err.message}`);
    process.exit(1);
  },
);
