import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { BodyLimit } from '../../src/core/decorators/body-limit';
import { Catch, UseFilters } from '../../src/core/decorators/use-filters';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { HttpException, NotFoundException } from '../../src/core/exceptions/http-exception';
import type { ExceptionFilter } from '../../src/core/exceptions/exception-filter';
import type { ExecutionContext } from '../../src/core/guards/execution-context';
import { Body, Param, Res } from '../../src/core/decorators/params';
import { HttpError } from '../../src/http/errors';
import { PayloadTooLargeException } from '../../src/core/exceptions/http-exception';
import { Response } from '../../src/http/response';
import '../../src/http/send-file';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from './helpers';

class DomainError extends Error {}
class OtherError extends Error {}

@Injectable()
class ProblemFormat {
  readonly type = 'application/problem+json';
}

@Catch(DomainError)
@Injectable()
class DomainFilter implements ExceptionFilter<DomainError> {
  constructor(private readonly format: ProblemFormat) {}
  catch(error: DomainError, host: ExecutionContext) {
    const res = host.switchToHttp().getResponse();
    res.setHeader('Content-Type', this.format.type);
    res.json({ title: error.message, from: 'method' }, 422);
  }
}

@Catch(DomainError, OtherError)
class ClassFilter implements ExceptionFilter {
  catch(error: Error, host: ExecutionContext) {
    host.getResponse().json({ title: error.message, from: 'class' }, 409);
  }
}

@Catch(HttpException)
class GlobalHttpFilter implements ExceptionFilter<HttpException> {
  catch(error: HttpException, host: ExecutionContext) {
    host.getResponse().json({ wrapped: error.getResponse(), path: host.getRequest().path }, error.getStatus());
  }
}

@Catch()
class SilentFilter implements ExceptionFilter {
  catch() {
    // handles without answering: the default answer must still go out
  }
}

@Controller('f')
@UseFilters(ClassFilter)
class FilteredController {
  @Get('domain')
  @UseFilters(DomainFilter)
  domain() {
    throw new DomainError('rule broken');
  }
  @Get('other')
  @UseFilters(DomainFilter)
  other() {
    throw new OtherError('other rule');
  }
  @Get('http')
  http() {
    throw new NotFoundException('no such thing');
  }
  @Get('crash')
  async crash() {
    throw new Error('db password=hunter2');
  }
  @Get('html-then-throw')
  htmlThenThrow(@Res() res: Response) {
    res.setHeader('Content-Type', 'text/html');
    throw new Error('broke while rendering');
  }
  @Post('small')
  @BodyLimit(8)
  small(@Body() body: unknown) {
    return body;
  }
  @Get('item/:id')
  item(@Param('id') id: string) {
    return id;
  }
  @Get('missing-file')
  missingFile() {
    return Response.file(join(tmpdir(), 'wirework-no-such-file-7f3a.csv'));
  }
  @Get('silent')
  @UseFilters(new SilentFilter())
  silent() {
    throw new Error('swallowed');
  }
}

@Module({ controllers: [FilteredController], providers: [ProblemFormat] })
class AppModule {}

