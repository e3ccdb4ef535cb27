/**
 * docs/errors.md: its examples as written there (imports from the source instead of
 * 'wirework'), the error shapes it shows, and the engine statuses of its table, each sent as
 * raw bytes through the real parser. Keep the two in sync.
 */
import { expect } from 'chai';
import * as net from 'node:net';
import { format } from 'node:util';
import {
  Catch, HttpException, UseFilters, Controller, Get, Post, Body, Param, NotFoundException, ConflictException, Module,
  ServiceUnavailableException,
  createServer, injectRaw, App,
  type ExceptionFilter, type ExecutionContext,
} from '../../src/index';

// ---- "Exception filters" -----------------------------------------------------------------------
export class DomainError extends Error {}

@Catch(DomainError)
export class DomainErrorFilter implements ExceptionFilter<DomainError> {
  catch(error: DomainError, host: ExecutionContext) {
    host.getResponse().json({ problem: error.message, path: host.getRequest().path }, 422);
  }
}

@Catch(HttpException)
export class ProblemJsonFilter implements ExceptionFilter<HttpException> {
  catch(error: HttpException, host: ExecutionContext) {
    const res = host.getResponse();
    res.setHeader('Content-Type', 'application/problem+json');
    res.json({ status: error.getStatus(), title: error.message }, error.getStatus());
  }
}

@Controller('orders')
@UseFilters(DomainErrorFilter)
export class OrdersController {
  @Get(':id')
  find(@Param('id') id: string) {
    if (id === 'x') throw new DomainError('order x is archived');
    throw new NotFoundException(`No order ${id}`);
  }
}

// ---- "HttpException": each line of the example, one route each ---------------------------------
@Controller('throw')
class ThrowController {
  @Get('plain') plain() { throw new NotFoundException(); }
  @Get('message') message() { throw new NotFoundException('No todo with id 9'); }
  @Get('object') object() { throw new ConflictException({ code: 'EMAIL_TAKEN', email: 'ada@example.com' }); }
  @Get('teapot') teapot() { throw new HttpException(418, 'Short and stout'); }
  @Get('cause') cause() { const err = new Error('ECONNREFUSED'); throw new HttpException(503, 'Database down', { cause: err }); }
  @Get('retry') retry() { throw new ServiceUnavailableException('Try again soon', { headers: { 'Retry-After': '30' } }); }
  @Get('boom') boom() { throw new Error('connection refused'); }
  @Post('body') body(@Body() body: unknown) { return { got: body ?? null }; }
}

@Module({ controllers: [OrdersController, ThrowController] })
class AppModule {}

