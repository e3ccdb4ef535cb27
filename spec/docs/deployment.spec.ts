/**
 * docs/deployment.md: its examples run here (imports from the source instead of 'wirework').
 * Keep the two in sync: metric names, the access-log line, the probes' answers, trustProxy's
 * keys and the RedisStore behaviour the page describes are checked against a real server.
 */
import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { once } from 'node:events';
import Redis from 'ioredis';
import {
  createServer, createRedisClient, Controller, Get, Module, RateLimit, RedisStore, Req,
  type App, type CanActivate, type ExecutionContext, type Request,
} from '../../src/index';
import { requireRedis } from '../rate-limit/redis-helper';
import { selfSignedCert } from '../support/self-signed-cert';
import { rawRequest } from '../app/helpers';
import { SERVER_OPTION_NAMES } from '../../src/app/options';

const repoRoot = path.join(__dirname, '..', '..');

@Controller('users')
class UsersController {
  @Get(':id')
  one(@Req() req: Request) {
    return { id: req.params.id };
  }

  @Get('slow/:ms')
  async slow(@Req() req: Request) {
    await new Promise((resolve) => setTimeout(resolve, Number(req.params.ms)));
    return { done: true };
  }
}

@Controller('search')
class SearchController {
  @Get()
  @RateLimit({ limit: 2, windowMs: 60_000 })
  search() {
    return { results: [] };
  }
}

@Module({ controllers: [UsersController, SearchController] })
class AppModule {}

interface Line { level: string; message: string }
function recordingLogger() {
  const lines: Line[] = [];
  const at = (level: string) => (message: string) => void lines.push({ level, message });
  return { lines, log: at('log'), warn: at('warn'), error: at('error') };
}

