import net from 'node:net';
import { once } from 'node:events';
import { expect } from 'chai';
import { ResponseReader, type RawResponse } from '../../src/testing/response-reader';
import { Controller, Get, injectRaw, Module, Param } from '../../src/index';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest, recordingLogger } from './helpers';

@Controller('users')
class UsersController {
  @Get(':id')
  one(@Param('id') id: string): { id: string } {
    return { id };
  }
}

/** Answers only when released, so a spec can close the client first. */
let releaseSlow: (() => void) | null = null;

@Controller('slow')
class SlowController {
  @Get()
  async wait(): Promise<string> {
    await new Promise<void>((resolve) => (releaseSlow = resolve));
    return 'late';
  }
}

@Module({ controllers: [UsersController, SlowController] })
class OpsAppModule {}

/** One keep-alive connection sending GETs one at a time, reading each response exactly. */
async function keepAliveClient(port: number): Promise<{ get(path: string): Promise<RawResponse>; destroy(): void }> {
  const socket = net.connect(port, '127.0.0.1');
  await once(socket, 'connect');
  const reader = new ResponseReader();
  let waiting: ((r: RawResponse) => void) | null = null;
  socket.on('data', (chunk: Buffer) => {
    for (const response of reader.push(chunk)) if (response.statusCode >= 200 && waiting !== null) waiting(response);
  });
  return {
    get(path) {
      reader.expect('GET');
      const answered = new Promise<RawResponse>((resolve) => (waiting = resolve));
      socket.write(`GET ${path} HTTP/1.1\r\nHost: x\r\n\r\n`);
      return answered;
    },
    destroy: () => socket.destroy(),
  };
}

/** Every sample line as the ops probe (and Prometheus) reads it. */
const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInfa]+( \d+)?$/;

