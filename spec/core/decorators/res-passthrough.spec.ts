import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get, Post } from '../../../src/core/decorators/route';
import { Header, HttpCode } from '../../../src/core/decorators/response';
import { Res } from '../../../src/core/decorators/params';
import { UseInterceptors } from '../../../src/core/decorators/use-interceptors';
import { Module } from '../../../src/core/di/module';
import type { CallHandler, Interceptor } from '../../../src/core/interceptors';
import type { ExecutionContext } from '../../../src/core/guards/execution-context';
import { Response } from '../../../src/http/response';
import type { App } from '../../../src/app/app';
import { makeApp, recordingLogger, type RecordingLogger } from '../../app/helpers';

/** Wraps the handler's value, to show an interceptor sees (and can change) what is sent. */
class WrapInterceptor implements Interceptor {
  async intercept(_context: ExecutionContext, next: CallHandler): Promise<unknown> {
    return { wrapped: await next.handle() };
  }
}

/** Answers from a "cache" without calling the handler, choosing the status on the response. */
class CacheInterceptor implements Interceptor {
  intercept(context: ExecutionContext): unknown {
    context.switchToHttp().getResponse().status(203);
    return Promise.resolve({ cached: true });
  }
}

@Controller('pass')
class PassthroughController {
  @Get('plain')
  plain(@Res({ passthrough: true }) res: Response) {
    res.setHeader('X-Set-By', 'handler');
    return { ok: true };
  }

  @Post('created')
  created(@Res({ passthrough: true }) _res: Response) {
    return { made: true };
  }

  @Get('status')
  status(@Res({ passthrough: true }) res: Response) {
    res.status(202);
    return { accepted: true };
  }

  @Post('http-code')
  @HttpCode(202)
  httpCode(@Res({ passthrough: true }) res: Response) {
    return { status: res.statusCode };
  }

  @Post('http-code-overridden')
  @HttpCode(202)
  httpCodeOverridden(@Res({ passthrough: true }) res: Response) {
    res.status(409);
    return { conflict: true };
  }

  @Get('empty')
  empty(@Res({ passthrough: true }) _res: Response) {
    return undefined;
  }

  @Get('empty-with-status')
  emptyWithStatus(@Res({ passthrough: true }) res: Response) {
    res.status(202);
  }

  @Get('text')
  text(@Res({ passthrough: true }) _res: Response) {
    return 'hello';
  }

  @Get('header')
  @Header('Cache-Control', 'no-store')
  @Header('X-Route', 'decorator')
  header(@Res({ passthrough: true }) res: Response) {
    res.setHeader('X-Route', 'handler');
    return { ok: true };
  }

  @Get('cookies')
  cookies(@Res({ passthrough: true }) res: Response) {
    res.appendHeader('Set-Cookie', 'a=1; Path=/');
    res.appendHeader('Set-Cookie', 'b=2; Path=/');
    return { ok: true };
  }

  @Get('async')
  async later(@Res({ passthrough: true }) res: Response) {
    await new Promise((resolve) => setTimeout(resolve, 5));
    res.status(203);
    return { later: true };
  }

  @Get('intercepted')
  @UseInterceptors(WrapInterceptor)
  intercepted(@Res({ passthrough: true }) res: Response) {
    res.setHeader('X-Set-By', 'handler');
    return { value: 1 };
  }

  @Get('cached')
  @UseInterceptors(CacheInterceptor)
  cached(@Res({ passthrough: true }) _res: Response) {
    return { cached: false };
  }

  @Get('answered')
  answered(@Res({ passthrough: true }) res: Response) {
    res.json({ from: 'handler' }, 203);
    return { from: 'result' };
  }

  @Get('returns-res')
  returnsRes(@Res({ passthrough: true }) res: Response) {
    return res.status(202);
  }

  @Get('not-passthrough')
  notPassthrough(@Res({ passthrough: false }) res: Response) {
    setTimeout(() => res.json({ by: 'handler' }, 203), 5);
    return { by: 'result' };
  }
}

@Module({ controllers: [PassthroughController] })
class PassthroughModule {}

