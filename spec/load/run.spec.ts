import { expect } from 'chai';
import * as net from 'node:net';
import { runLoad } from '../../src/load/run';

/**
 * A real server on port 0 that parses just enough: it counts request heads and answers each,
 * in order, with the response `answer(n)` chooses for the n-th request. Not a timed test: it
 * checks what was counted, not how fast.
 */
function startServer(answer: (n: number, head: string) => string, host = '127.0.0.1'): Promise<{ port: number; heads: () => number; close: () => Promise<void> }> {
  let heads = 0;
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    let pending = '';
    socket.on('data', (chunk) => {
      pending += chunk.toString('latin1');
      let end: number;
      let out = '';
      while ((end = pending.indexOf('\r\n\r\n')) >= 0) {
        const head = pending.slice(0, end);
        const length = /content-length: (\d+)/i.exec(head);
        const total = end + 4 + (length ? Number(length[1]) : 0);
        if (pending.length < total) break;
        pending = pending.slice(total);
        out += answer(++heads, head);
      }
      if (out !== '') {
        socket.write(out);
        if (/connection: close/i.test(out)) socket.end();
      }
    });
    socket.on('error', () => socket.destroy());
  });
  return new Promise((resolve) => {
    server.listen(0, host, () => {
      resolve({
        port: (server.address() as net.AddressInfo).port,
        heads: () => heads,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

const OK = 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok';
const CHUNKED = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n';
const NOT_FOUND = 'HTTP/1.1 404 Not Found\r\nContent-Length: 9\r\n\r\nnot found';

describe('runLoad against a real server', () => {
  it('counts every response, by status, over several pipelined keep-alive connections', async () => {
    const server = await startServer((n) => (n % 4 === 0 ? NOT_FOUND : n % 2 === 0 ? CHUNKED : OK));
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/x`, connections: 4, pipelining: 5, durationMs: 5000, maxResponses: 400 });
      expect(result.errorCount, JSON.stringify(result.errors)).to.equal(0);
      expect(result.responses).to.be.at.least(400);
      // Every response the tester counted answered a head the server saw; none invented.
      expect(result.responses).to.be.at.most(server.heads());
      expect(result.statuses['200'] + result.statuses['404']).to.equal(result.responses);
      expect(result.non2xx).to.equal(result.statuses['404']);
      expect(result.latencyMs.p50).to.be.at.most(result.latencyMs.p99);
      expect(result.latencyMs.p99).to.be.at.most(result.latencyMs.max);
    } finally {
      await server.close();
    }
  });

  it('counts exactly maxResponses when one read brings more than that', async () => {
    const server = await startServer(() => OK);
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, pipelining: 10, maxResponses: 5, durationMs: 5000 });
      expect(result.responses).to.equal(5);
      expect(result.statuses).to.deep.equal({ '200': 5 });
    } finally {
      await server.close();
    }
  });

  it('ends the run as soon as its signal aborts, even during the warm-up', async () => {
    const server = await startServer(() => OK);
    try {
      const interrupt = new AbortController();
      setTimeout(() => interrupt.abort(), 200);
      const started = Date.now();
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, warmupMs: 10_000, durationMs: 10_000, signal: interrupt.signal });
      expect(Date.now() - started).to.be.below(2000);
      expect(result.responses).to.be.above(0);
    } finally {
      await server.close();
    }
  });

  it('sends the method, headers and body it was given', async () => {
    let seen = '';
    const server = await startServer((_n, head) => {
      seen = head;
      return OK;
    });
    try {
      await runLoad({
        url: `http://127.0.0.1:${server.port}/echo?a=1`,
        connections: 1,
        method: 'POST',
        headers: [['Content-Type', 'application/json']],
        body: Buffer.from('{"k":"v"}'),
        maxResponses: 3,
        durationMs: 5000,
      });
      expect(seen).to.match(/^POST \/echo\?a=1 HTTP\/1\.1\r\n/);
      expect(seen).to.match(/\r\nContent-Type: application\/json\r\n/);
      expect(seen).to.match(/\r\nContent-Length: 9$/);
    } finally {
      await server.close();
    }
  });

  it('loads an IPv6 literal, with the port in the Host header and the query string in the target', async () => {
    let seen = '';
    const server = await startServer((_n, head) => {
      seen = head;
      return OK;
    }, '::1');
    try {
      const result = await runLoad({ url: `http://[::1]:${server.port}/a/b?c=1&d`, connections: 1, maxResponses: 3, durationMs: 5000 });
      expect(result.responses).to.equal(3);
      expect(seen).to.equal(`GET /a/b?c=1&d HTTP/1.1\r\nHost: [::1]:${server.port}`);
    } finally {
      await server.close();
    }
  });

  it('opens a new connection after each "Connection: close" response without counting an error', async () => {
    const server = await startServer(() => 'HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok');
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 2, maxResponses: 50, durationMs: 5000 });
      expect(result.responses).to.be.at.least(50);
      expect(result.errorCount, JSON.stringify(result.errors)).to.equal(0);
    } finally {
      await server.close();
    }
  });

  it('counts nothing that follows a "Connection: close" response in the same read', async () => {
    // RFC 9112 §9.6: the client reads no further than the response that carries "close".
    const server = await startServer(() => `HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok${OK}`);
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, durationMs: 300 });
      expect(result.responses).to.be.above(0);
      expect(result.responses).to.be.at.most(server.heads());
    } finally {
      await server.close();
    }
  });

  it('counts one framing error per answer that is not HTTP, not one per line of it', async () => {
    const server = await startServer(() => 'not http\r\nstill not\r\nnor this\r\n');
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, durationMs: 300 });
      expect(result.errors.framing).to.be.above(0);
      expect(result.errors.framing).to.be.at.most(server.heads());
    } finally {
      await server.close();
    }
  });

  it('counts no response for a close-delimited body cut off by a timeout', async () => {
    // The only connection gets a body that runs to the close (RFC 9112 §6.3) and no close;
    // the listener is gone by the time the timeout replaces it, so the next connect fails.
    const server = net.createServer((socket) => {
      server.close();
      socket.on('error', () => socket.destroy());
      socket.once('data', () => socket.write('HTTP/1.1 200 OK\r\n\r\nnever ends'));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const port = (server.address() as net.AddressInfo).port;
    const result = await runLoad({ url: `http://127.0.0.1:${port}/`, connections: 1, durationMs: 400, timeoutMs: 100 });
    expect(result.errors.timeout).to.equal(1);
    expect(result.responses).to.equal(0);
  });

  it('reports the requests still unanswered when the run ends, counted nowhere else', async () => {
    const server = await startServer(() => '');
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 3, pipelining: 2, durationMs: 300 });
      expect([result.responses, result.errorCount, result.inFlightAtEnd]).to.deep.equal([0, 0, 6]);
    } finally {
      await server.close();
    }
  });

  it('counts connect errors when nothing listens, and no responses', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', () => r()));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const result = await runLoad({ url: `http://127.0.0.1:${port}/`, connections: 2, durationMs: 300 });
    expect(result.responses).to.equal(0);
    expect(result.errors.connect).to.be.at.least(2);
  });

  it('counts a framing error when the server does not speak HTTP', async () => {
    const server = await startServer(() => 'SSH-2.0-nope\r\n\r\n');
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, durationMs: 300 });
      expect(result.responses).to.equal(0);
      expect(result.errors.framing).to.be.at.least(1);
      expect(result.framingError).to.match(/HTTP\/1\.x/);
    } finally {
      await server.close();
    }
  });

  it('counts a timeout when the server never answers', async () => {
    const server = await startServer(() => '');
    try {
      const result = await runLoad({ url: `http://127.0.0.1:${server.port}/`, connections: 1, durationMs: 600, timeoutMs: 150 });
      expect(result.responses).to.equal(0);
      expect(result.errors.timeout).to.be.at.least(1);
    } finally {
      await server.close();
    }
  });
});
