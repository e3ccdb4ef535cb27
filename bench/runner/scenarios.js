'use strict';
// The scenarios: the same request shapes for every server. `only` lists the servers a scenario
// means something for (a peer without a rate-limit guard has nothing to measure there).

const SCENARIOS = [
  { id: 'hello', title: 'GET / text', path: '/' },
  { id: 'json', title: 'GET /users/:id JSON', path: '/users/42' },
  { id: 'echo', title: 'POST /echo 1 KiB JSON', path: '/echo', method: 'POST', bodyFile: 'fixtures/echo-1k.json' },
  { id: 'pipelined', title: 'GET / pipelined ×10', path: '/', pipelining: 10 },
  { id: 'conns-1k', title: 'GET / on 1 000 keep-alive connections', path: '/', connections: 1000 },
  { id: 'new-conn', title: 'GET / new connection per request', path: '/', close: true },
  { id: 'routes-100', title: 'GET the last of 100 param routes', path: '/route/99/items/42' },
  {
    id: 'rate-limit',
    title: 'GET /limited-hot, rate-limit guard on',
    path: '/limited-hot',
    // peers with a rate limiter of their own (the rest have nothing comparable to run), and
    // node-http serving the same route with no limiter at all, so the ratios show the guard's cost
    only: ['wirework-app', 'node-http', 'fastify'],
  },
  { id: 'static-64k', title: 'GET a 64 KiB static file', path: '/static/64k.bin' },
];

/** The canned server answers every head the same: only the GET-shaped scenarios mean anything. */
const CANNED_SCENARIOS = new Set(['hello', 'pipelined', 'conns-1k', 'new-conn']);

function appliesTo(scenario, server) {
  if (server === 'canned-net') return CANNED_SCENARIOS.has(scenario.id);
  return scenario.only === undefined || scenario.only.includes(server);
}

module.exports = { SCENARIOS, appliesTo };
