import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get } from '../../../src/core/decorators/route';
import { Res } from '../../../src/core/decorators/params';
import { Module } from '../../../src/core/di/module';
import type { ExceptionFilter } from '../../../src/core/exceptions/exception-filter';
import { ConflictException, TooManyRequestsException } from '../../../src/core/exceptions/http-exception';
import type { ExecutionContext } from '../../../src/core/guards/execution-context';
import type { Response } from '../../../src/http/response';
import type { App } from '../../../src/app/app';
import { makeApp, rawRequest, recordingLogger, type RecordingLogger } from '../../app/helpers';

@Controller('late')
class LateController {
  @Get('mid-body')
  midBody(@Res() res: Response) {
    res.write('abc');
    throw new Error('failed half-way');
  }

  @Get('mid-body-async')
  async midBodyAsync(@Res() res: Response) {
    res.write('abc');
    await null;
    throw new Error('failed half-way, later');
  }

  @Get('after-end')
  afterEnd(@Res() res: Response) {
    res.json({ sent: true });
    throw new Error('failed after the answer');
  }
}

@Module({ controllers: [LateController] })
class LateModule {}

class CatchAllFilter implements ExceptionFilter {
  calls = 0;
  catch(_error: unknown, host: ExecutionContext) {
    this.calls++;
    host.getResponse().json({ filtered: true }, 500);
  }
}

const get = (path: string) => `GET ${path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n`;
const errorsLogged = (logger: RecordingLogger) => logger.lines.filter((l) => l.level === 'error' || l.level === 'warn');
const settle = () => new Promise((resolve) => setTimeout(resolve, 20));

describe('ErrorResponder after the response started', () => {
  let app: App;
  let logger: RecordingLogger;
  let filter: CatchAllFilter;
  let port: number;
  beforeEach(async () => {
    logger = recordingLogger();
    filter = new CatchAllFilter();
    app = await makeApp(LateModule, { logger });
    app.useGlobalFilters(filter);
    ({ port } = await app.listen(0));
  });
  afterEach(() => app.close());

  it('does not hand an error to a filter once the head is out, so its answer is not glued onto the body', async () => {
    const res = await rawRequest(port, get('/late/mid-body'));
    expect(filter.calls).to.equal(0);
    expect(res.body).to.not.contain('filtered');
  });

  it('cuts a chunked body the handler failed in, without its last chunk (regression: a filter completed it)', async () => {
    const res = await rawRequest(port, get('/late/mid-body-async'));
    expect(res.body).to.equal('3\r\nabc\r\n');
  });

  it('logs an error thrown synchronously after the head went out once (regression: three times)', async () => {
    await rawRequest(port, get('/late/mid-body'));
    await settle();
    expect(errorsLogged(logger).map((l) => l.message)).to.have.length(1);
  });

  it('logs an error thrown after the answer was complete once, saying the response was already sent', async () => {
    const res = await rawRequest(port, get('/late/after-end'));
    await settle();
    expect(res.body).to.equal('{"sent":true}');
    const lines = errorsLogged(logger);
    expect(lines).to.have.length(1);
    expect(lines[0].message).to.contain('after the response was sent');
  });
});

@Controller('odd')
class OddBodyController {
  @Get('bigint')
  async bigint() {
    await null;
    throw new ConflictException({ code: 'taken', id: 10n });
  }
}

@Module({ controllers: [OddBodyController] })
class OddBodyModule {}

describe('ErrorResponder with an error body JSON cannot carry', () => {
  it('answers the JSON 500 and logs it, instead of the engine\'s plain-text 500', async () => {
    const logger = recordingLogger();
    const app = await makeApp(OddBodyModule, { logger });
    try {
      const res = await app.inject({ url: '/odd/bigint' });
      expect(res.statusCode).to.equal(500);
      expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
      expect(res.json()).to.deep.equal({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
      const lines = errorsLogged(logger);
      expect(lines).to.have.length(1);
      expect(lines[0].message).to.contain('OddBodyController.bigint');
    } finally {
      await app.close();
    }
  });
});

@Controller('busy')
class BusyController {
  @Get()
  busy() {
    throw new TooManyRequestsException('slow down', { headers: { 'Retry-After': '7' } });
  }
}

@Module({ controllers: [BusyController] })
class BusyModule {}

describe('ErrorResponder with an HttpException that carries header fields', () => {
  it('sends them with its JSON answer', async () => {
    const app = await makeApp(BusyModule);
    try {
      const res = await app.inject({ url: '/busy' });
      expect([res.statusCode, res.headers['retry-after'], res.headers['content-type']]).to.deep.equal([429, '7', 'application/json; charset=utf-8']);
    } finally {
      await app.close();
    }
  });
});
