/**
 * A streamed body whose length the handler declared (Content-Length, then write()/end() or a
 * stream) must be exactly that long: the client frames the answer by it (RFC 9112 §6.3), so a
 * wrong length desynchronises the connection — a short body swallows the next answer, a long
 * one is read as the next answer.
 */
import { expect } from 'chai';
import { PassThrough } from 'node:stream';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { injectRaw } from '../../src/testing/inject';
import { readResponses } from '../../src/testing/response-reader';
import { RawClient } from './support/raw-client';
import { reportingServer } from './support/reporting-server';

describe('Response: a declared Content-Length', () => {
  const { serve, reported } = reportingServer();

  const twoRequests = 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /next HTTP/1.1\r\nHost: x\r\n\r\n';

  it('closes the connection after a body that ends short of its Content-Length, so the next answer is never read as its rest', async () => {
    const port = await serve((req, res) => {
      res.setHeader('Content-Length', '10');
      res.write('abc');
      res.end();
    });
    const c = await RawClient.connect(port);
    c.write(twoRequests);
    await c.closedByServer();
    expect(c.raw).to.contain('abc');
    expect(c.raw).not.to.contain('next');
    expect(c.finals).to.have.length(0); // the client sees an incomplete answer, not a wrong one
    expect(reported).to.have.length(1);
  });

  it('closes the connection after a stream that ends short of its Content-Length', async () => {
    const port = await serve((req, res) => {
      res.setHeader('Content-Length', 10);
      const source = new PassThrough();
      res.send(source);
      source.end('abc');
    });
    const c = await RawClient.connect(port);
    c.write(twoRequests);
    await c.closedByServer();
    expect(c.finals).to.have.length(0);
    expect(c.raw).not.to.contain('next');
  });

  it('sends no more than the declared Content-Length when the handler writes more, and the next answer stays intact', async () => {
    const port = await serve((req, res) => {
      res.setHeader('Content-Length', '3');
      res.write('abcdef');
      res.end('ghi');
    });
    const c = await RawClient.connect(port);
    c.write(twoRequests);
    const rs = await c.responsesCount(2);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['abc', 'next']);
    expect(c.raw).not.to.contain('def');
    expect(c.error).to.equal(null);
    expect(reported).to.have.length(1);
    c.destroy();
  });

  it('counts the declared length in bytes, not characters', async () => {
    const raw = await injectRaw(new HttpServer((req, res) => {
      if (req.path === '/next') return res.text('next');
      res.setHeader('Content-Length', '4');
      res.write('é'); // two bytes
      res.end('é');
    }, { onError: () => {} }), twoRequests);
    const rs = readResponses(raw);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['éé', 'next']);
  });

  for (const bad of ['abc', '-1', '5, 6', '1e3', '']) {
    it(`frames a streamed body itself when the handler's Content-Length is not a number (${JSON.stringify(bad)})`, async () => {
      const raw = await injectRaw(new HttpServer((req, res) => {
        if (req.path === '/next') return res.text('next');
        res.setHeader('Content-Length', bad);
        res.write('ab');
        res.end('cd');
      }, { onError: () => {} }), twoRequests);
      const rs = readResponses(raw);
      expect(rs.map((r) => r.body.toString())).to.deep.equal(['abcd', 'next']);
      expect(rs[0].headers['content-length']).to.equal(undefined);
      expect(rs[0].headers['transfer-encoding']).to.equal('chunked');
    });
  }

  it('keeps the connection for the next request after a streamed body of exactly its Content-Length', async () => {
    const raw = await injectRaw(new HttpServer((req, res) => {
      if (req.path === '/next') return res.text('next');
      res.setHeader('Content-Length', '6');
      res.write('abc');
      res.end(Buffer.from('def'));
    }, { onError: () => {} }), twoRequests);
    const rs = readResponses(raw);
    expect(rs.map((r) => r.body.toString())).to.deep.equal(['abcdef', 'next']);
    expect(rs[0].headers['content-length']).to.equal('6');
  });
});
