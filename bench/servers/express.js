'use strict';
const express = require('express');
const { PORT, HOST, HELLO, ROUTE_COUNT, routePath, STATIC_DIR, user, ensureStaticFile, ready } = require('./common');

ensureStaticFile();
const app = express();
app.disable('x-powered-by');

app.get('/', (req, res) => res.type('text/plain').send(HELLO));
app.get('/users/:id', (req, res) => res.json(user(Number(req.params.id))));
app.post('/echo', express.json(), (req, res) => res.json(req.body));
for (let i = 0; i < ROUTE_COUNT; i++) {
  app.get(routePath(i), (req, res) => res.type('text/plain').send(`route ${i} item ${req.params.id}`));
}
app.use('/static', express.static(STATIC_DIR));

const server = app.listen(PORT, HOST, () => ready('express', server.address().port));
server.keepAliveTimeout = 65_000;
