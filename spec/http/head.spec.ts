import { expect } from 'chai';
import { Readable } from 'node:stream';
import type { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, startServer } from './support/raw-client';

describe('Response: HEAD', () => {
  let server: HttpServer;
  let port: number;
  let streamRead = false;

  beforeEach(async () => {
    streamRead = false;
    ({ server, port } = await startServer((req: Request, res: Response) => {
      if (req.path === '/stream') {
        const source = new Readable({ read() { streamRead = true; this.push('x'); this.push(null); } });
        return res.send(source);
      }
      if (req.path === '/known') {
        res.setHeader('Content-Length', 1234);
        return res.end();
      }
      res.text('hello world');
    }));
  });
  afterEach(() => server.close({ timeoutMs: 100 }));

  it('answers HEAD with the headers of GET and no body, Content-Length included', async () => {
    const c = await RawClient.connect(port, { methods: ['HEAD', 'GET'] });
    c.write('HEAD / HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [head, get] = await c.responsesCount(2);
    expect(head.headers['content-length']).to.equal('11');
    expect(head.body.length).to.equal(0);
    expect(get.body.toString()).to.equal('hello world');
    c.destroy();
  });

  it('does not read a stream body for HEAD', async () => {
    const c = await RawClient.connect(port, { methods: ['HEAD', 'GET'] });
    c.write('HEAD /stream HTTP/1.1\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: x\r\n\r\n');
    const [head] = await c.responsesCount(2);
    expect(head.statusCode).to.equal(200);
    expect(streamRead).to.equal(false);
    c.destroy();
  });

  it('keeps a Content-Length the handler set for HEAD with no body', async () => {
    const c = await RawClient.connect(port, { methods: ['HEAD'] });
    c.write('HEAD /known HTTP/1.1\r\nHost: x\r\n\r\n');
    const [head] = await c.responsesCount(1);
    expect(head.headers['content-length']).to.equal('1234');
    c.destroy();
  });
});
