'use strict';
// wirework's engine alone: HttpServer with one bare handler and the same hand-written switch
// as node-http.js, so this row against node:http measures the engines and nothing else.
const fs = require('node:fs');
const { PORT, HOST, HELLO, ROUTE_COUNT, STATIC_FILE, user, ensureStaticFile, ready } = require('./common');
// the public entry: importing it registers the static files module behind Response.file()
require('../../dist/src/index.js');
const { HttpServer } = require('../../dist/src/http/server.js');
const { Response } = require('../../dist/src/http/response.js');

ensureStaticFile();
const ROUTE_RE = /^\/route\/(\d+)\/items\/([^/]+)$/;
const staticSize = fs.statSync(STATIC_FILE).size;

/** Response.file when this build has it; otherwise a plain stream with its length. Decided once. */
function staticFileSender() {
  try {
    Response.file(STATIC_FILE);
    return (res) => res.send(Response.file(STATIC_FILE));
  } catch {
    return (res) => {
      res.setHeader('content-type', 'application/octet-stream');
      res.setHeader('content-length', staticSize);
      res.send(fs.createReadStream(STATIC_FILE));
    };
  }
}
const sendStaticFile = staticFileSender();

async function handler(req, res) {
  const path = req.path;
  if (req.method === 'GET') {
    if (path === '/') return res.text(HELLO);
    if (path.startsWith('/users/')) return res.json(user(Number(path.slice(7))));
    const m = ROUTE_RE.exec(path);
    if (m !== null && Number(m[1]) < ROUTE_COUNT) return res.text(`route ${m[1]} item ${m[2]}`);
    if (path === '/static/64k.bin') return sendStaticFile(res);
  } else if (req.method === 'POST' && path === '/echo') {
    const body = await req.body();
    return res.json(JSON.parse(body.toString('utf8')));
  }
  res.text('not found', 404);
}

new HttpServer(handler).listen(PORT, HOST).then(
  (address) => ready('wirework-engine', address.port),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
