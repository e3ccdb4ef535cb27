import { expect } from 'chai';
import { spawn } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Param } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import type { OnApplicationShutdown, OnModuleInit } from '../../src/core/di/lifecycle';
import { HttpServer } from '../../src/http/server';
import { makeApp, rawRequest, recordingLogger } from './helpers';

const events: string[] = [];

@Injectable()
class CounterService implements OnModuleInit, OnApplicationShutdown {
  count = 0;
  onModuleInit() {
    events.push('init');
  }
  onApplicationShutdown(signal?: string) {
    events.push(`shutdown ${signal ?? '-'}`);
  }
}

@Controller('c')
class CounterController {
  constructor(private readonly counter: CounterService) {}
  @Get('next')
  next() {
    return { n: ++this.counter.count };
  }
  @Get('slow/:ms')
  async slow(@Param('ms') ms: string) {
    await new Promise((r) => setTimeout(r, Number(ms)));
    events.push('slow done');
    return 'slow';
  }
  @Get('never')
  never() {
    return new Promise(() => undefined);
  }
}

@Module({ controllers: [CounterController], providers: [CounterService] })
class AppModule {}

describe('App', () => {
  beforeEach(() => {
    events.length = 0;
  });

  it('listens on port 0 and resolves with the bound address', async () => {
    const app = await makeApp(AppModule);
    try {
      const address = await app.listen(0, '127.0.0.1');
      expect(address.port).to.be.a('number').and.greaterThan(0);
      expect(address.address).to.equal('127.0.0.1');
      const res = await rawRequest(address.port, 'GET /c/next HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(JSON.parse(res.body)).to.deep.equal({ n: 1 });
    } finally {
      await app.close();
    }
  });

  it('answers inject() without opening a port', async () => {
    const app = await makeApp(AppModule);
    const res = await app.inject({ method: 'GET', url: '/c/next', headers: { accept: 'application/json' } });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ n: 1 });
    expect(res.rawBody.toString()).to.equal(res.body);
    expect(app.getHttpServer().address()).to.equal(null);
    await app.close();
  });

  it('resolves providers with get(token)', async () => {
    const app = await makeApp(AppModule);
    await app.inject({ url: '/c/next' });
    expect(app.get(CounterService).count).to.equal(1);
    expect(app.get(CounterController)).to.be.instanceOf(CounterController);
    await app.close();
  });

  it('returns the engine server from getHttpServer()', async () => {
    const app = await makeApp(AppModule);
    expect(app.getHttpServer()).to.be.instanceOf(HttpServer);
    await app.close();
  });

  it('runs init hooks at createServer and shutdown hooks at close()', async () => {
    const app = await makeApp(AppModule);
    expect(events).to.deep.equal(['init']);
    await app.close('SIGTERM');
    expect(events).to.deep.equal(['init', 'shutdown SIGTERM']);
    expect(app.isClosing).to.equal(true);
  });

  it('lets an in-flight request finish on close() before the shutdown hooks run', async () => {
    const app = await makeApp(AppModule);
    const { port } = await app.listen(0);
    const pending = rawRequest(port, 'GET /c/slow/80 HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 20));
    await app.close();
    const res = await pending;
    expect(res.status).to.equal(200);
    expect(res.body).to.equal('slow');
    expect(events.indexOf('slow done')).to.be.lessThan(events.indexOf('shutdown -'));
  });

  it('refuses new connections after close()', async () => {
    const app = await makeApp(AppModule);
    const { port } = await app.listen(0);
    await app.close();
    const error = await new Promise<Error | null>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.on('connect', () => {
        socket.destroy();
        resolve(null);
      });
      socket.on('error', resolve);
    });
    expect(error).to.be.instanceOf(Error);
  });

  it('keeps two apps built from the same classes apart', async () => {
    const one = await makeApp(AppModule);
    const two = await makeApp(AppModule, { globalPrefix: 'v2' });
    await one.inject({ url: '/c/next' });
    await one.inject({ url: '/c/next' });
    expect((await two.inject({ url: '/v2/c/next' })).json()).to.deep.equal({ n: 1 });
    expect((await one.inject({ url: '/v2/c/next' })).statusCode).to.equal(404);
    await one.close();
    await two.close();
  });

  it('answers 503 when a handler does not answer within requestTimeoutMs', async () => {
    const app = await makeApp(AppModule, { requestTimeoutMs: 30 });
    const res = await app.inject({ url: '/c/never' });
    expect(res.statusCode).to.equal(503);
    expect(res.json()).to.deep.equal({
      statusCode: 503, error: 'Service Unavailable', message: 'The request was not answered within 30 ms',
    });
    expect((await app.inject({ url: '/c/next' })).statusCode).to.equal(200);
    await app.close();
  });

  it('closes the app on SIGTERM after enableShutdownHooks, then exits', async () => {
    const app = await makeApp(AppModule);
    await app.listen(0);
    app.enableShutdownHooks(['SIGTERM']);
    const realExit = process.exit;
    const exited = new Promise<number | undefined>((resolve) => {
      process.exit = ((code?: number) => resolve(code)) as typeof process.exit;
    });
    try {
      process.emit('SIGTERM', 'SIGTERM');
      expect(await exited).to.equal(0);
      expect(events).to.include('shutdown SIGTERM');
      expect(process.listenerCount('SIGTERM')).to.equal(0);
    } finally {
      process.exit = realExit;
    }
  });

  it('takes enableShutdownHooks() called twice for once, so one SIGTERM is not logged as a second', async () => {
    const logger = recordingLogger();
    const app = await makeApp(AppModule, { logger });
    app.enableShutdownHooks(['SIGTERM']).enableShutdownHooks(['SIGTERM']);
    const realExit = process.exit;
    const exited = new Promise<number | undefined>((resolve) => {
      process.exit = ((code?: number) => resolve(code)) as typeof process.exit;
    });
    try {
      expect(process.listenerCount('SIGTERM')).to.equal(1);
      process.emit('SIGTERM', 'SIGTERM');
      expect(await exited).to.equal(0);
      expect(logger.lines.filter((l) => l.level === 'warn')).to.deep.equal([]);
    } finally {
      process.exit = realExit;
    }
  });

  /** The shutdown-app fixture as its own process: the bug was Node's default action for a signal. */
  async function startShutdownApp() {
    const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(__dirname, 'fixtures', 'shutdown-app.ts')], {
      cwd: path.join(__dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const seen = { out: '', err: '' };
    child.stdout!.on('data', (d) => (seen.out += d));
    child.stderr!.on('data', (d) => (seen.err += d));
    const exited = new Promise<[number | null, string | null]>((resolve) => child.once('exit', (code, signal) => resolve([code, signal])));
    const until = async (condition: () => boolean) => {
      while (!condition() && child.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 20));
    };
    await until(() => seen.out.includes('{'));
    const port = JSON.parse(seen.out.split('\n')[0]).port as number;
    /** Starts a slow request; resolves once the handler has it, with the answer to come. */
    const slowRequest = async (ms: number) => {
      const response = rawRequest(port, `GET /slow/${ms} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);
      response.catch(() => undefined); // the forced exit cuts it
      await until(() => seen.err.includes('slow request started'));
      return { response };
    };
    return { child, seen, exited, slowRequest };
  }

  it('finishes its graceful close when a second SIGTERM arrives during it', async function () {
    // Two signals at once are common: npm forwards the Ctrl-C the terminal already sent.
    this.timeout(60_000);
    const { child, seen, exited, slowRequest } = await startShutdownApp();
    try {
      const { response } = await slowRequest(500);
      child.kill('SIGTERM');
      await new Promise((resolve) => setTimeout(resolve, 50));
      child.kill('SIGTERM');
      expect((await response).body).to.equal('done');
      expect(await exited).to.deep.equal([0, null]);
      expect(seen.out).to.contain('shutdown hook SIGTERM');
      expect(seen.err).to.contain('warn SIGTERM again while closing: taken for the same one, the graceful close goes on');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('exits at once, with 128 + the signal number, on a repeat more than a second after the first', async function () {
    // An operator's second Ctrl-C: the close would wait for a 10 s request; the repeat ends it.
    this.timeout(60_000);
    const { child, seen, exited, slowRequest } = await startShutdownApp();
    try {
      await slowRequest(10_000);
      child.kill('SIGINT');
      await new Promise((resolve) => setTimeout(resolve, 1200));
      child.kill('SIGINT');
      expect(await exited).to.deep.equal([130, null]);
      expect(seen.out).to.not.contain('shutdown hook');
      expect(seen.err).to.contain('error SIGINT again while closing: exiting now');
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
    }
  });

  it('passes engine errors that escape the framework to the logger', async () => {
    const logger = recordingLogger();
    const app = await makeApp(AppModule, { logger });
    const server = app.getHttpServer();
    server.reportError(new Error('stream broke'), 'response-stream');
    expect(logger.lines.filter((l) => l.level === 'error').map((l) => l.message)).to.deep.equal(['response-stream error']);
    await app.close();
  });
});
