import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Headers, Ip, Param, Query, Req, Res } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { Request } from '../../src/http/request';
import { Response } from '../../src/http/response';
import { DefaultValuePipe, ParseIntPipe } from '../../src/core/pipes/parse-pipes';
import type { ArgumentMetadata, PipeTransform } from '../../src/core/pipes/pipe';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Injectable()
class Multiplier {
  readonly factor = 3;
}

let timesPipesBuilt = 0;

@Injectable()
class TimesPipe implements PipeTransform {
  constructor(private readonly multiplier: Multiplier) {
    timesPipesBuilt++;
  }
  transform(value: number) {
    return value * this.multiplier.factor;
  }
}

class SuffixPipe implements PipeTransform {
  constructor(private readonly suffix: string) {}
  transform(value: unknown, metadata: ArgumentMetadata) {
    return `${String(value)}${this.suffix}:${metadata.type}:${metadata.data}`;
  }
}

class AsyncUpperPipe implements PipeTransform {
  async transform(value: string) {
    return value.toUpperCase();
  }
}

@Controller('p')
class ParamsController {
  @Get('one/:id')
  one(@Param('id') id: string) {
    return { id, type: typeof id };
  }
  @Get('all/:a/:b')
  all(@Param() params: Record<string, string>) {
    return { ...params };
  }
  @Get('int/:n')
  int(@Param('n', ParseIntPipe) n: number) {
    return { n, type: typeof n };
  }
  @Get('di/:n')
  di(@Param('n', ParseIntPipe, TimesPipe) n: number) {
    return { n };
  }
  @Get('di-again/:n')
  diAgain(@Param('n', ParseIntPipe, TimesPipe) n: number) {
    return { n };
  }
  @Get('instance/:v')
  instance(@Param('v', new SuffixPipe('!')) v: string) {
    return { v };
  }
  @Get('async/:v')
  async(@Param('v', AsyncUpperPipe) v: string, @Query('q') q: string) {
    return { v, q };
  }
  @Get('query')
  query(@Query('page', new DefaultValuePipe('1'), ParseIntPipe) page: number, @Query() all: Record<string, unknown>) {
    return { page, all: { ...all } };
  }
  @Get('headers')
  headers(@Headers('X-Token') token: string, @Headers() all: Record<string, string>) {
    return { token, agent: all['user-agent'] };
  }
  @Get('req')
  req(@Req() req: Request) {
    return { method: req.method, url: req.url, isRequest: req instanceof Request };
  }
  @Get('typed')
  typed(req: Request, @Query('x') x: string) {
    return { path: req.path, x };
  }
  @Get('res')
  res(@Res() res: Response) {
    res.status(202).setHeader('X-Manual', 'yes');
    res.text('manual');
    return { ignored: true };
  }
  @Get('typed-res')
  typedRes(res: Response) {
    res.json({ typed: true }, 200);
  }
  @Get('ip')
  ip(@Ip() ip: string) {
    return { ip };
  }
}

@Module({ controllers: [ParamsController], providers: [Multiplier] })
class AppModule {}

describe('parameters', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule);
  });
  after(() => app.close());

  it('passes a named route parameter as a string', async () => {
    expect((await app.inject({ url: '/p/one/abc' })).json()).to.deep.equal({ id: 'abc', type: 'string' });
  });

  it('percent-decodes route parameters', async () => {
    expect((await app.inject({ url: '/p/one/a%20b%C3%A9' })).json()).to.deep.equal({ id: 'a bé', type: 'string' });
  });

  it('passes all route parameters with @Param()', async () => {
    expect((await app.inject({ url: '/p/all/x/y' })).json()).to.deep.equal({ a: 'x', b: 'y' });
  });

  it('converts with a pipe class given after the name', async () => {
    expect((await app.inject({ url: '/p/int/12' })).json()).to.deep.equal({ n: 12, type: 'number' });
  });

  it('answers 400 naming the parameter when a pipe refuses the value', async () => {
    const res = await app.inject({ url: '/p/int/12abc' });
    expect(res.statusCode).to.equal(400);
    expect(res.json()).to.deep.equal({
      statusCode: 400, error: 'Bad Request', message: "Validation failed for param 'n' (numeric string is expected)",
    });
  });

  it('builds an @Injectable pipe class through DI, in order after the others', async () => {
    expect((await app.inject({ url: '/p/di/5' })).json()).to.deep.equal({ n: 15 });
  });

  it('builds a pipe class once at bootstrap, however many parameters use it', async () => {
    const before = timesPipesBuilt;
    await app.inject({ url: '/p/di/1' });
    await app.inject({ url: '/p/di-again/2' });
    expect(timesPipesBuilt).to.equal(before);
    expect(before).to.equal(1);
  });

  it('uses a pipe instance as given, with the argument metadata', async () => {
    expect((await app.inject({ url: '/p/instance/v' })).json()).to.deep.equal({ v: 'v!:param:v' });
  });

  it('awaits an asynchronous pipe', async () => {
    expect((await app.inject({ url: '/p/async/abc?q=1' })).json()).to.deep.equal({ v: 'ABC', q: '1' });
  });

  it('reads one query value and the whole query; DefaultValuePipe fills a missing one', async () => {
    expect((await app.inject({ url: '/p/query?page=4&tag=a&tag=b' })).json()).to.deep.equal({
      page: 4, all: { page: '4', tag: ['a', 'b'] },
    });
    expect((await app.inject({ url: '/p/query' })).json()).to.deep.equal({ page: 1, all: {} });
  });

  it('reads a header by name case-insensitively, and all headers', async () => {
    const res = await app.inject({ url: '/p/headers', headers: { 'x-token': 't1', 'User-Agent': 'spec' } });
    expect(res.json()).to.deep.equal({ token: 't1', agent: 'spec' });
  });

  it("injects the engine's Request with @Req()", async () => {
    expect((await app.inject({ url: '/p/req?z=1' })).json()).to.deep.equal({ method: 'GET', url: '/p/req?z=1', isRequest: true });
  });

  it('injects the Request into an undecorated parameter typed Request', async () => {
    expect((await app.inject({ url: '/p/typed?x=7' })).json()).to.deep.equal({ path: '/p/typed', x: '7' });
  });

  it('lets a handler with @Res() answer itself; its return value is not sent', async () => {
    const res = await app.inject({ url: '/p/res' });
    expect(res.statusCode).to.equal(202);
    expect(res.headers['x-manual']).to.equal('yes');
    expect(res.body).to.equal('manual');
  });

  it('injects the Response into an undecorated parameter typed Response', async () => {
    expect((await app.inject({ url: '/p/typed-res' })).json()).to.deep.equal({ typed: true });
  });

  it("gives @Ip() the peer's address over a real socket", async () => {
    const { port } = await app.listen(0);
    const res = await rawRequest(port, 'GET /p/ip HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(JSON.parse(res.body)).to.deep.equal({ ip: '127.0.0.1' });
  });
});
