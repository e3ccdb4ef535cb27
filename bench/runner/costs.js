'use strict';
// `--costs`: what one feature costs, measured inside wirework itself. Each group compares its
// cases with the group's first one (same app, same handler), in interleaved rounds.

const { rpsRatio, cpuPerRequest, fmtInt } = require('./table');

const COSTS_SERVER = { id: 'wirework-costs', file: 'servers/wirework-costs.js', about: 'the same handler with and without one feature' };

const COST_GROUPS = [
  {
    title: 'the rate-limit guard',
    cases: [
      { label: 'no guard', path: '/plain' },
      { label: '`@RateLimit` sliding-window (limit never reached)', path: '/limited-window' },
      { label: '`@RateLimit` exact sliding log, 1 000 000 per 1 s (a hot key)', path: '/limited-log' },
    ],
  },
  {
    title: 'ops',
    cases: [
      { label: 'ops off (the default)', path: '/plain' },
      { label: '`metrics: true, health: true`', path: '/plain', env: { COSTS_OPS: 'metrics' } },
      { label: '`metrics: true, health: true, requestId: true`', path: '/plain', env: { COSTS_OPS: 'metrics,ids' } },
    ],
  },
];

/**
 * rows ({ group, label, ...figures }, each group's base first) → one markdown table per group:
 * each case's req/s against the group's base, and the server's CPU time per request.
 */
function costsTable(rows, runs) {
  const lines = [];
  for (const group of [...new Set(rows.map((r) => r.group))]) {
    const inGroup = rows.filter((r) => r.group === group);
    lines.push(
      `### ${group}`, '',
      `| configuration | req/s (median of ${runs}) | ratio | server CPU per request |`,
      '| --- | ---: | ---: | ---: |',
      ...inGroup.map((row) => costsLine(row, inGroup[0])),
      '',
    );
  }
  return lines.join('\n');
}

function costsLine(row, base) {
  if (row.skipped || base.skipped) return `| ${row.label} | ${row.skipped || base.skipped} | — | — |`;
  const us = cpuPerRequest(row);
  return `| ${row.label} | ${fmtInt(row.rps)} | ${rpsRatio(row, base).toFixed(2)}× | ${us === undefined ? '?' : `${us.toFixed(1)} µs`} |`;
}

module.exports = { COSTS_SERVER, COST_GROUPS, costsTable };
