'use strict';
// The baseline every ratio is taken against: node:http with a hand-written switch for routing.
const http = require('node:http');
const fs = require('node:fs');
const { PORT, HOST, HELLO, ROUTE_COUNT, STATIC_FILE, user, ensureStaticFile, ready } = require('./common');

ensureStaticFile();
const ROUTE_RE = /^\/route\/(\d+)\/items\/([^/]+)$/;

function sendJson(res, value) {
  const body = JSON.stringify(value);
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

const server = http.createServer((req, res) => {
  const url = req.url;
  const q = url.indexOf('?');
  const path = q < 0 ? url : url.slice(0, q);
  if (req.method === 'GET') {
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': HELLO.length });
      return res.end(HELLO);
    }
    if (path.startsWith('/users/')) return sendJson(res, user(Number(path.slice(7))));
    if (path === '/limited-hot') {
      // no limiter: the rate-limit scenario's baseline, so its ratios show what a guard costs
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8', 'content-length': 2 });
      return res.end('ok');
    }
    const m = ROUTE_RE.exec(path);
    if (m !== null && Number(m[1]) < ROUTE_COUNT) {
      res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
      return res.end(`route ${m[1]} item ${m[2]}`);
    }
    if (path === '/static/64k.bin') {
      return fs.stat(STATIC_FILE, (err, st) => {
        if (err) {
          res.writeHead(404);
          return res.end();
        }
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': st.size });
        fs.createReadStream(STATIC_FILE).pipe(res);
      });
    }
  } else if (req.method === 'POST' && path === '/echo') {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      try {
        sendJson(res, JSON.parse(Buffer.concat(chunks).toString('utf8')));
      } catch {
        res.writeHead(400);
        res.end();
      }
    });
    return;
  }
  res.writeHead(404, { 'content-type': 'text/plain' });
  res.end('not found');
});

server.keepAliveTimeout = 65_000;
server.listen(PORT, HOST, () => ready('node-http', server.address().port));
