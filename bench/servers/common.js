'use strict';
// What every bench server shares: the port, the routes' payloads, the fixtures, the ready line.
// Every server answers the same routes with the same bytes, so rows differ only by the stack.
const fs = require('node:fs');
const path = require('node:path');

const PORT = Number(process.env.PORT || 3000);
const HOST = '127.0.0.1';
const HELLO = 'Hello, World!';
/** The route table scenario registers this many routes and requests the last one. */
const ROUTE_COUNT = 100;
/** `/route/<i>/items/:id` — a param in every route, so no router can answer from a static map. */
const routePath = (i) => `/route/${i}/items/:id`;
const STATIC_DIR = path.join(__dirname, '..', 'fixtures', 'static');
const STATIC_FILE = path.join(STATIC_DIR, '64k.bin');
const STATIC_SIZE = 64 * 1024;

/** The body of GET /users/:id for every server. */
function user(id) {
  return { id, name: `User ${id}`, email: `user${id}@example.com`, active: true };
}

/** The 64 KiB static file: made on first use, deterministic bytes (no randomness between runs). */
function ensureStaticFile() {
  try {
    if (fs.statSync(STATIC_FILE).size === STATIC_SIZE) return;
  } catch {}
  fs.mkdirSync(STATIC_DIR, { recursive: true });
  const data = Buffer.alloc(STATIC_SIZE);
  for (let i = 0; i < STATIC_SIZE; i++) data[i] = (i * 31 + 7) & 0xff;
  const tmp = `${STATIC_FILE}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, data);
  fs.renameSync(tmp, STATIC_FILE);
}

/** The line scripts/bench.js waits for before loading the server. */
function ready(name, port = PORT) {
  process.stdout.write(`ready ${name} ${port}\n`);
}

module.exports = { PORT, HOST, HELLO, ROUTE_COUNT, routePath, STATIC_DIR, STATIC_FILE, user, ensureStaticFile, ready };