describe('@Res({ passthrough: true })', () => {
  let app: App;
  let logger: RecordingLogger;
  beforeEach(async () => {
    logger = recordingLogger();
    app = await makeApp(PassthroughModule, { logger });
  });
  afterEach(() => app.close());

  it("sends the handler's result as JSON, with the headers the handler set", async () => {
    const res = await app.inject({ url: '/pass/plain' });
    expect(res.statusCode).to.equal(200);
    expect(res.headers['x-set-by']).to.equal('handler');
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.json()).to.deep.equal({ ok: true });
  });

  it('answers 201 for a POST, as a route without @Res() does', async () => {
    const res = await app.inject({ method: 'POST', url: '/pass/created' });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({ made: true });
  });

  it("keeps the status the handler set with res.status() over the default", async () => {
    const res = await app.inject({ url: '/pass/status' });
    expect(res.statusCode).to.equal(202);
    expect(res.json()).to.deep.equal({ accepted: true });
  });

  it('puts the @HttpCode status on res before the handler runs, so res.statusCode reads it', async () => {
    const res = await app.inject({ method: 'POST', url: '/pass/http-code' });
    expect(res.statusCode).to.equal(202);
    expect(res.json()).to.deep.equal({ status: 202 });
  });

  it("keeps the handler's res.status() over @HttpCode, which only sets the default", async () => {
    const res = await app.inject({ method: 'POST', url: '/pass/http-code-overridden' });
    expect(res.statusCode).to.equal(409);
  });

  it('answers 204 for an undefined result when the handler set no status', async () => {
    const res = await app.inject({ url: '/pass/empty' });
    expect(res.statusCode).to.equal(204);
    expect(res.body).to.equal('');
  });

  it("answers an empty result with the handler's status instead of 204", async () => {
    const res = await app.inject({ url: '/pass/empty-with-status' });
    expect(res.statusCode).to.equal(202);
    expect(res.body).to.equal('');
  });

  it('sends a string result as text', async () => {
    const res = await app.inject({ url: '/pass/text' });
    expect(res.headers['content-type']).to.match(/^text\/plain/);
    expect(res.body).to.equal('hello');
  });

  it("adds the @Header headers, the handler's header of the same name winning", async () => {
    const res = await app.inject({ url: '/pass/header' });
    expect(res.headers['cache-control']).to.equal('no-store');
    expect(res.headers['x-route']).to.equal('handler');
  });

  it('sends every cookie the handler appended', async () => {
    const res = await app.inject({ url: '/pass/cookies' });
    expect(res.headers['set-cookie']).to.deep.equal(['a=1; Path=/', 'b=2; Path=/']);
    expect(res.json()).to.deep.equal({ ok: true });
  });

  it("sends an async handler's resolved value with the status it set", async () => {
    const res = await app.inject({ url: '/pass/async' });
    expect(res.statusCode).to.equal(203);
    expect(res.json()).to.deep.equal({ later: true });
  });

  it("lets interceptors see and change the value that is sent", async () => {
    const res = await app.inject({ url: '/pass/intercepted' });
    expect(res.headers['x-set-by']).to.equal('handler');
    expect(res.json()).to.deep.equal({ wrapped: { value: 1 } });
  });

  it('keeps the status an interceptor set when it answers from a cache without calling the handler', async () => {
    const res = await app.inject({ url: '/pass/cached' });
    expect(res.statusCode).to.equal(203);
    expect(res.json()).to.deep.equal({ cached: true });
  });

  it('sends nothing more, and logs nothing, when the handler already answered', async () => {
    const res = await app.inject({ url: '/pass/answered' });
    expect(res.statusCode).to.equal(203);
    expect(res.json()).to.deep.equal({ from: 'handler' });
    // The connection stays usable: the next request gets its own answer.
    expect((await app.inject({ url: '/pass/plain' })).json()).to.deep.equal({ ok: true });
    expect(logger.lines.filter((l) => l.level === 'error' || l.level === 'warn')).to.deep.equal([]);
  });

  it('answers 500 naming the mistake when the handler returns res itself instead of a value (instead of hanging)', async () => {
    const res = await app.inject({ url: '/pass/returns-res' });
    expect(res.statusCode).to.equal(500);
    const logged = logger.lines.filter((l) => l.level === 'error').map((l) => [l.message, ...l.meta.map(String)].join(' ')).join('\n');
    expect(logged).to.match(/returned the Response without answering it/);
  });

  it('leaves { passthrough: false } as plain @Res(): the handler answers and its result is not sent', async () => {
    const res = await app.inject({ url: '/pass/not-passthrough' });
    expect(res.statusCode).to.equal(203);
    expect(res.json()).to.deep.equal({ by: 'handler' });
  });

  it('sends the result when every Response parameter asks for passthrough, not when one is a plain @Res()', async () => {
    @Controller('mixed')
    class MixedController {
      @Get()
      mixed(@Res({ passthrough: true }) _a: Response, @Res() b: Response) {
        setTimeout(() => b.text('by handler'), 5);
        return 'by result';
      }
    }
    @Module({ controllers: [MixedController] })
    class MixedModule {}
    const mixed = await makeApp(MixedModule);
    try {
      expect((await mixed.inject({ url: '/mixed' })).body).to.equal('by handler');
    } finally {
      await mixed.close();
    }
  });
});

describe('@Res() options, checked when the class loads', () => {
  it('refuses an unknown option, naming the method, the parameter and the closest option', () => {
    expect(() => {
      class C {
        find(@Res({ passThrough: true } as never) res: Response) {
          return res;
        }
      }
      return C;
    }).to.throw(TypeError, /@Res\(\) on parameter #0 of C\.find: unknown option 'passThrough': did you mean passthrough\?/);
  });

  it('refuses a passthrough that is not a boolean', () => {
    expect(() => {
      class C {
        find(@Res({ passthrough: 'yes' } as never) res: Response) {
          return res;
        }
      }
      return C;
    }).to.throw(TypeError, /@Res\(\) on parameter #0 of C\.find: passthrough is true or false, got 'yes'/);
  });

  it('refuses an argument that is not an options object', () => {
    expect(() => {
      class C {
        find(@Res(true as never) res: Response) {
          return res;
        }
      }
      return C;
    }).to.throw(TypeError, /@Res\(\) on parameter #0 of C\.find: its argument is an options object/);
  });
});
