import { expect } from 'chai';
import fc from 'fast-check';
import { HttpServer } from '../../src/http/server';
import { MemorySocket } from '../../src/testing/memory-socket';
import { ResponseReader, type RawResponse } from '../../src/testing/response-reader';

interface Req {
  method: 'GET' | 'HEAD' | 'POST';
  chunked: boolean;
  body: string;
  delay: number;
}

function encode(r: Req, id: number): string {
  let head = `${r.method} /r/${id} HTTP/1.1\r\nHost: x\r\nX-Delay: ${r.delay}\r\n`;
  if (r.method !== 'POST') return head + '\r\n';
  if (r.chunked) {
    const half = Math.floor(r.body.length / 2);
    const parts = [r.body.slice(0, half), r.body.slice(half)].filter((p) => p.length > 0);
    return head + 'Transfer-Encoding: chunked\r\n\r\n' + parts.map((p) => `${Buffer.byteLength(p).toString(16)}\r\n${p}\r\n`).join('') + '0\r\n\r\n';
  }
  head += `Content-Length: ${Buffer.byteLength(r.body)}\r\n\r\n`;
  return head + r.body;
}

/** Writes `bytes` cut at `cuts` (taken modulo its length), a piece per macrotask; then `sent()`. */
function sendInPieces(client: MemorySocket, bytes: Buffer, cuts: number[], sent: () => void): void {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let at = 0;
  const send = (): void => {
    const next = points.shift() ?? bytes.length;
    if (next > at) client.write(bytes.subarray(at, next));
    at = next;
    if (at < bytes.length) setImmediate(send);
    else sent();
  };
  send();
}

/** Sends `bytes` in the given pieces (a piece per macrotask) and collects the answers. */
function exchange(server: HttpServer, bytes: Buffer, cuts: number[], methods: string[], expected: number): Promise<RawResponse[]> {
  return new Promise((resolve, reject) => {
    const [client, serverSide] = MemorySocket.pair();
    server.handleConnection(serverSide);
    const reader = new ResponseReader(methods);
    const got: RawResponse[] = [];
    client.on('data', (chunk: Buffer) => {
      try {
        got.push(...reader.push(chunk).filter((r) => !r.interim));
      } catch (err) {
        reject(err);
      }
      if (got.length === expected) {
        client.destroy();
        resolve(got);
      }
    });
    client.on('end', () => reject(new Error(`closed after ${got.length} of ${expected} responses`)));
    sendInPieces(client, bytes, cuts, () => undefined);
  });
}

/** Sends and collects every answer until the server closes or stays quiet for a moment. */
function collectUntilClose(server: HttpServer, bytes: Buffer, cuts: number[], methods: string[]): Promise<{ responses: RawResponse[]; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const [client, serverSide] = MemorySocket.pair();
    server.handleConnection(serverSide);
    const reader = new ResponseReader(methods);
    const got: RawResponse[] = [];
    let quiet: NodeJS.Timeout | undefined;
    const done = (closed: boolean): void => {
      clearTimeout(quiet);
      client.destroy();
      resolve({ responses: got, closed });
    };
    const rearm = (): void => {
      clearTimeout(quiet);
      quiet = setTimeout(() => done(false), 60);
    };
    client.on('data', (chunk: Buffer) => {
      try {
        got.push(...reader.push(chunk).filter((r) => !r.interim));
      } catch (err) {
        reject(err);
      }
      rearm();
    });
    client.on('end', () => done(true));
    sendInPieces(client, bytes, cuts, rearm);
  });
}

describe('Connection: properties', () => {
  const server = new HttpServer(async (req, res) => {
    const delay = Number(req.header('x-delay'));
    const body = req.method === 'POST' ? (await req.body()).toString() : '';
    if (delay > 0) await new Promise((r) => setTimeout(r, delay));
    else if (delay < 0) await Promise.resolve();
    res.setHeader('X-Id', req.path);
    res.text(`${req.path}:${body}`);
  }, { onError: () => {} });

  it('answers any mix of pipelined GET/HEAD/POST, split anywhere, each with its own answer in order', async () => {
    const request = fc.record<Req>({
      method: fc.constantFrom('GET', 'HEAD', 'POST'),
      chunked: fc.boolean(),
      body: fc.string({ unit: fc.constantFrom('a', 'b', 'é', '\r', '\n', '0'), maxLength: 40 }),
      delay: fc.integer({ min: -1, max: 3 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 12 }), fc.array(fc.nat(), { maxLength: 6 }), async (reqs, cuts) => {
        const bytes = Buffer.from(reqs.map(encode).join(''), 'utf8');
        const got = await exchange(server, bytes, cuts, reqs.map((r) => r.method), reqs.length);
        got.forEach((res, i) => {
          expect(res.statusCode).to.equal(200);
          expect(res.headers['x-id']).to.equal(`/r/${i}`);
          const want = reqs[i].method === 'HEAD' ? '' : `/r/${i}:${reqs[i].method === 'POST' ? reqs[i].body : ''}`;
          expect(res.body.toString('utf8')).to.equal(want);
        });
      }),
      { numRuns: 60 },
    );
  });

  it('answers a correct prefix, then closes, when handlers skip bodies or a malformed request follows', async () => {
    const skipping = new HttpServer(async (req, res) => {
      const delay = Number(req.header('x-delay'));
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      res.setHeader('X-Id', req.path);
      res.text(req.path); // never reads the body
    }, { onError: () => {} });
    const request = fc.record<Req>({
      method: fc.constantFrom('GET', 'POST'),
      chunked: fc.boolean(),
      body: fc.string({ unit: fc.constantFrom('a', 'b', '\r', '\n'), maxLength: 200 }),
      delay: fc.integer({ min: 0, max: 2 }),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(request, { minLength: 1, maxLength: 8 }), fc.boolean(), fc.array(fc.nat(), { maxLength: 4 }), async (reqs, garbage, cuts) => {
        const text = reqs.map(encode).join('') + (garbage ? 'NOT HTTP\r\n\r\n' : '');
        const got = await collectUntilClose(skipping, Buffer.from(text, 'latin1'), cuts, reqs.map((r) => r.method));
        const finals = got.responses;
        const ok = finals.filter((r) => r.statusCode === 200);
        ok.forEach((res, i) => expect(res.headers['x-id']).to.equal(`/r/${i}`));
        const rest = finals.slice(ok.length);
        // After the answered prefix: at most one 400 (for the garbage), then the end.
        expect(rest.length).to.be.at.most(1);
        if (rest.length === 1) expect(rest[0].statusCode).to.equal(400);
        if (ok.length < reqs.length || garbage) expect(got.closed).to.equal(true);
      }),
      { numRuns: 40 },
    );
  });
});
