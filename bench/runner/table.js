'use strict';
// The results table: one row per (scenario, server), each figure with its ratio to node:http
// in the same scenario. req/s: higher is better; latency and RSS: lower is better.

const COLUMNS = ['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'peak RSS MiB', 'notes'];

function ratio(value, base) {
  if (value === undefined || base === undefined || base === 0) return '';
  return ` (${(value / base).toFixed(2)}×)`;
}

/**
 * req/s of `row` as a multiple of `base`'s. With interleaved rounds, the median of the
 * per-round ratios: the two servers of one round ran minutes apart at most, so a slow spell
 * of the machine cancels out instead of deciding the figure. Otherwise the ratio of medians.
 */
function rpsRatio(row, base) {
  if (!base || !base.rps) return undefined;
  const a = row.each;
  const b = base.each;
  if (Array.isArray(a) && Array.isArray(b) && a.length > 1 && a.length === b.length && a.every((r, k) => r.rps > 0 && b[k].rps > 0)) {
    const ratios = a.map((r, k) => r.rps / b[k].rps).sort((x, y) => x - y);
    const m = ratios.length >> 1;
    return ratios.length % 2 ? ratios[m] : (ratios[m - 1] + ratios[m]) / 2;
  }
  return row.rps / base.rps;
}

/** Server CPU time per request, in µs: what a request costs when the server is the limit. */
function cpuPerRequest(run) {
  return run.serverCpu > 0 && run.rps > 0 ? (run.serverCpu / run.rps) * 1e6 : undefined;
}

function fmtInt(n) {
  return Math.round(n).toLocaleString('en-US');
}

function fmtMs(n) {
  if (n === undefined) return '?';
  return n >= 100 ? n.toFixed(0) : n >= 10 ? n.toFixed(1) : n.toFixed(2);
}

/** rows → array of string cells, ratios to the node-http row of the same scenario. */
function cells(rows) {
  const base = new Map(rows.filter((r) => r.server === 'node-http' && r.rps !== undefined).map((r) => [r.scenario, r]));
  return rows.map((r) => {
    if (r.skipped) return [r.scenarioTitle, r.server, '—', '—', '—', '—', r.skipped];
    const b = base.get(r.scenario);
    const notes = [];
    if (r.errors > 0) notes.push(`${fmtInt(r.errors)} errors`);
    if (r.non2xx > 0) notes.push(`${fmtInt(r.non2xx)} non-2xx`);
    if (r.runs > 1) notes.push(`median of ${r.runs}`);
    return [
      r.scenarioTitle,
      r.server,
      fmtInt(r.rps) + (b ? ` (${rpsRatio(r, b).toFixed(2)}×)` : ''),
      fmtMs(r.p50) + ratio(r.p50, b?.p50),
      fmtMs(r.p99) + ratio(r.p99, b?.p99),
      r.rss === undefined ? '?' : (r.rss / 1048576).toFixed(0) + ratio(r.rss, b?.rss),
      notes.join(', '),
    ];
  });
}

function textTable(rows) {
  const all = [COLUMNS, ...cells(rows)];
  const widths = COLUMNS.map((_, c) => Math.max(...all.map((r) => r[c].length)));
  const line = (r) => r.map((cell, c) => (c >= 2 && c <= 5 ? cell.padStart(widths[c]) : cell.padEnd(widths[c]))).join('  ').trimEnd();
  const out = [line(COLUMNS), widths.map((w) => '-'.repeat(w)).join('  ')];
  let last = '';
  for (const r of all.slice(1)) {
    if (last !== '' && r[0] !== last) out.push('');
    last = r[0];
    out.push(line(r));
  }
  return out.join('\n');
}

function markdownTable(rows) {
  const esc = (s) => s.replace(/\|/g, '\\|');
  const out = [`| ${COLUMNS.join(' | ')} |`, `| ${COLUMNS.map((_, c) => (c >= 2 && c <= 5 ? '---:' : '---')).join(' | ')} |`];
  for (const r of cells(rows)) out.push(`| ${r.map(esc).join(' | ')} |`);
  return out.join('\n');
}

/** At a glance: scenarios down, servers across, req/s as a multiple of node:http's. */
function ratioMatrix(rows) {
  const servers = [...new Set(rows.map((r) => r.server))];
  const scenarios = [...new Set(rows.map((r) => r.scenarioTitle))];
  const cell = new Map(rows.map((r) => [`${r.scenarioTitle}\0${r.server}`, r]));
  const out = [`| req/s ÷ node:http | ${servers.join(' | ')} |`, `| --- | ${servers.map(() => '---:').join(' | ')} |`];
  for (const sc of scenarios) {
    const base = cell.get(`${sc}\0node-http`);
    const cells = servers.map((sv) => {
      const r = cell.get(`${sc}\0${sv}`);
      if (r === undefined) return '';
      if (r.skipped) return '—';
      return base && base.rps ? `${rpsRatio(r, base).toFixed(2)}×` : fmtInt(r.rps);
    });
    out.push(`| ${sc} | ${cells.join(' | ')} |`);
  }
  return out.join('\n');
}

/** How a run was made, as markdown list lines (results files and docs/benchmarks.md alike). */
function metaLines(meta) {
  return [
    `- date: ${meta.date}, commit ${meta.commit || '?'}`,
    `- machine: ${meta.cpus} × ${meta.cpu}, ${meta.memoryGiB} GiB, ${meta.kernel}, Node ${meta.node}`,
    `- load average when the run started: ${meta.loadAverageAtStart.join(' / ')}`,
    `- ${meta.pinning}`,
    `- ${meta.durationS} s measured after ${meta.warmupS} s warm-up, ${meta.connections} connections unless the scenario says otherwise, ${meta.runs === 1 ? 'one run' : `${meta.runs} interleaved rounds, medians reported (a req/s ratio is the median of the per-round ratios)`}, a fresh server process per run; load generators: ${meta.loader.replace(/ Copyright \(C\) \d+ [^,]*/, '')}`,
  ];
}

module.exports = { textTable, markdownTable, ratioMatrix, rpsRatio, cpuPerRequest, metaLines, fmtInt, fmtMs };
