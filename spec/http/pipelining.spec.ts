import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, deferred, startServer, type Deferred } from './support/raw-client';

describe('Connection: pipelining', () => {
  let server: HttpServer;
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('answers pipelined requests in order when their async handlers finish in reverse order', async () => {
    const gates = new Map<string, Deferred>();
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      const gate = deferred();
      gates.set(req.path, gate);
      await gate.promise;
      res.text(req.path);
    }));
    const c = await RawClient.connect(port);
    c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nGET /3 HTTP/1.1\r\nHost: x\r\n\r\n');
    await c.until(() => gates.size === 3, 'all three handlers to start');
    gates.get('/3')!.resolve();
    gates.get('/2')!.resolve();
    gates.get('/1')!.resolve();
    const rs = await c.responsesCount(3);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['/1', '/2', '/3']);
    c.destroy();
  });

  it('runs the handlers of pipelined requests concurrently', async () => {
    let running = 0;
    let maxRunning = 0;
    const release = deferred();
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await release.promise;
      running--;
      res.text('ok');
    }));
    const c = await RawClient.connect(port);
    c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\n'.repeat(4));
    await c.until(() => running === 4, 'four handlers running at once');
    release.resolve();
    await c.responsesCount(4);
    expect(maxRunning).to.equal(4);
    c.destroy();
  });

  it('answers a malformed request after valid ones only after their responses, then closes', async () => {
    const gate = deferred();
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      await gate.promise;
      res.text(req.path);
    }));
    const c = await RawClient.connect(port);
    c.write('GET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\nNOT A REQUEST\r\n\r\n');
    setTimeout(() => gate.resolve(), 20);
    await c.closedByServer();
    expect(c.finals.map((r) => r.statusCode)).to.deep.equal([200, 200, 400]);
    expect(c.finals[2].headers.connection).to.equal('close');
  });

  it('stops parsing ahead when maxPipelined requests are unanswered, and goes on as they are answered', async () => {
    const gates: Deferred[] = [];
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      res.text(req.path);
    }, { maxPipelined: 4 }));
    const c = await RawClient.connect(port);
    let batch = '';
    for (let i = 0; i < 10; i++) batch += `GET /${i} HTTP/1.1\r\nHost: x\r\n\r\n`;
    c.write(batch);
    await c.until(() => gates.length === 4, 'four handlers');
    // give the connection a chance to (wrongly) parse more
    await new Promise((r) => setTimeout(r, 30));
    expect(gates.length).to.equal(4);
    const releaseAll = setInterval(() => gates.forEach((g) => g.resolve()), 5);
    const rs = await c.responsesCount(10);
    clearInterval(releaseAll);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(Array.from({ length: 10 }, (_, i) => `/${i}`));
    c.destroy();
  });

  it('reads the body of the one request it is answering when maxPipelined is 1', async () => {
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      res.text(`got ${(await req.body()).toString()}`);
    }, { maxPipelined: 1 }));
    const c = await RawClient.connect(port);
    c.write('POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello');
    const [first] = await c.responsesCount(1);
    expect(first.body.toString()).to.equal('got hello');
    // the body in a later read than its head, and a chunked one
    c.write('POST /b HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n');
    await new Promise((r) => setTimeout(r, 20));
    c.write('3\r\nabc\r\n0\r\n\r\n');
    const rs = await c.responsesCount(2);
    expect(rs[1].body.toString()).to.equal('got abc');
    c.destroy();
  });

  it('still parses no request ahead of its answer when maxPipelined is 1', async () => {
    const gates: Deferred[] = [];
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      const body = (await req.body()).toString();
      const gate = deferred();
      gates.push(gate);
      await gate.promise;
      res.text(`${req.path}:${body}`);
    }, { maxPipelined: 1 }));
    const c = await RawClient.connect(port);
    c.write('POST /1 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\naPOST /2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\n\r\nb');
    await c.until(() => gates.length === 1, 'the first handler');
    await new Promise((r) => setTimeout(r, 30));
    expect(gates.length).to.equal(1);
    const releaseAll = setInterval(() => gates.forEach((g) => g.resolve()), 5);
    const rs = await c.responsesCount(2);
    clearInterval(releaseAll);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['/1:a', '/2:b']);
    c.destroy();
  });

  it('answers HEAD, GET, HEAD pipelined with bodies only on the GET', async () => {
    let port: number;
    ({ server, port } = await startServer((req: Request, res: Response) => res.text('hello')));
    const c = await RawClient.connect(port, { methods: ['HEAD', 'GET', 'HEAD'] });
    c.write('HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\nHEAD / HTTP/1.1\r\nHost: x\r\n\r\n');
    const rs = await c.responsesCount(3);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['', 'hello', '']);
    expect(rs[0].headers['content-length']).to.equal('5');
    expect(c.raw.split('hello').length - 1).to.equal(1);
    c.destroy();
  });

  it('keeps a streamed response of a later request behind an unfinished earlier one', async () => {
    const first = deferred();
    let port: number;
    ({ server, port } = await startServer(async (req: Request, res: Response) => {
      if (req.path === '/slow') {
        await first.promise;
        return res.text('slow');
      }
      res.write('part1-');
      res.end('part2');
    }));
    const c = await RawClient.connect(port);
    c.write('GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /fast HTTP/1.1\r\nHost: x\r\n\r\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(c.raw).to.equal('');
    first.resolve();
    const rs = await c.responsesCount(2);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['slow', 'part1-part2']);
    expect(rs[1].headers['transfer-encoding']).to.equal('chunked');
    c.destroy();
  });

  describe('through inject (no port)', () => {
    it('answers pipelined requests in order when async handlers finish in reverse order', async () => {
      const engine = new HttpServer(async (req: Request, res: Response) => {
        await new Promise((r) => setTimeout(r, 30 - Number(req.path.slice(1)) * 10));
        res.text(req.path);
      }, { onError: () => {} });
      const raw = await injectRaw(engine, 'GET /0 HTTP/1.1\r\nHost: x\r\n\r\nGET /1 HTTP/1.1\r\nHost: x\r\n\r\nGET /2 HTTP/1.1\r\nHost: x\r\n\r\n');
      expect(readResponses(raw).map((r) => r.body.toString())).to.deep.equal(['/0', '/1', '/2']);
    });

    it('answers a request whose handler reads its body when maxPipelined is 1', async () => {
      const engine = new HttpServer(async (req: Request, res: Response) => {
        res.text(`got ${(await req.body()).toString()}`);
      }, { onError: () => {}, maxPipelined: 1 });
      const raw = await injectRaw(engine, 'POST /a HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhelloPOST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\nhi', { timeoutMs: 2000 });
      expect(readResponses(raw).map((r) => r.body.toString())).to.deep.equal(['got hello', 'got hi']);
    });

    it('answers a malformed request after valid ones last, then closes', async () => {
      const engine = new HttpServer(async (req: Request, res: Response) => {
        await new Promise((r) => setTimeout(r, 10));
        res.text(req.path);
      }, { onError: () => {} });
      const raw = await injectRaw(engine, 'GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/9.9\r\n\r\n');
      const rs = readResponses(raw);
      expect(rs.map((r) => r.statusCode)).to.deep.equal([200, 200, 505]);
      expect(rs[2].headers['content-type']).to.equal('text/plain');
      expect(rs[2].headers.connection).to.equal('close');
    });
  });
});
