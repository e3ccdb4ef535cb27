import { expect } from 'chai';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Param } from '../../src/core/decorators/params';
import { Header, Redirect } from '../../src/core/decorators/response';
import { ErrorResponder } from '../../src/core/exceptions/error-responder';
import { compileControllers, type CompiledEntry } from '../../src/core/route-compiler';

const silent = { log() {}, warn() {}, error() {}, debug: undefined } as unknown as ConstructorParameters<typeof ErrorResponder>[0];

function compile(controller: Function, globalPrefix = ''): Promise<CompiledEntry[]> {
  return compileControllers([{ controller, instance: new (controller as new () => object)() }], {
    globalPrefix,
    resolveClass: (cls) => new (cls as new () => object)(),
    errors: new ErrorResponder(silent),
  });
}

async function compileError(controller: Function, globalPrefix = ''): Promise<BootstrapError> {
  try {
    await compile(controller, globalPrefix);
  } catch (error) {
    expect(error).to.be.instanceOf(BootstrapError);
    return error as BootstrapError;
  }
  throw new Error('compileControllers should have failed');
}

describe('route compiler', () => {
  describe('@Header and @Redirect', () => {
    it('refuses at bootstrap an @Header value with CR/LF, naming the method (regression: a 500 on every request)', async () => {
      @Controller('h')
      class HeaderCtl {
        @Get() @Header('X-A', 'a\r\nSet-Cookie: x=y') get() { return 'ok'; }
      }
      const error = await compileError(HeaderCtl);
      expect(error.code).to.equal('WW_ERR_INVALID_HEADER');
      expect(error.message).to.contain('HeaderCtl.get').and.contain('CR');
    });

    it('refuses at bootstrap an @Header name that is not a token', async () => {
      @Controller('h')
      class HeaderNameCtl {
        @Get() @Header('X A', 'b') get() { return 'ok'; }
      }
      const error = await compileError(HeaderNameCtl);
      expect(error.code).to.equal('WW_ERR_INVALID_HEADER');
      expect(error.message).to.contain('HeaderNameCtl.get');
    });

    it('keeps a valid @Header as written', async () => {
      @Controller('h')
      class GoodHeaderCtl {
        @Get() @Header('Cache-Control', 'no-store') get() { return 'ok'; }
      }
      expect(await compile(GoodHeaderCtl)).to.have.length(1);
    });

    it('refuses an @Redirect status that is not 3xx (regression: a 200 with a Location)', async () => {
      @Controller('r')
      class RedirectStatusCtl {
        @Get() @Redirect('/new', 200) get() {}
      }
      const error = await compileError(RedirectStatusCtl);
      expect(error.code).to.equal('WW_ERR_INVALID_REDIRECT');
      expect(error.message).to.contain('RedirectStatusCtl.get').and.contain('3xx');
    });

    it('refuses an @Redirect URL with CR/LF at bootstrap (regression: a 500 on every request)', async () => {
      @Controller('r')
      class RedirectUrlCtl {
        @Get() @Redirect('/new\r\nSet-Cookie: a=b', 301) get() {}
      }
      const error = await compileError(RedirectUrlCtl);
      expect(error.code).to.equal('WW_ERR_INVALID_REDIRECT');
      expect(error.message).to.contain('RedirectUrlCtl.get');
    });

    it('accepts @Redirect with its defaults and with 308', async () => {
      @Controller('r')
      class RedirectOkCtl {
        @Get('a') @Redirect() a() {}
        @Get('b') @Redirect('/x', 308) b() {}
      }
      expect(await compile(RedirectOkCtl)).to.have.length(2);
    });
  });
});

describe('route compiler: @Param names', () => {
  it("refuses @Param('id') on a route whose path has no :id, naming the method (regression: always undefined)", async () => {
    @Controller('p')
    class NoSuchParamCtl {
      @Get('list') get(@Param('id') id: string) { return id; }
    }
    const error = await compileError(NoSuchParamCtl);
    expect(error.code).to.equal('WW_ERR_UNKNOWN_ROUTE_PARAM');
    expect(error.message).to.contain('NoSuchParamCtl.get').and.contain("'id'").and.contain('/p/list');
  });

  it('refuses @Param when one of two route decorators of the method lacks the param', async () => {
    @Controller('p')
    class TwoPathsCtl {
      @Get(':id') @Get('all') get(@Param('id') id: string) { return id; }
    }
    const error = await compileError(TwoPathsCtl);
    expect(error.code).to.equal('WW_ERR_UNKNOWN_ROUTE_PARAM');
    expect(error.message).to.contain('GET /p/all');
  });

  it('accepts @Param names from the controller prefix, the global prefix, braces, constraints and wildcards', async () => {
    @Controller(':tenant/files')
    class ParamsCtl {
      @Get('{kind}/:id(\\d+)/*rest') get(
        @Param('org') org: string, @Param('tenant') tenant: string, @Param('kind') kind: string,
        @Param('id') id: string, @Param('rest') rest: string, @Param() all: object,
      ) { return [org, tenant, kind, id, rest, all]; }
      @Get('x/*') star(@Param('*') rest: string) { return rest; }
    }
    expect(await compile(ParamsCtl, ':org')).to.have.length(2);
  });
});

