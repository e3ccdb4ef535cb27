/**
 * What a response puts on the wire, probed as node:http's and Fastify's users would: raw bytes
 * read back from a real server on port 0, a second request pipelined behind each answer so a
 * framing error shows as a broken next answer (RFC 9112 §6.3, §9.3.2).
 */
import { expect } from 'chai';
import { Readable } from 'node:stream';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient } from './support/raw-client';
import { reportingServer } from './support/reporting-server';

describe('Response: on the wire', () => {
  const { serve, reported } = reportingServer();

  /** the answer to `method /` and to a GET /next pipelined behind it, raw text included. */
  async function exchange(port: number, method = 'GET', version = '1.1'): Promise<RawClient> {
    const c = await RawClient.connect(port, { methods: [method, 'GET'] });
    c.write(`${method} / HTTP/${version}\r\nHost: x\r\n${version === '1.0' ? 'Connection: keep-alive\r\n' : ''}\r\nGET /next HTTP/${version}\r\nHost: x\r\n\r\n`);
    return c;
  }

  describe('205 Reset Content (RFC 9110 §15.3.6: a server MUST NOT generate content in it)', () => {
    const senders: [string, (res: Response) => void][] = [
      ['send(string)', (res) => res.send('form reset')],
      ['send(Buffer)', (res) => res.send(Buffer.from('form reset'))],
      ['json()', (res) => res.json({ reset: true })],
      ['write()/end()', (res) => (res.write('form '), res.end('reset'))],
      ['send(stream)', (res) => res.send(Readable.from(['form ', 'reset']))],
    ];
    for (const [how, send] of senders) {
      it(`sends no body, and Content-Length: 0, when a 205 is answered with ${how}`, async () => {
        const port = await serve((req, res) => {
          res.status(205);
          send(res);
        });
        const c = await exchange(port);
        const [reset, next] = await c.responsesCount(2);
        expect(reset.statusCode).to.equal(205);
        expect(reset.headers['content-length']).to.equal('0');
        expect(reset.headers['transfer-encoding']).to.equal(undefined);
        expect(reset.body.length).to.equal(0);
        expect(next.body.toString()).to.equal('next');
        expect(c.raw).not.to.contain('reset');
        c.destroy();
      });
    }
  });

  describe('send() after write()', () => {
    it('streams a Readable given to send() after write() as the rest of the body (regression: the answer never ended)', async () => {
      const port = await serve((req, res) => {
        res.write('head-');
        res.send(Readable.from(['middle-', 'tail']));
      });
      const c = await exchange(port);
      const [first, next] = await c.responsesCount(2);
      expect(first.body.toString()).to.equal('head-middle-tail');
      expect(next.body.toString()).to.equal('next');
      c.destroy();
    });

    it('calls a Sendable given to send() after write(), which may finish the body (regression: the answer never ended)', async () => {
      const port = await serve((req, res) => {
        res.write('head-');
        res.send({ sendTo: (_req: Request, r: Response) => r.end('tail') });
      });
      const c = await exchange(port);
      const [first, next] = await c.responsesCount(2);
      expect(first.body.toString()).to.equal('head-tail');
      expect(next.body.toString()).to.equal('next');
      c.destroy();
    });

    it('throws a TypeError from send() of a value that is not a body after write(), and cuts the unfinished answer instead of hanging', async () => {
      let thrown: unknown;
      const port = await serve((req, res) => {
        res.write('head-');
        try {
          res.send(42 as never);
        } catch (err) {
          thrown = err;
          throw err;
        }
      });
      const c = await exchange(port);
      await c.closedByServer();
      expect(thrown).to.be.instanceOf(TypeError);
      expect(c.finals).to.have.length(0); // the chunked body never got its last chunk
      expect(c.raw).not.to.contain('next');
    });
  });

  describe('Connection options set by the handler', () => {
    it('keeps the "upgrade" option next to an Upgrade field (RFC 9110 §7.8: a sender of Upgrade MUST send it), and keeps the connection', async () => {
      const port = await serve((req, res) => {
        res.status(426);
        res.setHeader('Upgrade', 'TLS/1.3, HTTP/1.1');
        res.setHeader('Connection', 'Upgrade');
        res.send('use TLS');
      });
      const c = await exchange(port);
      const [first, next] = await c.responsesCount(2);
      expect(first.headers.connection).to.equal('Upgrade');
      expect(next.body.toString()).to.equal('next');
      c.destroy();
    });

    it('sends the handler\'s other options together with close when the handler asks to close', async () => {
      const port = await serve((req, res) => {
        res.setHeader('Upgrade', 'h2c');
        res.setHeader('Connection', 'upgrade, close');
        res.send('bye');
      });
      const c = await exchange(port);
      await c.closedByServer();
      expect(c.finals).to.have.length(1);
      expect(c.finals[0].headers.connection).to.equal('upgrade, close');
    });

    it('sends the handler\'s other options together with keep-alive to an HTTP/1.0 keep-alive client, once each', async () => {
      const port = await serve((req, res) => {
        res.setHeader('Connection', ['keep-alive', 'Upgrade']);
        res.send('x');
      });
      const c = await exchange(port, 'GET', '1.0');
      const [first, next] = await c.responsesCount(2);
      expect(first.headers.connection).to.equal('Upgrade, keep-alive');
      expect(next.body.toString()).to.equal('next');
      c.destroy();
    });
  });

  it('reports bytes written past a Content-Length of 0, which are dropped (regression: dropped without a word)', async () => {
    const port = await serve((req, res) => {
      res.setHeader('Content-Length', '0');
      res.write('abc');
      res.end('def');
    });
    const c = await exchange(port);
    const [first, next] = await c.responsesCount(2);
    expect(first.body.length).to.equal(0);
    expect(next.body.toString()).to.equal('next');
    expect(reported).to.have.length(1);
    expect(String((reported[0] as Error).message)).to.contain('Content-Length');
    c.destroy();
  });

  it('never ends a chunked body early when the handler writes empty pieces', async () => {
    const port = await serve((req, res) => {
      res.write('a');
      res.write('');
      res.write(Buffer.alloc(0));
      res.write(new Uint8Array(0));
      res.end('b');
    });
    const c = await exchange(port);
    const [first, next] = await c.responsesCount(2);
    expect(first.headers['transfer-encoding']).to.equal('chunked');
    expect(first.body.toString()).to.equal('ab');
    expect(next.body.toString()).to.equal('next');
    expect(c.raw.match(/\r\n0\r\n\r\n/g)).to.have.length(1);
    c.destroy();
  });

  it('answers HEAD to a handler that writes a body with the head only, and the next answer stays intact', async () => {
    const port = await serve((req, res) => {
      res.write('abc');
      res.end('def');
    });
    const c = await exchange(port, 'HEAD');
    const [head, next] = await c.responsesCount(2);
    expect(head.body.length).to.equal(0);
    expect(c.raw).not.to.contain('abc');
    expect(next.body.toString()).to.equal('next');
    c.destroy();
  });

  it('ends a write()/end() body to an HTTP/1.0 keep-alive client by closing, never chunked (RFC 9112 §6.3)', async () => {
    const port = await serve((req, res) => {
      res.write('abc');
      res.end('def');
    });
    const c = await exchange(port, 'GET', '1.0');
    await c.closedByServer();
    expect(c.finals).to.have.length(1);
    expect(c.finals[0].closeDelimited).to.equal(true);
    expect(c.finals[0].headers.connection).to.equal('close');
    expect(c.finals[0].headers['transfer-encoding']).to.equal(undefined);
    expect(c.finals[0].body.toString()).to.equal('abcdef');
  });

  it('sends no second answer when the handler throws after it ended the first', async () => {
    const port = await serve((req, res) => {
      res.send('done');
      throw new Error('late');
    });
    const c = await exchange(port);
    const [first, next] = await c.responsesCount(2);
    expect(first.body.toString()).to.equal('done');
    expect(next.body.toString()).to.equal('next');
    expect(c.raw.match(/HTTP\/1\.1 /g)).to.have.length(2);
    c.destroy();
  });
});
