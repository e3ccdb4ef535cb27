/**
 * The status of a final answer is 200..599 (RFC 9110 §15: values outside 100..599 are
 * invalid; §15.2: a 1xx is interim, a client waits for the final answer after it).
 */
import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { inject, injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import { RawClient, startServer } from './support/raw-client';

describe('Response: status codes', () => {
  for (const code of [100, 101, 103, 199, 600, 999]) {
    it(`throws a RangeError from res.status(${code}): it cannot be the status of a final answer`, async () => {
      let thrown: unknown;
      const res = await inject(new HttpServer((req, res) => {
        try {
          res.status(code);
        } catch (err) {
          thrown = err;
        }
        res.text('fine');
      }, { onError: () => {} }), { url: '/' });
      expect(thrown).to.be.instanceOf(RangeError);
      expect(res.statusCode).to.equal(200);
    });
  }

  for (const code of [100, 42, 2.5, 600, NaN]) {
    it(`answers 500 and reports the error when statusCode is set to ${code} directly`, async () => {
      const reported: unknown[] = [];
      const server = new HttpServer((req, res) => {
        res.statusCode = code;
        res.text('body');
      }, { onError: (err) => reported.push(err) });
      const raw = await injectRaw(server, 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      const rs = readResponses(raw);
      expect(rs.map((r) => r.statusCode)).to.deep.equal([500, 500]);
      expect(reported).to.have.length(2);
      expect(reported[0]).to.be.instanceOf(RangeError);
    });
  }

  it('never lets a 1xx set as the status be taken for the interim answer of a pipelined request', async () => {
    let port: number;
    let server: HttpServer;
    ({ server, port } = await startServer((req: Request, res: Response) => {
      if (req.path === '/interim') res.statusCode = 100;
      res.text(req.path);
    }));
    try {
      const c = await RawClient.connect(port);
      c.write('GET /interim HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n');
      const rs = await c.responsesCount(2);
      expect(c.responses.filter((r) => r.interim)).to.have.length(0);
      expect(rs.map((r) => [r.statusCode, r.body.toString()])).to.deep.equal([[500, 'Internal Server Error'], [200, '/next']]);
      c.destroy();
    } finally {
      await server.close({ timeoutMs: 100 });
    }
  });
});