describe('ops: metrics, health, request ids, access log', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('serves no /metrics, /healthz or /readyz unless asked', async () => {
    app = await makeApp(OpsAppModule);
    for (const url of ['/metrics', '/healthz', '/readyz']) expect((await app.inject({ method: 'GET', url })).statusCode, url).to.equal(404);
  });

  it('serves Prometheus text at /metrics whose every sample line parses', async () => {
    app = await makeApp(OpsAppModule, { metrics: true });
    await app.inject({ method: 'GET', url: '/users/7' });
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['content-type']).to.equal('text/plain; version=0.0.4; charset=utf-8');
    const samples = res.body.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
    expect(samples.length).to.be.greaterThan(0);
    for (const line of samples) expect(line).to.match(SAMPLE_LINE);
  });

  it('counts requests by route pattern, never by raw path', async () => {
    app = await makeApp(OpsAppModule, { metrics: true });
    await app.inject({ method: 'GET', url: '/users/1' });
    await app.inject({ method: 'GET', url: '/users/2' });
    await app.inject({ method: 'GET', url: '/nowhere/at/all' });
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).to.contain('wirework_http_requests_total{method="GET",route="/users/:id",status="200"} 2\n');
    expect(body).to.contain('wirework_http_requests_total{method="GET",route="(unmatched)",status="404"} 1\n');
    expect(body).to.not.contain('/users/1"');
    expect(body).to.not.contain('/nowhere');
  });

  it('observes each request in the latency histogram', async () => {
    app = await makeApp(OpsAppModule, { metrics: true });
    await app.inject({ method: 'GET', url: '/users/1' });
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).to.match(/wirework_http_request_duration_seconds_bucket\{method="GET",route="\/users\/:id",le="\+Inf"\} 1\n/);
    expect(body).to.contain('wirework_http_request_duration_seconds_count{method="GET",route="/users/:id"} 1\n');
  });

  it('counts requests the parser refused, by status, over a real socket', async () => {
    app = await makeApp(OpsAppModule, { metrics: true });
    const { port } = await app.listen(0, '127.0.0.1');
    const refused = await rawRequest(port, 'GET / HTTP/1.1\r\nHost: a b\r\n\r\n');
    expect(refused.status).to.equal(400);
    const body = (await rawRequest(port, 'GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).body;
    expect(body).to.contain('wirework_http_parse_errors_total{status="400"} 1\n');
    expect(body).to.match(/wirework_http_received_bytes_total [1-9]\d*\n/);
    expect(body).to.match(/wirework_http_open_connections [1-9]\d*\n/);
  });

  it('answers /healthz and /readyz with 200 while serving', async () => {
    app = await makeApp(OpsAppModule, { health: true });
    expect((await app.inject({ method: 'GET', url: '/healthz' })).json()).to.deep.equal({ status: 'ok' });
    expect((await app.inject({ method: 'GET', url: '/readyz' })).statusCode).to.equal(200);
  });

  it('answers /readyz with 503 on a kept-alive connection once close() began', async () => {
    app = await makeApp(OpsAppModule, { health: true });
    const { port } = await app.listen(0, '127.0.0.1');
    // A load balancer's keep-alive connection, opened before the shutdown: it is drained, not
    // cut, so its next probe sees the readiness change.
    const client = await keepAliveClient(port);
    expect((await client.get('/readyz')).statusCode).to.equal(200);
    const closing = app.close();
    app = undefined;
    const ready = await client.get('/readyz');
    expect(ready.statusCode).to.equal(503);
    // A cached 503 would keep a pod out of rotation after it came back, or a cached 200 in.
    expect(ready.headers['cache-control']).to.equal('no-store');
    client.destroy();
    await closing;
  });

  it('keeps /healthz at 200 once close() began', async () => {
    app = await makeApp(OpsAppModule, { health: true });
    const { port } = await app.listen(0, '127.0.0.1');
    const client = await keepAliveClient(port);
    expect((await client.get('/healthz')).statusCode).to.equal(200);
    const closing = app.close();
    app = undefined;
    expect((await client.get('/healthz')).statusCode).to.equal(200);
    client.destroy();
    await closing;
  });

  it('serves the ops routes at the paths given', async () => {
    app = await makeApp(OpsAppModule, { metrics: { path: '/internal/metrics' }, health: { livenessPath: '/live', readinessPath: '/ready' } });
    expect((await app.inject({ method: 'GET', url: '/internal/metrics' })).statusCode).to.equal(200);
    expect((await app.inject({ method: 'GET', url: '/live' })).statusCode).to.equal(200);
    expect((await app.inject({ method: 'GET', url: '/ready' })).statusCode).to.equal(200);
    expect((await app.inject({ method: 'GET', url: '/metrics' })).statusCode).to.equal(404);
  });

  it('refuses an ops path that does not start with a slash, at bootstrap', async () => {
    let error: unknown;
    try {
      await makeApp(OpsAppModule, { metrics: { path: 'metrics' } });
    } catch (e) {
      error = e;
    }
    expect(String(error)).to.contain('WW_ERR_INVALID_OPTION').and.contain('metrics.path');
  });

  it('keeps a sane X-Request-Id from the client and echoes it', async () => {
    app = await makeApp(OpsAppModule, { requestId: true });
    const res = await app.inject({ method: 'GET', url: '/users/1', headers: { 'x-request-id': 'trace-123' } });
    expect(res.headers['x-request-id']).to.equal('trace-123');
  });

  it('replaces an X-Request-Id that is not a sane token with a generated one', async () => {
    app = await makeApp(OpsAppModule, { requestId: true });
    const res = await app.inject({ method: 'GET', url: '/users/1', headers: { 'x-request-id': 'a"b c' } });
    const id = res.headers['x-request-id'] as string;
    expect(id).to.be.a('string').and.not.equal('a"b c');
    expect(id).to.match(/^[A-Za-z0-9_.:\-]+$/);
  });

  it('gives each request its own generated id', async () => {
    app = await makeApp(OpsAppModule, { requestId: true });
    const a = await app.inject({ method: 'GET', url: '/users/1' });
    const b = await app.inject({ method: 'GET', url: '/users/1' });
    expect(a.headers['x-request-id']).to.not.equal(b.headers['x-request-id']);
  });

  it('writes one access-log line per request with method, path, status, bytes and id', async () => {
    const logger = recordingLogger();
    app = await makeApp(OpsAppModule, { logger, accessLog: 'json' });
    const raw = await injectRaw(app.getHttpServer(), 'GET /users/42 HTTP/1.1\r\nHost: x\r\nX-Request-Id: req-42\r\nConnection: close\r\n\r\n');
    const lines = logger.lines.filter((l) => l.level === 'log').map((l) => JSON.parse(l.message));
    expect(lines).to.have.length(1);
    expect(lines[0]).to.include({ method: 'GET', path: '/users/42', status: 200, requestId: 'req-42' });
    // bytes is the whole response as framed: head and body, exactly what the client read.
    expect(lines[0].bytes).to.equal(raw.length);
    expect(lines[0].ms).to.be.a('number');
  });

  it('logs and counts a request whose client left before the answer as 499 aborted, not 200 (regression: a 200 nobody received)', async () => {
    const logger = recordingLogger();
    app = await makeApp(OpsAppModule, { logger, accessLog: 'json', metrics: true });
    const { port } = await app.listen(0, '127.0.0.1');
    releaseSlow = null;
    const socket = net.connect(port, '127.0.0.1');
    await once(socket, 'connect');
    socket.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\n');
    while (releaseSlow === null) await new Promise((r) => setTimeout(r, 5));
    // a reset, not a FIN: after a FIN the client may still be reading (a half-close), so the server answers it
    socket.resetAndDestroy();
    const logged = async () => logger.lines.filter((l) => l.level === 'log').map((l) => JSON.parse(l.message));
    while ((await logged()).length === 0) await new Promise((r) => setTimeout(r, 5));
    (releaseSlow as () => void)();
    const [line] = await logged();
    expect(line).to.include({ path: '/slow', status: 499, aborted: true, bytes: 0 });
    const metrics = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(metrics).to.match(/http_requests_total\{method="GET",route="\/slow",status="499"\} 1/);
    expect(metrics).to.not.match(/route="\/slow",status="200"/);
  });
});
