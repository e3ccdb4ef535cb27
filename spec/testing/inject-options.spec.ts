/**
 * inject() options a test passes by habit from light-my-request (Fastify's inject), supertest
 * or axios. Each case was silently wrong: an option ignored, a header sent as "undefined", or
 * a TypeError from inside inject() that named nothing the test wrote.
 */
import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { inject, type InjectOptions } from '../../src/testing/inject';

describe('inject() options', () => {
  const server = new HttpServer(async (req, res) => {
    const body = await req.body();
    res.json({
      url: req.url,
      authorization: req.header('authorization') ?? null,
      framing: req.header('transfer-encoding') ?? `length ${req.header('content-length') ?? 'none'}`,
      body: body.toString('latin1'),
    });
  }, { onError: () => {} });

  /** Echoes the Content-Type and the body it got. */
  const typed = new HttpServer(async (req, res) => {
    res.json({ type: req.header('content-type') ?? null, body: (await req.body()).toString('latin1') });
  }, { onError: () => {} });

  const refusal = async (options: unknown): Promise<Error | undefined> => {
    try {
      await inject(server, options as InjectOptions);
    } catch (error) {
      return error as Error;
    }
    return undefined;
  };

  it('refuses light-my-request\'s payload option, saying to pass the body as body (regression: the request went without a body)', async () => {
    const error = await refusal({ method: 'POST', url: '/', payload: { a: 1 } });
    expect(error).to.be.instanceOf(TypeError);
    expect(error!.message).to.contain('payload').and.contain('body');
  });

  it('refuses a query option, saying to put the query in the url (regression: the query was dropped)', async () => {
    const error = await refusal({ url: '/', query: { a: '1' } });
    expect(error).to.be.instanceOf(TypeError);
    expect(error!.message).to.contain('query').and.contain("url: '/path?");
  });

  it('refuses a cookies option, saying to send a cookie header (regression: the cookies were dropped)', async () => {
    const error = await refusal({ url: '/', cookies: { sid: 'x' } });
    expect(error).to.be.instanceOf(TypeError);
    expect(error!.message).to.contain('cookies').and.contain('cookie');
  });

  it('refuses a missing url with a TypeError that names the url option', async () => {
    const error = await refusal({ method: 'GET' });
    expect(error).to.be.instanceOf(TypeError);
    expect(error!.message).to.match(/^inject: url/);
  });

  it('leaves out a header whose value is undefined, as axios does (regression: it was sent as the text "undefined")', async () => {
    const seen = (await inject(server, { url: '/', headers: { authorization: undefined } })).json<{ authorization: string | null }>();
    expect(seen.authorization).to.equal(null);
  });

  it('sends URLSearchParams as a form, with the Content-Type fetch gives it (regression: sent as the JSON {})', async () => {
    const res = await inject(typed, { method: 'POST', url: '/', body: new URLSearchParams({ a: '1', b: 'x y' }) });
    expect(res.json()).to.deep.equal({ type: 'application/x-www-form-urlencoded;charset=UTF-8', body: 'a=1&b=x+y' });
  });

  it('sends a Blob as its bytes, with its type as Content-Type', async () => {
    const res = await inject(typed, { method: 'POST', url: '/', body: new Blob(['<p>hi</p>'], { type: 'text/html' }) });
    expect(res.json()).to.deep.equal({ type: 'text/html', body: '<p>hi</p>' });
  });

  it('sends a FormData as multipart/form-data with its boundary, as fetch encodes it', async () => {
    const fd = new FormData();
    fd.append('note', 'hello');
    const res = (await inject(typed, { method: 'POST', url: '/', body: fd })).json<{ type: string; body: string }>();
    const boundary = /^multipart\/form-data; boundary=(.+)$/.exec(res.type)?.[1];
    expect(boundary).to.be.a('string');
    expect(res.body).to.equal(`--${boundary}\r\nContent-Disposition: form-data; name="note"\r\n\r\nhello\r\n--${boundary}--\r\n`);
  });

  it('sends no body for body: null, as fetch does (regression: a TypeError from inside inject)', async () => {
    const seen = (await inject(server, { method: 'POST', url: '/', body: null })).json<{ framing: string; body: string }>();
    expect(seen).to.deep.equal({ url: '/', authorization: null, framing: 'length 0', body: '' });
  });
});
