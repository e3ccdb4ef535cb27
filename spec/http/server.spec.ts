import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, deferred, sleep, startServer } from './support/raw-client';
import { selfSignedCert } from '../support/self-signed-cert';

describe('HttpServer', () => {
  describe('listen', () => {
    it('binds port 0 to a free port and resolves with the address', async () => {
      const server = new HttpServer((req, res) => res.text('ok'));
      const a = await server.listen(0, '127.0.0.1');
      expect(a.port).to.be.greaterThan(0);
      expect(a.address).to.equal('127.0.0.1');
      expect(a.family).to.equal('IPv4');
      expect(server.address()!.port).to.equal(a.port);
      await server.close();
    });

    it('rejects listen() on a port that is taken', async () => {
      const one = new HttpServer((req, res) => res.end());
      const { port } = await one.listen(0, '127.0.0.1');
      const two = new HttpServer((req, res) => res.end());
      let error: NodeJS.ErrnoException | undefined;
      await two.listen(port, '127.0.0.1').catch((err) => (error = err));
      expect(error?.code).to.equal('EADDRINUSE');
      await one.close();
    });

    it('refuses connections beyond maxConnections', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.text('ok'), { maxConnections: 2 });
      const a = await RawClient.connect(port);
      const b = await RawClient.connect(port);
      a.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      b.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await a.responsesCount(1);
      await b.responsesCount(1);
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.closedByServer();
      expect(c.finals).to.have.length(0);
      expect(server.connectionCount).to.equal(2);
      a.destroy();
      b.destroy();
      await server.close({ timeoutMs: 100 });
    });
  });

  describe('close()', () => {
    it('lets an in-flight request finish with Connection: close, and resolves once it is gone', async () => {
      const gate = deferred();
      let started = false;
      const { server, port } = await startServer(async (req: Request, res: Response) => {
        started = true;
        await gate.promise;
        res.text('finished');
      });
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.until(() => started, 'the handler to start');
      let closed = false;
      const closing = server.close({ timeoutMs: 5000 }).then(() => (closed = true));
      await sleep(20);
      expect(closed).to.equal(false);
      gate.resolve();
      await c.closedByServer();
      expect(c.finals[0].body.toString()).to.equal('finished');
      expect(c.finals[0].headers.connection).to.equal('close');
      c.end();
      await closing;
    });

    it('stops accepting new connections', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.end());
      await server.close();
      let error: NodeJS.ErrnoException | undefined;
      await RawClient.connect(port).catch((err) => (error = err));
      expect(error?.code).to.equal('ECONNREFUSED');
    });

    it('closes at once an idle connection whose grace (drainGraceMs) is over', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.end(), { drainGraceMs: 50 });
      const c = await RawClient.connect(port); // connected, never sent a request
      await c.until(() => server.connectionCount === 1, 'the server to see the connection');
      await sleep(100);
      const closing = server.close({ timeoutMs: 5000 });
      await c.closedByServer(500);
      expect(c.raw).to.equal('');
      c.end();
      await closing;
    });

    it('answers the first request of a connection accepted just before close(), with Connection: close', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.text('fresh'));
      const c = await RawClient.connect(port);
      await c.until(() => server.connectionCount === 1, 'the server to see the connection');
      const closing = server.close({ timeoutMs: 5000 });
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n'); // was on the wire when the drain began
      await c.closedByServer();
      expect(c.finals.map((r) => r.body.toString())).to.deep.equal(['fresh']);
      expect(c.finals[0].headers.connection).to.equal('close');
      c.end();
      await closing;
    });

    it('answers a request that arrives on a just-used idle connection during the grace, with Connection: close', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.text(req.url));
      const c = await RawClient.connect(port);
      c.write('GET /first HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.responsesCount(1);
      const closing = server.close({ timeoutMs: 5000 });
      c.write('GET /racing HTTP/1.1\r\nHost: x\r\n\r\n'); // was already on the wire
      await c.closedByServer();
      expect(c.finals.map((r) => r.body.toString())).to.deep.equal(['/first', '/racing']);
      expect(c.finals[1].headers.connection).to.equal('close');
      c.end();
      await closing;
    });

    it('answers the next request with Connection: close when the head of the in-flight answer left before close()', async () => {
      const gate = deferred();
      const { server, port } = await startServer(async (req: Request, res: Response) => {
        if (req.path === '/stream') {
          res.write('head is out; ');
          await gate.promise;
          return res.end('done');
        }
        res.text(req.path);
      });
      const c = await RawClient.connect(port);
      c.write('GET /stream HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.until(() => c.raw.includes('head is out'), 'the streamed head');
      const closing = server.close({ timeoutMs: 5000 });
      gate.resolve();
      await c.responsesCount(1);
      expect(c.finals[0].headers.connection).to.equal(undefined); // too late to say it
      c.write('GET /next HTTP/1.1\r\nHost: x\r\n\r\n'); // the client may send at once
      await c.closedByServer();
      expect(c.finals.map((r) => r.body.toString())).to.deep.equal(['head is out; done', '/next']);
      expect(c.finals[1].headers.connection).to.equal('close');
      c.end();
      await closing;
    });

    it('destroys what is left at the deadline', async () => {
      const { server, port } = await startServer(() => new Promise<void>(() => {})); // never answers
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await sleep(20);
      await server.close({ timeoutMs: 100 });
      await c.closedByServer();
      expect(c.finals).to.have.length(0);
    });

    it('startDraining() makes the next response carry Connection: close', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.text('ok'));
      const c = await RawClient.connect(port);
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      const [first] = await c.responsesCount(1);
      expect(first.headers.connection).to.equal(undefined);
      server.startDraining();
      c.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await c.closedByServer();
      expect(c.finals[1].headers.connection).to.equal('close');
      await server.close({ timeoutMs: 100 });
    });
  });

  describe('TLS', () => {
    let key: Buffer;
    let cert: Buffer;

    before(function () {
      const made = selfSignedCert();
      if (made === undefined) this.skip();
      ({ key, cert } = made!);
    });

    it('serves HTTPS with keep-alive and pipelining, and marks requests secure', async () => {
      const { server, port } = await startServer((req: Request, res: Response) => res.text(`${req.url} secure=${req.secure}`), { https: { key, cert } });
      const c = await RawClient.connect(port, { tls: true });
      c.write('GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n');
      const rs = await c.responsesCount(2);
      expect(rs.map((r) => r.body.toString())).to.deep.equal(['/a secure=true', '/b secure=true']);
      c.destroy();
      await server.close({ timeoutMs: 100 });
    });

    it('echoes a POST body over TLS and survives a client that fails the handshake', async () => {
      const { server, port } = await startServer(async (req: Request, res: Response) => res.send(await req.body()), { https: { key, cert } });
      const plain = await RawClient.connect(port); // speaks plain HTTP to a TLS port
      plain.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
      await plain.closedByServer();
      plain.destroy();
      const c = await RawClient.connect(port, { tls: true });
      c.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 6\r\n\r\nsecret');
      const [r] = await c.responsesCount(1);
      expect(r.body.toString()).to.equal('secret');
      c.destroy();
      await server.close({ timeoutMs: 100 });
    });
  });
});
