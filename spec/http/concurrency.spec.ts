import { expect } from 'chai';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { RawClient, sleep, startServer } from './support/raw-client';

describe('HttpServer: many clients at once', () => {
  it('answers 200 keep-alive clients, each pipelining 5 requests, every response its own and in order', async () => {
    const { server, port } = await startServer(async (req: Request, res: Response) => {
      const id = req.header('x-id')!;
      // Handlers finish out of order (and some synchronously) to stress the ordering.
      const n = Number(id.split('-')[1]);
      if (n % 3 !== 0) await sleep((n * 7) % 5);
      if (req.method === 'POST') return res.send(await req.body());
      res.text(id);
    });
    const clients = await Promise.all(Array.from({ length: 200 }, () => RawClient.connect(port)));
    const expected: string[][] = [];
    clients.forEach((c, ci) => {
      const ids: string[] = [];
      let batch = '';
      for (let i = 0; i < 5; i++) {
        const id = `${ci}-${i}`;
        ids.push(id);
        batch += i === 2
          ? `POST /echo HTTP/1.1\r\nHost: x\r\nX-Id: ${id}\r\nContent-Length: ${id.length}\r\n\r\n${id}`
          : `GET /r?i=${i} HTTP/1.1\r\nHost: x\r\nX-Id: ${id}\r\n\r\n`;
      }
      expected.push(ids);
      c.write(batch);
    });
    const got = await Promise.all(clients.map((c) => c.responsesCount(5, 15000).then((rs) => rs.map((r) => r.body.toString()))));
    expect(got).to.deep.equal(expected);
    for (const c of clients) c.destroy();
    await server.close({ timeoutMs: 500 });
  });
});
