/**
 * Security review: a redirect built from request data. Where it points is the app's business
 * (an open redirect is a logic bug of the handler); what it must never do is split the
 * response, send bytes a browser reads as another URL, or answer 500 to ordinary text.
 * Nest on Express encodes the Location (encodeurl); so do we.
 */
import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Redirect } from '../../src/core/decorators/response';
import { Body, Query } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Controller()
class DocsController {
  // The example of docs/controllers.md, "Redirects": the URL takes a query value as it is.
  @Get('docs')
  @Redirect('https://example.com/docs')
  docs(@Query('v') v?: string) {
    if (v) return { url: `https://example.com/docs/${v}` };
  }
  @Post('go')
  @Redirect('/', 303)
  go(@Body('to') to: string) {
    return { url: to };
  }
}

@Module({ controllers: [DocsController] })
class RedirectModule {}

describe('security: redirects built from request data', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(RedirectModule);
    port = (await app.listen(0)).port;
  });
  after(() => app.close());

  const get = (query: string) => rawRequest(port, `GET /docs?v=${query} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`);

  it('percent-encodes CR and LF in a redirect URL instead of answering 500', async () => {
    const res = await get('a%0D%0ASet-Cookie:%20admin=1');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('https://example.com/docs/a%0D%0ASet-Cookie:%20admin=1');
    expect(res.head).not.to.match(/\r\nSet-Cookie/i);
  });

  it('sends non-ASCII in a redirect URL as UTF-8 percent-escapes, not as latin-1 bytes', async () => {
    const res = await get('caf%C3%A9');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('https://example.com/docs/caf%C3%A9');
  });

  it('redirects to a URL with characters beyond U+00FF instead of answering 500', async () => {
    const res = await get('%E6%97%A5%F0%9F%98%80');
    expect(res.status).to.equal(302);
    expect(res.headers.location).to.equal('https://example.com/docs/%E6%97%A5%F0%9F%98%80');
  });

  it('encodes spaces, quotes and angle brackets but keeps escapes and reserved characters as written', async () => {
    const res = await get('a%20b%22%3C%3E%2541%3Fx=1%26y%23top');
    expect(res.headers.location).to.equal('https://example.com/docs/a%20b%22%3C%3E%41?x=1&y#top');
  });

  it('encodes a percent sign that starts no escape', async () => {
    const res = await get('100%25zz');
    expect(res.headers.location).to.equal('https://example.com/docs/100%25zz');
  });

  it('redirects to a URL holding a lone surrogate (from a JSON string) with U+FFFD instead of answering 500', async () => {
    const body = '{"to":"/a\\ud800b"}';
    const res = await rawRequest(port, `POST /go HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    expect(res.status).to.equal(303);
    expect(res.headers.location).to.equal('/a%EF%BF%BDb');
  });
});
