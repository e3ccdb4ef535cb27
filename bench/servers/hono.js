'use strict';
const path = require('node:path');
const { Hono } = require('hono');
const { serve } = require('@hono/node-server');
const { serveStatic } = require('@hono/node-server/serve-static');
const { PORT, HOST, HELLO, ROUTE_COUNT, routePath, STATIC_DIR, user, ensureStaticFile, ready } = require('./common');

ensureStaticFile();
const app = new Hono();

app.get('/', (c) => c.text(HELLO));
app.get('/users/:id', (c) => c.json(user(Number(c.req.param('id')))));
app.post('/echo', async (c) => c.json(await c.req.json()));
for (let i = 0; i < ROUTE_COUNT; i++) {
  app.get(routePath(i), (c) => c.text(`route ${i} item ${c.req.param('id')}`));
}
// serveStatic's root is relative to the working directory
app.use(
  '/static/*',
  serveStatic({ root: path.relative(process.cwd(), STATIC_DIR), rewriteRequestPath: (p) => p.replace(/^\/static/, '') }),
);

const server = serve({ fetch: app.fetch, port: PORT, hostname: HOST }, (info) => ready('hono', info.port));
server.keepAliveTimeout = 65_000;
