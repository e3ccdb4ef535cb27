#!/usr/bin/env node
// `npm start`: build when the compiled sample is missing or older than any source file, then
// run the sample app IN THIS PROCESS, so the PID a supervisor (or a probe) sees is the server's.
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { execFileSync } = require('node:child_process');

const root = path.join(__dirname, '..');
const entry = path.join(root, 'dist', 'sample', 'main.js');

function newestSourceMtime(dir) {
  let newest = 0;
  for (const entryName of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entryName.name);
    if (entryName.isDirectory()) newest = Math.max(newest, newestSourceMtime(full));
    else if (entryName.name.endsWith('.ts')) newest = Math.max(newest, fs.statSync(full).mtimeMs);
  }
  return newest;
}

function needsBuild() {
  if (!fs.existsSync(entry)) return true;
  const built = fs.statSync(entry).mtimeMs;
  return ['src', 'sample'].some((dir) => newestSourceMtime(path.join(root, dir)) > built);
}

if (needsBuild()) {
  console.log('wirework: building (tsc -p tsconfig.build.json)…');
  const tsc = require.resolve('typescript/bin/tsc');
  execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], { stdio: 'inherit', cwd: root });
}

require(entry);
