'use strict';
// `--costs`: what one feature costs, measured inside wirework itself. Each group compares its
// cases with the group's first one (same app, same handler), in interleaved rounds.

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

module.exports = { COSTS_SERVER, COST_GROUPS };