/** One keep-alive connection; `send` writes a request and resolves with its whole response. */
function keepAlive(port: number) {
  const socket = net.connect(port, '127.0.0.1');
  let buffer = Buffer.alloc(0);
  let waiter: (() => void) | undefined;
  let closed = false;
  socket.on('data', (d) => { buffer = Buffer.concat([buffer, d]); waiter?.(); });
  socket.on('close', () => { closed = true; waiter?.(); });
  socket.on('error', () => undefined);
  const next = async (): Promise<{ status: number; headers: Record<string, string>; body: string }> => {
    for (;;) {
      const text = buffer.toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end >= 0) {
        const headers: Record<string, string> = {};
        for (const line of text.slice(0, end).split('\r\n').slice(1)) {
          const i = line.indexOf(':');
          headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
        }
        const length = Number(headers['content-length'] ?? 0);
        if (text.length >= end + 4 + length) {
          buffer = buffer.subarray(end + 4 + length);
          return { status: Number(text.slice(9, 12)), headers, body: text.slice(end + 4, end + 4 + length) };
        }
      }
      if (closed) throw new Error(`connection closed before a whole response: ${JSON.stringify(text)}`);
      await new Promise<void>((resolve) => (waiter = resolve));
      waiter = undefined;
    }
  };
  return {
    write: (path: string) => socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`),
    next,
    closedByServer: () => new Promise<void>((resolve) => (closed ? resolve() : socket.once('close', () => resolve()))),
    destroy: () => socket.destroy(),
  };
}

function connectionRefused(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.on('connect', () => { socket.destroy(); resolve(false); });
    socket.on('error', () => resolve(true));
  });
}

describe('docs/deployment.md', function () {
  // close() of an app that served a real socket may wait out the 2 s drain grace
  this.timeout(15_000);
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  describe('observability', () => {
    it('serves every metric the page lists, labelled by route pattern, with the listed buckets', async () => {
      app = await createServer(AppModule, { logger: false, metrics: true });
      await app.inject({ url: '/users/1' });
      await app.inject({ url: '/users/2' });
      await app.inject({ url: '/nowhere' });
      await app.inject({ url: '/search' });
      await app.inject({ url: '/search' });
      await app.inject({ url: '/search' }); // the third is refused: 429
      const res = await app.inject({ url: '/metrics' });
      expect(res.statusCode).to.equal(200);
      expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
      for (const type of [
        'wirework_http_requests_total counter',
        'wirework_http_request_duration_seconds histogram',
        'wirework_http_open_connections gauge',
        'wirework_http_received_bytes_total counter',
        'wirework_http_sent_bytes_total counter',
        'wirework_rate_limited_requests_total counter',
        'wirework_http_parse_errors_total counter',
      ]) expect(res.body).to.contain(`# TYPE ${type}\n`);
      expect(res.body).to.contain('wirework_http_requests_total{method="GET",route="/users/:id",status="200"} 2\n');
      expect(res.body).to.contain('wirework_http_requests_total{method="GET",route="(unmatched)",status="404"} 1\n');
      expect(res.body).to.contain('wirework_http_requests_total{method="GET",route="/search",status="429"} 1\n');
      expect(res.body).to.contain('wirework_rate_limited_requests_total{route="/search"} 1\n');
      expect(res.body).to.not.contain('/users/1');
      const les = [...res.body.matchAll(/wirework_http_request_duration_seconds_bucket\{method="GET",route="\/users\/:id",le="([^"]+)"\}/g)].map((m) => m[1]);
      expect(les).to.deep.equal(['0.0005', '0.001', '0.0025', '0.005', '0.01', '0.025', '0.05', '0.1', '0.25', '0.5', '1', '2.5', '5', '10', '+Inf']);
    });

    it('counts parse errors by status and bytes over a real socket', async () => {
      app = await createServer(AppModule, { logger: false, metrics: true });
      const { port } = await app.listen(0, '127.0.0.1');
      const bad = keepAlive(port);
      bad.write('/a b c');
      expect((await bad.next()).status).to.equal(400);
      bad.destroy();
      const conn = keepAlive(port);
      conn.write('/metrics');
      const body = (await conn.next()).body;
      conn.destroy();
      expect(body).to.contain('wirework_http_parse_errors_total{status="400"} 1\n');
      expect(body).to.match(/wirework_http_received_bytes_total [1-9]\d*\n/);
      expect(body).to.match(/wirework_http_sent_bytes_total [1-9]\d*\n/);
      expect(body).to.match(/wirework_http_open_connections [1-9]\d*\n/);
    });

    it('answers /healthz and /readyz while serving', async () => {
      app = await createServer(AppModule, { logger: false, health: true });
      const live = await app.inject({ url: '/healthz' });
      const ready = await app.inject({ url: '/readyz' });
      expect([live.statusCode, live.json()]).to.deep.equal([200, { status: 'ok' }]);
      expect([ready.statusCode, ready.json()]).to.deep.equal([200, { status: 'ready' }]);
      expect(ready.headers['cache-control']).to.equal('no-store');
    });

    it('keeps a sane X-Request-Id and generates one otherwise', async () => {
      app = await createServer(AppModule, { logger: false, requestId: true });
      const kept = await app.inject({ url: '/users/1', headers: { 'x-request-id': '4bf92f3577b34da6a3ce929d0e0e4736' } });
      expect(kept.headers['x-request-id']).to.equal('4bf92f3577b34da6a3ce929d0e0e4736');
      const made = await app.inject({ url: '/users/1', headers: { 'x-request-id': 'has space' } });
      expect(made.headers['x-request-id']).to.match(/^[A-Za-z0-9_-]{8}-[0-9a-z]+$/);
    });

    it("writes the access log's text line through the logger, as the page shows it", async () => {
      const logger = recordingLogger();
      app = await createServer(AppModule, { logger, accessLog: 'text' });
      await app.inject({ url: '/users/42?expand=1', headers: { 'x-request-id': 'req-42' }, remoteAddress: '203.0.113.7' });
      const lines = logger.lines.filter((l) => l.level === 'log').map((l) => l.message);
      expect(lines).to.have.length(1);
      expect(lines[0]).to.match(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z GET "\/users\/42" 200 \d+B [\d.]+ms id=req-42 ip=203\.0\.113\.7$/);
    });

    it("writes the access log's JSON line with the fields the page lists", async () => {
      const logger = recordingLogger();
      app = await createServer(AppModule, { logger, accessLog: 'json' });
      await app.inject({ url: '/users/42', remoteAddress: '203.0.113.7' });
      const entry = JSON.parse(logger.lines.find((l) => l.level === 'log')!.message);
      expect(Object.keys(entry)).to.deep.equal(['time', 'method', 'path', 'status', 'bytes', 'ms', 'requestId', 'remoteAddress', 'aborted']);
      expect(entry).to.include({ method: 'GET', path: '/users/42', status: 200, remoteAddress: '203.0.113.7', aborted: false });
      expect(entry.requestId).to.be.a('string').and.not.equal(''); // accessLog turns requestId on
    });

    it('sends a pino-like logger its lines through info', async () => {
      const seen: unknown[][] = [];
      const pinoLike = { info: (...a: unknown[]) => seen.push(a), warn: () => undefined, error: () => undefined };
      app = await createServer(AppModule, { logger: pinoLike, accessLog: 'json' });
      await app.inject({ url: '/users/1' });
      expect(seen).to.have.length(1);
      expect(JSON.parse(seen[0][0] as string)).to.include({ path: '/users/1', status: 200 });
    });
  });

  describe('ops routes and app-wide guards', () => {
    it('answers /healthz, /readyz and /metrics past an app-wide guard that refuses everything else', async () => {
      const denyAll: CanActivate = { canActivate: () => false };
      app = await createServer(AppModule, { logger: false, health: true, metrics: true, guards: [denyAll] });
      expect((await app.inject({ url: '/users/1' })).statusCode).to.equal(403);
      for (const url of ['/healthz', '/readyz', '/metrics']) expect((await app.inject({ url })).statusCode, url).to.equal(200);
    });

    it('answers /healthz past an app-wide guard added with useGlobalGuards', async () => {
      app = await createServer(AppModule, { logger: false, health: true });
      app.useGlobalGuards({ canActivate: () => false });
      expect((await app.inject({ url: '/users/1' })).statusCode).to.equal(403);
      expect((await app.inject({ url: '/healthz' })).statusCode).to.equal(200);
    });

    it('never counts probes against the app-wide rate limit', async () => {
      app = await createServer(AppModule, { logger: false, health: true, rateLimit: { limit: 1, windowMs: 60_000 } });
      for (let i = 0; i < 3; i++) expect((await app.inject({ url: '/healthz' })).statusCode).to.equal(200);
      expect((await app.inject({ url: '/users/1' })).statusCode).to.equal(200);
      expect((await app.inject({ url: '/users/1' })).statusCode).to.equal(429);
    });
  });

  describe('graceful shutdown', () => {
    it('answers /readyz with 503 and Connection: close on a kept-alive connection once close() began, and refuses new connections', async () => {
      app = await createServer(AppModule, { logger: false, health: true });
      const { port } = await app.listen(0, '127.0.0.1');
      const conn = keepAlive(port);
      conn.write('/readyz');
      const before = await conn.next();
      expect(before.status).to.equal(200);
      expect(before.headers.connection).to.equal(undefined);

      const closing = app.close();
      expect(app.isClosing).to.equal(true);
      expect(await connectionRefused(port)).to.equal(true);
      conn.write('/readyz'); // inside the drain grace: answered, then the connection closes
      const after = await conn.next();
      expect(after.status).to.equal(503);
      expect(after.headers.connection).to.equal('close');
      await conn.closedByServer();
      await closing;
      app = undefined;
    });

    it('lets an in-flight request finish, its answer saying Connection: close', async () => {
      app = await createServer(AppModule, { logger: false });
      const { port } = await app.listen(0, '127.0.0.1');
      const conn = keepAlive(port);
      conn.write('/users/slow/200');
      await new Promise((resolve) => setTimeout(resolve, 50)); // the request is in the handler
      const closing = app.close();
      const res = await conn.next();
      expect([res.status, JSON.parse(res.body)]).to.deep.equal([200, { done: true }]);
      expect(res.headers.connection).to.equal('close');
      await closing;
      app = undefined;
    });
  });

  describe('trustProxy', () => {
    it('with a hop count, keys by the forwarded address: each client behind one proxy has its own budget', async () => {
      app = await createServer(AppModule, { logger: false, rateLimit: { trustProxy: 1 } });
      const from = (xff: string) => app!.inject({ url: '/search', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': xff } });
      expect((await from('198.51.100.7')).statusCode).to.equal(200);
      expect((await from('198.51.100.7')).statusCode).to.equal(200);
      expect((await from('198.51.100.7')).statusCode).to.equal(429);
      expect((await from('198.51.100.8')).statusCode).to.equal(200);
      // What the client wrote left of our proxy's entry does not change its key.
      expect((await from('1.2.3.4, 198.51.100.7')).statusCode).to.equal(429);
    });

    it('with a list of proxies, walks X-Forwarded-For from the right past every trusted hop', async () => {
      app = await createServer(AppModule, { logger: false, rateLimit: { trustProxy: ['10.0.0.0/8'] } });
      const from = (xff: string) => app!.inject({ url: '/search', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': xff } });
      expect((await from('198.51.100.7, 10.1.2.3')).statusCode).to.equal(200);
      expect((await from('198.51.100.7')).statusCode).to.equal(200);
      expect((await from('6.6.6.6, 198.51.100.7, 10.9.9.9')).statusCode).to.equal(429);
    });

    it('ignores X-Forwarded-For from a peer that is not a trusted proxy', async () => {
      app = await createServer(AppModule, { logger: false, rateLimit: { trustProxy: ['10.0.0.0/8'] } });
      const from = (xff: string) => app!.inject({ url: '/search', remoteAddress: '203.0.113.50', headers: { 'x-forwarded-for': xff } });
      expect((await from('198.51.100.1')).statusCode).to.equal(200);
      expect((await from('198.51.100.2')).statusCode).to.equal(200);
      expect((await from('198.51.100.3')).statusCode).to.equal(429);
    });

    it('keys IPv6 clients by their /64', async () => {
      app = await createServer(AppModule, { logger: false, rateLimit: { trustProxy: 1 } });
      const from = (xff: string) => app!.inject({ url: '/search', remoteAddress: '10.0.0.2', headers: { 'x-forwarded-for': xff } });
      expect((await from('2001:db8:1:2::1')).statusCode).to.equal(200);
      expect((await from('2001:db8:1:2:ffff::9')).statusCode).to.equal(200);
      expect((await from('2001:db8:1:2::abcd')).statusCode).to.equal(429);
      expect((await from('2001:db8:1:3::1')).statusCode).to.equal(200);
    });

    it('refuses trustProxy: true at bootstrap', async () => {
      let error: unknown;
      try { await createServer(AppModule, { logger: false, rateLimit: { trustProxy: true } }); } catch (e) { error = e; }
      expect(String(error)).to.contain('trustProxy: true');
    });
  });

  describe('the rate limit on Redis', function () {
    let url: string;
    before(async function () { url = await requireRedis(this); });

    it('shares one budget between two apps (two machines) through createRedisClient', async () => {
      const prefix = `ww:docs:${process.pid}:${Date.now()}`;
      const clients = [await createRedisClient(url), await createRedisClient(url)];
      const apps = await Promise.all(clients.map((client) => createServer(AppModule, {
        logger: false, rateLimit: { store: new RedisStore({ client, prefix }) },
      })));
      try {
        const statuses = [];
        for (const a of [apps[0], apps[1], apps[0], apps[1]]) statuses.push((await a.inject({ url: '/search', remoteAddress: '198.51.100.7' })).statusCode);
        expect(statuses).to.deep.equal([200, 200, 429, 429]);
      } finally {
        for (const a of apps) await a.close();
        for (const c of clients) await c.quit(); // wirework does not close a client you gave it
      }
    });

    it("starts with the page's production options and serves probes, metrics and limited routes", async () => {
      const logger = recordingLogger();
      const client = await createRedisClient(url);
      app = await createServer(AppModule, {
        logger,
        health: true,
        metrics: true,
        accessLog: 'json',
        keepAliveTimeoutMs: 65_000,
        rateLimit: {
          limit: 300, windowMs: 60_000,
          trustProxy: 1,
          store: new RedisStore({ client, prefix: `ww:docs:prod:${process.pid}:${Date.now()}` }),
        },
      });
      try {
        expect((await app.inject({ url: '/readyz' })).statusCode).to.equal(200);
        const res = await app.inject({ url: '/users/1', headers: { 'x-forwarded-for': '198.51.100.7' }, remoteAddress: '127.0.0.1' });
        expect(res.statusCode).to.equal(200);
        expect(res.headers['ratelimit-policy']).to.equal('"default";q=300;w=60');
        expect(res.headers['x-request-id']).to.be.a('string');
        expect((await app.inject({ url: '/metrics' })).body).to.contain('route="/users/:id",status="200"} 1\n');
        expect(logger.lines.filter((l) => l.level === 'log')).to.have.length(3);
      } finally {
        await app.close();
        app = undefined;
        await client.quit();
      }
    });

    it('works with an ioredis client', async () => {
      const client = new Redis(url);
      await once(client, 'ready');
      app = await createServer(AppModule, { logger: false, rateLimit: { store: new RedisStore({ client, prefix: `ww:docs:io:${process.pid}:${Date.now()}` }) } });
      try {
        const statuses = [];
        for (let i = 0; i < 3; i++) statuses.push((await app.inject({ url: '/search' })).statusCode);
        expect(statuses).to.deep.equal([200, 200, 429]);
      } finally {
        client.disconnect();
      }
    });
  });

  describe('when Redis is down', () => {
    let deadPort: number;
    before(async () => {
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      deadPort = (probe.address() as net.AddressInfo).port;
      await new Promise<void>((resolve) => probe.close(() => resolve()));
    });

    for (const [mode, status] of [['allow', 200], ['deny', 503]] as const) {
      it(`answers ${status} with onStoreError: '${mode}' once the store times out`, async () => {
        // An ioredis client that never connects: the hit fails at once, not queued for it.
        const client = new Redis({ host: '127.0.0.1', port: deadPort, maxRetriesPerRequest: null, retryStrategy: () => 50 });
        client.on('error', () => undefined);
        const errors: unknown[] = [];
        app = await createServer(AppModule, {
          logger: false,
          rateLimit: { store: new RedisStore({ client, timeoutMs: 100 }), onStoreError: mode, onError: (e) => errors.push(e) },
        });
        try {
          const res = await app.inject({ url: '/search' });
          expect(res.statusCode).to.equal(status);
          expect(String(errors[0])).to.contain('WW_ERR_RATE_LIMIT_STORE_TIMEOUT');
        } finally {
          client.disconnect();
        }
      });
    }
  });

  describe('TLS', () => {
    let key: Buffer | undefined;
    let cert: Buffer | undefined;
    before(function () {
      const made = selfSignedCert();
      if (made === undefined) this.skip();
      ({ key, cert } = made!);
    });

    it('serves HTTPS with https: { key, cert }', async () => {
      app = await createServer(AppModule, { logger: false, https: { key, cert } });
      const { port } = await app.listen(0, '127.0.0.1');
      const res = await rawRequest(port, 'GET /users/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { tls: true });
      expect(res.head.startsWith('HTTP/1.1 200 OK\r\n')).to.equal(true);
      expect(res.body).to.equal('{"id":"1"}');
    });
  });
});

describe('docs/deployment.md: the limits table', () => {
  const page = (): string => fs.readFileSync(path.join(repoRoot, 'docs', 'deployment.md'), 'utf8');

  it('names the drain grace by its createServer option, drainGraceMs (regression: the table said it was not an option)', async () => {
    const table = page().split('## Limits and timeouts')[1];
    const names = [...table.matchAll(/^\| `([\w.]+)`/gm)].map((m) => m[1]);
    expect(names).to.include('drainGraceMs');
    expect(SERVER_OPTION_NAMES).to.include('drainGraceMs');
    expect(table).not.to.contain('not an option');
    const app = await createServer(AppModule, { logger: false, drainGraceMs: 500 });
    await app.close();
  });
});

describe('docs/deployment.md: the ioredis example in an ES module', function () {
  // A type-check of one file and what it imports: a few seconds on a loaded machine.
  this.timeout(60_000);

  it('type-checks as the page writes it under "type": "module" and module nodenext (regression: a default import of ioredis is not constructable there)', () => {
    const blocks = [...fs.readFileSync(path.join(repoRoot, 'docs', 'deployment.md'), 'utf8').matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);
    const example = blocks.find((block) => block.includes("from 'ioredis'"));
    expect(example, 'the page has an ioredis example').to.be.a('string');
    // The page's previous example imports RedisStore; an ES module in its own folder, seeing the repository's packages.
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-docs-ioredis-esm-'));
    try {
      fs.writeFileSync(path.join(dir, 'package.json'), '{ "type": "module" }');
      fs.symlinkSync(path.join(repoRoot, 'node_modules'), path.join(dir, 'node_modules'), 'dir');
      const file = path.join(dir, 'main.ts');
      fs.writeFileSync(file, `import { RedisStore } from ${JSON.stringify(path.join(repoRoot, 'src/index.js'))};\n${example!}\nexport { store };\n`);
      const options: ts.CompilerOptions = {
        target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext,
        strict: true, types: ['node'], experimentalDecorators: true, emitDecoratorMetadata: true, skipLibCheck: true, noEmit: true,
      };
      const program = ts.createProgram({ rootNames: [file], options });
      const source = program.getSourceFile(file)!;
      const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
      expect(diagnostics.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).to.deep.equal([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
