/**
 * inject() against a real socket: the same request through inject() and through fetch (a real
 * client on a real port) must reach the handler alike. Each case was a difference found in an
 * audit of inject().
 */
import { expect } from 'chai';
import { Readable } from 'node:stream';
import { HttpServer } from '../../src/http/server';
import { inject } from '../../src/testing/inject';

interface Seen {
  method: string;
  url: string;
  ip: string;
  contentType: string | null;
  framing: string;
  body: string;
}

describe('inject() reaches the handler as a real client does', () => {
  const server = new HttpServer(async (req, res) => {
    const body = await req.body();
    const seen: Seen = {
      method: req.method,
      url: req.url,
      ip: req.remoteAddress,
      contentType: req.header('content-type') ?? null,
      framing: req.header('transfer-encoding') ?? `length ${req.header('content-length') ?? 'none'}`,
      body: body.toString('latin1'),
    };
    res.json(seen);
  }, { onError: () => {} });
  let origin: string;
  before(async () => {
    origin = `http://127.0.0.1:${(await server.listen(0, '127.0.0.1')).port}`;
  });
  after(() => server.close({ timeoutMs: 100 }));

  const viaInject = async (options: Parameters<typeof inject>[1]): Promise<Seen> => (await inject(server, options)).json<Seen>();
  const viaFetch = async (url: string, init: RequestInit & { duplex?: 'half' } = {}): Promise<Seen> =>
    (await fetch(origin + url, { ...init, headers: { connection: 'close', ...init.headers } })).json() as Promise<Seen>;

  it('upper-cases a lower-case method, as fetch and light-my-request do', async () => {
    expect((await viaInject({ method: 'post', url: '/' })).method).to.equal((await viaFetch('/', { method: 'post' })).method);
  });

  it('percent-encodes spaces and non-ASCII characters in the url, as a client does', async () => {
    const url = '/a b/é?q=x y&r=ü';
    expect((await viaInject({ url })).url).to.equal((await viaFetch(url)).url);
  });

  it('leaves the fragment out of the request, as a client does', async () => {
    expect((await viaInject({ url: '/a?b=1#c' })).url).to.equal((await viaFetch('/a?b=1#c')).url);
  });

  it('gives the handler the loopback address a local socket has', async () => {
    expect((await viaInject({ url: '/' })).ip).to.equal((await viaFetch('/')).ip);
  });

  it('sends an ArrayBuffer or any typed array as its bytes', async () => {
    for (const body of [new Uint8Array([104, 105]).buffer, new Uint16Array([0x6968]), new DataView(new Uint8Array([104, 105]).buffer)]) {
      expect(await viaInject({ method: 'POST', url: '/', body })).to.deep.equal(await viaFetch('/', { method: 'POST', body }));
    }
  });

  it('sends a stream body chunked, as fetch does', async () => {
    const got = await viaInject({ method: 'POST', url: '/', body: Readable.from([Buffer.from('ab'), Buffer.from('cd')]) });
    const want = await viaFetch('/', { method: 'POST', body: Readable.toWeb(Readable.from([Buffer.from('ab'), Buffer.from('cd')])) as ReadableStream, duplex: 'half' });
    expect(got).to.deep.equal(want);
  });

  it('frames the body in chunks when the caller sets Transfer-Encoding: chunked', async () => {
    const got = await viaInject({ method: 'POST', url: '/', body: 'abc', headers: { 'transfer-encoding': 'chunked' } });
    expect([got.framing, got.body]).to.deep.equal(['chunked', 'abc']);
  });
});

describe('inject() refuses what would split the request', () => {
  const server = new HttpServer((_req, res) => res.end('ok'), { onError: () => {} });
  const refusal = async (options: Parameters<typeof inject>[1]): Promise<unknown> => {
    try {
      await inject(server, options);
    } catch (err) {
      return err;
    }
    return undefined;
  };

  it('throws for a url with CR or LF', async () => {
    expect(await refusal({ url: '/a HTTP/1.1\r\nX-Smuggled: 1\r\nX-B: /' })).to.be.instanceOf(TypeError);
  });

  it('throws for a method that is not a token', async () => {
    expect(await refusal({ method: 'GET / HTTP/1.1\r\nHost: x\r\n\r\nGET', url: '/' })).to.be.instanceOf(TypeError);
  });
});

describe('inject() and a handler that never answers', () => {
  let aborted = false;
  const server = new HttpServer((req) => {
    req.signal.addEventListener('abort', () => (aborted = true));
  }, { onError: () => {} });

  it('rejects after timeoutMs with an error naming the request', async () => {
    let error: Error | undefined;
    try {
      await inject(server, { url: '/never', timeoutMs: 50 });
    } catch (err) {
      error = err as Error;
    }
    expect(error?.message).to.match(/GET \/never.*50 ms/);
  });

  it('closes the connection when it gives up, so the request is aborted and close() has nothing to wait for', async () => {
    await inject(server, { url: '/never', timeoutMs: 50 }).catch(() => {});
    await new Promise((resolve) => setImmediate(resolve));
    expect([aborted, server.connectionCount]).to.deep.equal([true, 0]);
  });

  it('refuses a timeoutMs that would fire at once (0, NaN) with a TypeError', async () => {
    for (const timeoutMs of [0, NaN, -1]) {
      const error = await inject(server, { url: '/', timeoutMs }).then(() => undefined, (err: Error) => err);
      expect(error, String(timeoutMs)).to.be.instanceOf(TypeError);
      expect(error!.message).to.contain('timeoutMs');
    }
  });

  it('waits without limit for timeoutMs: Infinity (setTimeout alone would fire after 1 ms)', async () => {
    const late = new HttpServer((_req, res) => void setTimeout(() => res.text('late'), 30));
    const res = await inject(late, { url: '/', timeoutMs: Infinity });
    expect(res.body).to.equal('late');
  });
});

describe('inject() with a stream body', () => {
  const server = new HttpServer(async (req, res) => {
    if (req.path === '/early') return res.text('not reading that', 403);
    res.send(await req.body());
  }, { onError: () => {} });

  it('rejects with the error of a body stream that fails', async () => {
    async function* failing() {
      yield 'a';
      throw new Error('disk gone');
    }
    const error = await inject(server, { method: 'POST', url: '/', body: failing() }).then(() => undefined, (err: Error) => err);
    expect(error?.message).to.equal('disk gone');
  });

  it('stops sending once the server has answered', async () => {
    let sent = 0;
    async function* endless() {
      for (;;) {
        sent++;
        yield 'x';
        await new Promise((resolve) => setImmediate(resolve));
      }
    }
    const res = await inject(server, { method: 'POST', url: '/early', body: endless() });
    const after = sent;
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect([res.statusCode, sent]).to.deep.equal([403, after]);
  });
});