describe('exception filters', () => {
  let app: App;
  let logger: RecordingLogger;
  before(async () => {
    logger = recordingLogger();
    app = await makeApp(AppModule, { logger });
    app.useGlobalFilters(new GlobalHttpFilter());
  });
  after(() => app.close());
  beforeEach(() => {
    logger.lines.length = 0;
  });

  it('lets a method filter whose @Catch matches answer, built through DI', async () => {
    const res = await app.inject({ url: '/f/domain' });
    expect(res.statusCode).to.equal(422);
    expect(res.headers['content-type']).to.equal('application/problem+json');
    expect(res.json()).to.deep.equal({ title: 'rule broken', from: 'method' });
  });

  it('falls through to the class filter when the method filter does not match', async () => {
    const res = await app.inject({ url: '/f/other' });
    expect(res.statusCode).to.equal(409);
    expect(res.json()).to.deep.equal({ title: 'other rule', from: 'class' });
  });

  it('uses a global filter when no route filter matches', async () => {
    const res = await app.inject({ url: '/f/http' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({
      wrapped: { statusCode: 404, error: 'Not Found', message: 'no such thing' }, path: '/f/http',
    });
  });

  it('applies global filters to the 404 of an unknown path too', async () => {
    const res = await app.inject({ url: '/nowhere' });
    expect(res.json<{ path: string }>().path).to.equal('/nowhere');
  });

  it('hands the engine\'s body errors to @Catch(HttpException) filters (a body over the limit is a PayloadTooLargeException)', async () => {
    const res = await app.inject({ method: 'POST', url: '/f/small', headers: { 'content-type': 'application/json' }, body: '{"far":"too long for eight bytes"}' });
    expect(res.statusCode).to.equal(413);
    const body = res.json<{ wrapped: { statusCode: number; error: string }; path: string }>();
    expect(body.path).to.equal('/f/small');
    expect(body.wrapped).to.include({ statusCode: 413, error: 'Content Too Large' });
  });

  it('gives a filter the exception class of the engine error\'s status', async () => {
    let seen: unknown;
    @Catch(PayloadTooLargeException)
    class TooLarge implements ExceptionFilter<PayloadTooLargeException> {
      catch(error: PayloadTooLargeException, host: ExecutionContext) {
        seen = error;
        host.getResponse().json({ tooLarge: true }, 413);
      }
    }
    const local = await makeApp(AppModule, { logger: recordingLogger() });
    local.useGlobalFilters(new TooLarge());
    try {
      const res = await local.inject({ method: 'POST', url: '/f/small', headers: { 'content-type': 'application/json' }, body: '{"far":"too long for eight bytes"}' });
      expect(res.json()).to.deep.equal({ tooLarge: true });
      expect(seen).to.be.instanceOf(PayloadTooLargeException);
    } finally {
      await local.close();
    }
  });

  it('keeps the engine\'s HttpError, with its code, as the cause of the exception a filter sees', async () => {
    let seen: unknown;
    @Catch(HttpException)
    class Recorder implements ExceptionFilter<HttpException> {
      catch(error: HttpException, host: ExecutionContext) {
        seen = error;
        host.getResponse().json({ recorded: true }, error.getStatus());
      }
    }
    const local = await makeApp(AppModule, { logger: recordingLogger() });
    local.useGlobalFilters(new Recorder());
    try {
      const res = await local.inject({ url: '/f/item/%E0%A4%A' });
      expect(res.statusCode).to.equal(400);
      expect(res.json()).to.deep.equal({ recorded: true });
      expect(seen).to.be.instanceOf(HttpException);
      expect((seen as HttpException).getStatus()).to.equal(400);
      expect((seen as Error).cause).to.be.instanceOf(HttpError);
      expect(((seen as Error).cause as HttpError).code).to.equal('WW_ERR_BAD_PATH_ENCODING');
    } finally {
      await local.close();
    }
  });

  it('hands a missing Response.file to the filters as a NotFoundException, like any other 404', async () => {
    const res = await app.inject({ url: '/f/missing-file' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({
      wrapped: { statusCode: 404, error: 'Not Found', message: 'The file to send does not exist.' }, path: '/f/missing-file',
    });
  });

  it('answers 500 without internals for any other error, and logs it', async () => {
    const res = await app.inject({ url: '/f/crash' });
    expect(res.statusCode).to.equal(500);
    expect(res.json()).to.deep.equal({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
    expect(res.body).not.to.contain('hunter2');
    expect(logger.lines).to.have.length(1);
    expect(logger.lines[0].level).to.equal('error');
    expect(logger.lines[0].message).to.contain('GET /f/crash').and.contain('FilteredController.crash');
    expect((logger.lines[0].meta[0] as Error).message).to.equal('db password=hunter2');
  });

  it('sends the error body as JSON even when the handler had set another Content-Type', async () => {
    const res = await app.inject({ url: '/f/html-then-throw' });
    expect(res.statusCode).to.equal(500);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
  });

  it('still answers when a filter handled the error without responding', async () => {
    const res = await app.inject({ url: '/f/silent' });
    expect(res.statusCode).to.equal(500);
  });
});