describe('route compiler: what a route decorator is on', () => {
  it('refuses a route decorator on a static method, naming it (regression: the route was silently missing)', async () => {
    @Controller('s')
    class StaticRouteCtl {
      @Get('x') static x() { return 'static'; }
    }
    const error = await compileError(StaticRouteCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('StaticRouteCtl.x').and.contain('static');
  });

  it('refuses a route decorator on an inherited static method of a subclass controller', async () => {
    class Base {
      @Get('x') static x() { return 'static'; }
    }
    @Controller('s')
    class SubStaticCtl extends Base {}
    const error = await compileError(SubStaticCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('SubStaticCtl.x');
  });

  it('refuses a route decorator on a symbol-named method, naming it (regression: the route was silently missing)', async () => {
    const list = Symbol('list');
    @Controller('sym')
    class SymbolRouteCtl {
      @Get('x') [list]() { return 'symbol'; }
    }
    const error = await compileError(SymbolRouteCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('SymbolRouteCtl[Symbol(list)]').and.contain('string name');
  });

  it('refuses a route decorator on an inherited symbol-named method', async () => {
    const find = Symbol('find');
    class Base {
      @Get(':id') [find]() { return 'symbol'; }
    }
    @Controller('sym')
    class SubSymbolCtl extends Base {}
    const error = await compileError(SubSymbolCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('SubSymbolCtl[Symbol(find)]');
  });

  it('refuses a route decorator on a getter without running it (regression: a misleading parameter error)', async () => {
    let ran = false;
    @Controller('g')
    class GetterRouteCtl {
      @Get('x') get x() {
        ran = true;
        return 'getter';
      }
    }
    const error = await compileError(GetterRouteCtl);
    expect(error.code).to.equal('WW_ERR_INVALID_ROUTE_METHOD');
    expect(error.message).to.contain('GetterRouteCtl.x').and.contain('accessor');
    expect(ran).to.equal(false);
  });
});

describe('route compiler: paths', () => {
  it("refuses an array of paths in @Get with a BootstrapError (regression: a raw TypeError from joinPath)", async () => {
    @Controller('a')
    class ArrayPathCtl {
      @Get(['x', 'y'] as unknown as string) get() { return 1; }
    }
    const error = await compileError(ArrayPathCtl);
    expect(error.code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    expect(error.message).to.contain('@Get(["x","y"]) on ArrayPathCtl.get').and.contain("@Get('a') @Get('b')");
  });

  it("refuses Nest's @Controller({ path }) form (regression: the routes were silently mounted elsewhere)", async () => {
    @Controller({ path: 'users' } as unknown as string)
    class OptionsObjectCtl {
      @Get('x') get() { return 1; }
    }
    const error = await compileError(OptionsObjectCtl);
    expect(error.code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    expect(error.message).to.contain('OptionsObjectCtl').and.contain("@Controller('users')");
  });

  it('refuses a number as a route path', async () => {
    @Controller('a')
    class NumberPathCtl {
      @Get(5 as unknown as string) get() { return 1; }
    }
    expect((await compileError(NumberPathCtl)).message).to.contain('@Get(5) on NumberPathCtl.get');
  });

  it("collapses repeated slashes inside a prefix or path (regression: '//a//b/' made a route only /a//b/c reached)", async () => {
    @Controller('//a//b/')
    class SlashesCtl {
      @Get('/c//d/') get() { return 1; }
    }
    const [entry] = await compile(SlashesCtl, '/api//v1/');
    expect(entry.pattern).to.equal('/api/v1/a/b/c/d');
  });

  it('keeps the root path and a bare wildcard as they are', async () => {
    @Controller()
    class RootCtl {
      @Get() root() { return 1; }
      @Get('files/*') files() { return 2; }
    }
    expect((await compile(RootCtl)).map((e) => e.pattern)).to.deep.equal(['/', '/files/*']);
  });
});