describe('docs/errors.md', () => {
  let app: App;
  let logged: unknown[][];
  beforeEach(async () => {
    logged = [];
    const capture = (...args: unknown[]) => { logged.push(args); };
    app = await createServer(AppModule, { logger: { log: capture, warn: capture, error: capture }, limits: { maxHeaderCount: 100 } });
  });
  afterEach(() => app.close());

  describe('HttpException', () => {
    it('answers each line of the example as the comments say', async () => {
      expect((await app.inject({ url: '/throw/plain' })).json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
      expect((await app.inject({ url: '/throw/message' })).json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'No todo with id 9' });
      const object = await app.inject({ url: '/throw/object' });
      expect(object.statusCode).to.equal(409);
      expect(object.json()).to.deep.equal({ code: 'EMAIL_TAKEN', email: 'ada@example.com' });
      const teapot = await app.inject({ url: '/throw/teapot' });
      expect(teapot.statusCode).to.equal(418);
      expect(teapot.json()).to.deep.equal({ statusCode: 418, error: "I'm a Teapot", message: 'Short and stout' });
      expect((await app.inject({ url: '/throw/cause' })).json()).to.deep.equal({ statusCode: 503, error: 'Service Unavailable', message: 'Database down' });
    });

    it('sends the headers an exception carries with its default answer', async () => {
      const res = await app.inject({ url: '/throw/retry' });
      expect(res.statusCode).to.equal(503);
      expect(res.headers['retry-after']).to.equal('30');
      expect(res.json()).to.deep.equal({ statusCode: 503, error: 'Service Unavailable', message: 'Try again soon' });
    });

    it('refuses a header value that could split the answer where the exception is made', () => {
      expect(() => new ServiceUnavailableException('x', { headers: { 'Retry-After': '30\r\nX-Evil: 1' } })).to.throw(TypeError);
    });

    it('keeps the cause on the exception and logs no HttpException', async () => {
      const error = new HttpException(503, 'Database down', { cause: new Error('ECONNREFUSED') });
      expect((error.cause as Error).message).to.equal('ECONNREFUSED');
      expect(error.getStatus()).to.equal(503);
      await app.inject({ url: '/throw/cause' });
      expect(logged).to.deep.equal([]);
    });
  });

  describe('a 500', () => {
    it('shows nothing of the error and logs it with the route', async () => {
      const res = await app.inject({ url: '/throw/boom' });
      expect(res.statusCode).to.equal(500);
      expect(res.json()).to.deep.equal({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
      expect(res.body).to.not.contain('connection refused');
      expect(logged).to.have.length(1);
      expect(logged[0][0]).to.equal('GET /throw/boom → 500: ThrowController.boom threw Error: connection refused');
      expect((logged[0][1] as Error).message).to.equal('connection refused');
    });

    it('prints the console line of the page with the default logger: the line, then the error and its stack', async () => {
      const printed: string[] = [];
      const original = console.error;
      console.error = (...args: unknown[]) => { printed.push(format(...args)); };
      const consoleApp = await createServer(AppModule);
      try {
        await consoleApp.inject({ url: '/throw/boom' });
      } finally {
        console.error = original;
        await consoleApp.close();
      }
      expect(printed).to.have.length(1);
      const [first, second] = printed[0].split('\n');
      expect(first).to.equal('[wirework] error GET /throw/boom → 500: ThrowController.boom threw Error: connection refused Error: connection refused');
      expect(second).to.match(/^ {4}at ThrowController\.boom /);
    });
  });

  describe('exception filters (the page example)', () => {
    it('answers a DomainError through the class filter', async () => {
      const res = await app.inject({ url: '/orders/x' });
      expect(res.statusCode).to.equal(422);
      expect(res.json()).to.deep.equal({ problem: 'order x is archived', path: '/orders/x' });
    });

    it('leaves other errors to the default answer when no filter matches', async () => {
      expect((await app.inject({ url: '/orders/7' })).json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'No order 7' });
    });

    it('answers HttpExceptions, 404 included, through the global filter', async () => {
      app.useGlobalFilters(new ProblemJsonFilter());
      const route = await app.inject({ url: '/orders/7' });
      expect(route.headers['content-type']).to.equal('application/problem+json');
      expect(route.json()).to.deep.equal({ status: 404, title: 'No order 7' });
      const unknown = await app.inject({ url: '/nope' });
      expect(unknown.statusCode).to.equal(404);
      expect(unknown.json()).to.deep.equal({ status: 404, title: 'Cannot GET /nope' });
      // the method/class filter still comes first
      expect((await app.inject({ url: '/orders/x' })).statusCode).to.equal(422);
    });

    it('sends the default answer when a filter does not answer, and the filter\'s own error when it throws', async () => {
      @Catch() class Silent implements ExceptionFilter { catch() {} }
      @Catch() class Rethrows implements ExceptionFilter { catch() { throw new HttpException(502, 'upstream'); } }
      @Controller() @UseFilters(Silent) class A { @Get('a') a() { throw new NotFoundException(); } }
      @Controller() @UseFilters(Rethrows) class B { @Get('b') b() { throw new Error('x'); } }
      @Module({ controllers: [A, B] }) class M {}
      const other = await createServer(M, { logger: false });
      try {
        expect((await other.inject({ url: '/a' })).statusCode).to.equal(404);
        const rethrown = await other.inject({ url: '/b' });
        expect(rethrown.statusCode).to.equal(502);
        expect(rethrown.json<{ message: string }>().message).to.equal('upstream');
      } finally {
        await other.close();
      }
    });
  });

  describe('engine statuses', () => {
    /** What the engine answered, without the Date line. */
    async function raw(bytes: string, server = app): Promise<string> {
      const answer = (await injectRaw(server.getHttpServer(), bytes)).toString('utf8');
      return answer.replace(/Date: [^\r]*\r\n/, '');
    }
    const plain = (status: string, reason: string) =>
      `HTTP/1.1 ${status} ${reason}\r\nContent-Type: text/plain\r\nContent-Length: ${reason.length}\r\nConnection: close\r\n\r\n${reason}`;

    it('answers a refused head with the plain-text reason and Connection: close', async () => {
      expect(await raw('GET / HTTP/1.1\r\n\r\n')).to.equal(plain('400', 'Bad Request')); // no Host
    });

    it('sends a Date line second in a refused head, as the 431 example shows', async () => {
      const answer = (await injectRaw(app.getHttpServer(), 'GET / HTTP/1.1\r\n\r\n')).toString('utf8');
      expect(answer.split('\r\n')[1]).to.match(/^Date: \w{3}, \d{2} \w{3} \d{4} \d{2}:\d{2}:\d{2} GMT$/);
    });

    it('answers 400 for the framing mistakes of the table', async () => {
      for (const request of [
        'GET / HTTP/1.1\nHost: x\n\n',
        'POST /throw/body HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n',
        'POST /throw/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n',
        'GET / HTTP/1.1\r\nHost: x\r\n folded\r\n\r\n',
      ]) {
        expect(await raw(request)).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      }
    });

    it('answers a body error the app read as JSON, and closes', async () => {
      const answer = await raw('POST /throw/body HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n');
      expect(answer).to.match(/^HTTP\/1\.1 400 Bad Request\r\n/);
      expect(answer).to.contain('Connection: close\r\n');
      expect(answer).to.contain('{"statusCode":400,"error":"Bad Request","message":"A chunk-size line or the CRLF after chunk data is malformed (RFC 9112 §7.1)."}');
    });

    it('answers 413 as JSON before reading a body whose Content-Length is over the limit', async () => {
      const small = await createServer(AppModule, { logger: false, bodyLimit: 10 });
      try {
        const answer = await raw('POST /throw/body HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 11\r\n\r\n', small);
        expect(answer).to.match(/^HTTP\/1\.1 413 Content Too Large\r\n/);
        expect(answer).to.contain('"error":"Content Too Large"');
      } finally {
        await small.close();
      }
    });

    it('answers 414, 431, 417, 501 and 505 as the table says', async () => {
      const limited = await createServer(AppModule, { logger: false, limits: { maxRequestLineBytes: 100, maxHeaderBytes: 200, maxHeaderCount: 5 } });
      try {
        expect(await raw(`GET /${'a'.repeat(200)} HTTP/1.1\r\nHost: x\r\n\r\n`, limited)).to.equal(plain('414', 'URI Too Long'));
        expect(await raw(`GET / HTTP/1.1\r\nHost: x\r\nX: ${'a'.repeat(300)}\r\n\r\n`, limited)).to.equal(plain('431', 'Request Header Fields Too Large'));
        expect(await raw('GET / HTTP/1.1\r\nHost: x\r\na: 1\r\nb: 1\r\nc: 1\r\nd: 1\r\ne: 1\r\n\r\n', limited)).to.equal(plain('431', 'Request Header Fields Too Large'));
      } finally {
        await limited.close();
      }
      expect(await raw('GET / HTTP/1.1\r\nHost: x\r\nExpect: something\r\n\r\n')).to.equal(plain('417', 'Expectation Failed'));
      expect(await raw('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).to.equal(plain('501', 'Not Implemented'));
      expect(await raw(`${'A'.repeat(33)} / HTTP/1.1\r\nHost: x\r\n\r\n`)).to.equal(plain('501', 'Not Implemented'));
      expect(await raw('POST /throw/body HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip, chunked\r\n\r\n')).to.equal(plain('501', 'Not Implemented'));
      expect(await raw('GET / HTTP/2.0\r\nHost: x\r\n\r\n')).to.equal(plain('505', 'HTTP Version Not Supported'));
      expect(await raw('GET /throw/plain HTTP/1.2\r\nHost: x\r\nConnection: close\r\n\r\n')).to.match(/^HTTP\/1\.1 404 /);
    });

    it('answers 408 when a head is not complete within headersTimeoutMs (real socket)', async () => {
      const slow = await createServer(AppModule, { logger: false, headersTimeoutMs: 200 });
      try {
        const { port } = await slow.listen(0, '127.0.0.1');
        const answer = await new Promise<string>((resolve, reject) => {
          const socket = net.connect(port, '127.0.0.1', () => socket.write('GET / HTTP/1.1\r\nHost: x\r\n'));
          let data = '';
          socket.on('data', (chunk) => { data += chunk.toString('latin1'); });
          socket.on('end', () => { socket.end(); resolve(data); });
          socket.on('error', reject);
        });
        expect(answer).to.match(/^HTTP\/1\.1 408 Request Timeout\r\n/);
        expect(answer).to.contain('Connection: close\r\n');
      } finally {
        await slow.close();
      }
    });
  });
});
