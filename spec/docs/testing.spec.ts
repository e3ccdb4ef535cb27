/**
 * docs/testing.md: its examples as written there (imports from the source instead of
 * 'wirework'); the page's own test suite runs here as it is. Keep the two in sync.
 */
import { expect } from 'chai';
import {
  createServer, App, Module, Controller, Get, Post, Body, Param, Injectable, NotFoundException, injectRaw, inject, Ip, Headers,
} from '../../src/index';

@Injectable()
export class GreetingsService {
  private readonly names = new Set(['ada']);
  greet(name: string) {
    if (!this.names.has(name)) throw new NotFoundException(`No one called ${name}`);
    return { greeting: `Hello, ${name}` };
  }
  add(name: string) { this.names.add(name); return { name }; }
}

@Controller('greetings')
export class GreetingsController {
  constructor(private readonly greetings: GreetingsService) {}
  @Get(':name') greet(@Param('name') name: string) { return this.greetings.greet(name); }
  @Post() add(@Body('name') name: string) { return this.greetings.add(name); }
}

@Module({ controllers: [GreetingsController], providers: [GreetingsService] })
export class GreetingsModule {}

describe('docs/testing.md', () => {
  // ---- the page's suite, as written ------------------------------------------------------------
  describe('greetings', function () {
    // close() after fetch waits out the 2 s drain grace of a just-answered keep-alive connection
    this.timeout(10_000);
    let app: App;
    beforeEach(async () => { app = await createServer(GreetingsModule, { logger: false }); });
    afterEach(() => app.close());

    it('greets someone it knows', async () => {
      const res = await app.inject({ url: '/greetings/ada' });
      expect(res.statusCode).to.equal(200);
      expect(res.json()).to.deep.equal({ greeting: 'Hello, ada' });
    });

    it('answers 404 for a stranger', async () => {
      const res = await app.inject({ url: '/greetings/bob' });
      expect(res.statusCode).to.equal(404);
      expect(res.json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'No one called bob' });
    });

    it('adds a name with a JSON body', async () => {
      const res = await app.inject({ method: 'POST', url: '/greetings', body: { name: 'bob' } });
      expect(res.statusCode).to.equal(201);
      expect((await app.inject({ url: '/greetings/bob' })).statusCode).to.equal(200);
    });

    // "Against a real port"
    it('serves over a real socket', async () => {
      const { port } = await app.listen(0, '127.0.0.1');
      const res = await fetch(`http://127.0.0.1:${port}/greetings/ada`);
      expect(res.status).to.equal(200);
      expect(await res.json()).to.deep.equal({ greeting: 'Hello, ada' });
    });
  });

  // ---- the rest of the page ----------------------------------------------------------------------
  describe('options and response fields', () => {
    @Controller('echo')
    class EchoController {
      @Get() headers(@Headers() headers: Record<string, string>, @Ip() ip: string) { return { headers, ip }; }
      @Post() body(@Body() body: unknown, @Headers('content-type') type: string, @Headers('content-length') length: string) {
        return { body: Buffer.isBuffer(body) ? `bytes:${body.length}` : body ?? null, type: type ?? null, length };
      }
      @Get('cookies') cookies(@Param() _p: unknown) { return undefined; }
    }
    @Module({ controllers: [EchoController] }) class EchoModule {}
    let app: App;
    beforeEach(async () => { app = await createServer(EchoModule, { logger: false }); });
    afterEach(() => app.close());

    it('adds host: localhost, repeats an array header, and passes remoteAddress', async () => {
      const res = await app.inject({ url: '/echo', headers: { 'x-tag': ['a', 'b'] }, remoteAddress: '10.0.0.7' });
      const { headers, ip } = res.json<{ headers: Record<string, string>; ip: string }>();
      expect(headers.host).to.equal('localhost');
      expect(headers['x-tag']).to.equal('a, b');
      expect(ip).to.equal('10.0.0.7');
      expect(res.statusMessage).to.equal('OK');
    });

    it('sends an object as JSON, a string as is, and Content-Length: 0 for an empty POST', async () => {
      expect((await app.inject({ method: 'POST', url: '/echo', body: { a: 1 } })).json()).to.deep.equal({ body: { a: 1 }, type: 'application/json', length: '7' });
      expect((await app.inject({ method: 'POST', url: '/echo', body: 'hi', headers: { 'content-type': 'text/plain' } })).json())
        .to.deep.equal({ body: 'hi', type: 'text/plain', length: '2' });
      expect((await app.inject({ method: 'POST', url: '/echo' })).json()).to.deep.equal({ body: null, type: null, length: '0' });
    });

    it('throws for a header value that would split the request', async () => {
      let error: unknown;
      try {
        await app.inject({ url: '/echo', headers: { 'x-evil': 'a\r\nx-injected: 1' } });
      } catch (e) {
        error = e;
      }
      expect(error).to.be.instanceOf(Error);
    });

    it('gives an empty body for HEAD and 204, and the bytes in rawBody', async () => {
      expect((await app.inject({ method: 'HEAD', url: '/echo' })).body).to.equal('');
      expect((await app.inject({ url: '/echo/cookies' })).statusCode).to.equal(204);
      const res = await app.inject({ url: '/echo' });
      expect(Buffer.isBuffer(res.rawBody)).to.equal(true);
      expect(res.rawBody.toString('utf8')).to.equal(res.body);
    });

    it('is the same call as inject(app.getHttpServer(), options)', async () => {
      const res = await inject(app.getHttpServer(), { url: '/echo', remoteAddress: '10.0.0.8' });
      expect(res.json<{ ip: string }>().ip).to.equal('10.0.0.8');
    });
  });

  describe('replacing a provider', () => {
    it('injects the stand-in wherever the class is asked for (the page example)', async () => {
      const fake = { greet: (name: string) => ({ greeting: `Hi, ${name}` }), add: (name: string) => ({ name }) };

      @Module({ controllers: [GreetingsController], providers: [{ provide: GreetingsService, useValue: fake }] })
      class TestModule {}

      const app = await createServer(TestModule, { logger: false });
      const res = await app.inject({ url: '/greetings/zoe' });   // {"greeting":"Hi, zoe"}
      expect(res.json()).to.deep.equal({ greeting: 'Hi, zoe' });
      await app.close();
    });

    it('lets a later entry for the same token replace the real provider', async () => {
      @Module({
        controllers: [GreetingsController],
        providers: [GreetingsService, { provide: GreetingsService, useValue: { greet: () => 'stub' } }],
      })
      class TestModule {}
      const app = await createServer(TestModule, { logger: false });
      expect((await app.inject({ url: '/greetings/x' })).body).to.equal('stub');
      await app.close();
    });
  });

  describe('injectRaw', () => {
    let app: App;
    beforeEach(async () => { app = await createServer(GreetingsModule, { logger: false }); });
    afterEach(() => app.close());

    it('returns the engine answer to a request without Host (the page example)', async () => {
      const bytes = await injectRaw(app.getHttpServer(), 'GET /greetings/ada HTTP/1.1\r\n\r\n'); // no Host
      expect(bytes.toString('latin1').replace(/Date: [^\r]*\r\n/, 'Date: …\r\n')).to.equal(
        'HTTP/1.1 400 Bad Request\r\nDate: …\r\nContent-Type: text/plain\r\nContent-Length: 11\r\nConnection: close\r\n\r\nBad Request',
      );
    });

    it('returns every answer of pipelined requests once the server is quiet', async () => {
      const one = 'GET /greetings/ada HTTP/1.1\r\nHost: x\r\n\r\n';
      const bytes = await injectRaw(app.getHttpServer(), one + one);
      expect(bytes.toString('latin1').match(/HTTP\/1\.1 200 OK/g)).to.have.length(2);
    });

    it('with halfClose, lets the server see EOF and close after answering', async () => {
      const bytes = await injectRaw(app.getHttpServer(), 'GET /greetings/ada HTTP/1.1\r\nHost: x\r\n\r\n', { halfClose: true });
      expect(bytes.toString('latin1')).to.match(/^HTTP\/1\.1 200 OK\r\n/);
    });
  });
});
