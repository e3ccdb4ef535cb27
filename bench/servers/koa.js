'use strict';
const Koa = require('koa');
const Router = require('@koa/router');
const send = require('koa-send');
const { PORT, HOST, HELLO, ROUTE_COUNT, routePath, STATIC_DIR, user, ensureStaticFile, ready } = require('./common');

ensureStaticFile();
const app = new Koa();
const router = new Router();

/** Koa ships no body parser; this is the few lines an app would otherwise add a package for. */
async function readJson(req) {
  const chunks = [];
  for await (const c of req) chunks.push(c);
  return JSON.parse(Buffer.concat(chunks).toString('utf8'));
}

router.get('/', (ctx) => {
  ctx.type = 'text/plain';
  ctx.body = HELLO;
});
router.get('/users/:id', (ctx) => {
  ctx.body = user(Number(ctx.params.id));
});
router.post('/echo', async (ctx) => {
  ctx.body = await readJson(ctx.req);
});
for (let i = 0; i < ROUTE_COUNT; i++) {
  router.get(routePath(i), (ctx) => {
    ctx.type = 'text/plain';
    ctx.body = `route ${i} item ${ctx.params.id}`;
  });
}
router.get('/static/:file', async (ctx) => {
  await send(ctx, ctx.params.file, { root: STATIC_DIR });
});

app.use(router.routes()).use(router.allowedMethods());
const server = app.listen(PORT, HOST, () => ready('koa', server.address().port));
server.keepAliveTimeout = 65_000;
