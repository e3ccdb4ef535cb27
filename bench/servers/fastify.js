'use strict';
const fastify = require('fastify');
const { PORT, HOST, HELLO, ROUTE_COUNT, routePath, STATIC_DIR, user, ensureStaticFile, ready } = require('./common');

ensureStaticFile();

async function main() {
  const app = fastify({ logger: false, keepAliveTimeout: 65_000 });
  // Fastify's own rate limiter, on /limited-hot only, with a limit no run can reach.
  await app.register(require('@fastify/rate-limit'), { global: false });
  await app.register(require('@fastify/static'), { root: STATIC_DIR, prefix: '/static/' });

  app.get('/', async () => HELLO);
  app.get('/users/:id', async (req) => user(Number(req.params.id)));
  app.post('/echo', async (req) => req.body);
  for (let i = 0; i < ROUTE_COUNT; i++) {
    app.get(routePath(i), async (req) => `route ${i} item ${req.params.id}`);
  }
  app.get('/limited-hot', { config: { rateLimit: { max: 1e9, timeWindow: 60_000 } } }, async () => 'ok');

  await app.listen({ port: PORT, host: HOST });
  ready('fastify', app.server.address().port);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
