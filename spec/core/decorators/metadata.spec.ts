import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get, Post } from '../../../src/core/decorators/route';
import { Param } from '../../../src/core/decorators/params';
import { HttpCode } from '../../../src/core/decorators/response';
import { BodyLimit } from '../../../src/core/decorators/body-limit';
import { SetMetadata, applyDecorators } from '../../../src/core/decorators/set-metadata';
import { UseGuards } from '../../../src/core/decorators/use-guards';
import { listRouteMethods, readAllMetadata, readRoutes } from '../../../src/core/metadata/readers';
import { META } from '../../../src/core/metadata/keys';
import { makeApp } from '../../app/helpers';
import { Module } from '../../../src/core/di/module';

describe('decorator metadata', () => {
  it('lists the route methods of a controller, inherited ones included', () => {
    @Controller('base')
    class Base {
      @Get('a') a() {}
      helper() {}
    }
    @Controller('child')
    class Child extends Base {
      @Post('b') b() {}
    }
    expect(listRouteMethods(Child)).to.deep.equal(['a', 'b']);
    expect(listRouteMethods(Base)).to.deep.equal(['a']);
  });

  it('keeps several route decorators on one method', () => {
    class C {
      @Get('x') @Get('y') m() {}
    }
    expect(readRoutes(C.prototype, 'm').map((r) => r.path).sort()).to.deep.equal(['x', 'y']);
  });

  it("never changes a base class's guards when a subclass adds its own", () => {
    const g1 = { canActivate: () => true };
    const g2 = { canActivate: () => true };
    @UseGuards(g1)
    class Base {}
    @UseGuards(g2)
    class Child extends Base {}
    expect(Reflect.getMetadata(META.guards, Base)).to.deep.equal([g1]);
    expect(Reflect.getMetadata(META.guards, Child)).to.deep.equal([g2]);
  });

  it('lets method metadata win over class metadata in the precomputed map', () => {
    @SetMetadata('role', 'class')
    @SetMetadata('scope', 'all')
    class C {
      @SetMetadata('role', 'method') m() {}
    }
    const map = readAllMetadata(C, 'm');
    expect(map.get('role')).to.equal('method');
    expect(map.get('scope')).to.equal('all');
  });

  it('applies every decorator given to applyDecorators, on classes and methods', () => {
    const Both = () => applyDecorators(SetMetadata('a', 1), SetMetadata('b', 2));
    @Both()
    class C {
      @Both() m() {}
    }
    expect([Reflect.getMetadata('a', C), Reflect.getMetadata('b', C)]).to.deep.equal([1, 2]);
    expect([Reflect.getMetadata('a', C.prototype, 'm'), Reflect.getMetadata('b', C.prototype, 'm')]).to.deep.equal([1, 2]);
  });

  it('refuses an @HttpCode outside 100..599 and a negative @BodyLimit where they are written', () => {
    expect(() => HttpCode(99)).to.throw(TypeError);
    expect(() => HttpCode(600)).to.throw(TypeError);
    expect(() => BodyLimit(-1)).to.throw(TypeError);
    expect(() => BodyLimit(1.5)).to.throw(TypeError);
  });

  it('refuses a parameter decorator on a constructor parameter', () => {
    expect(() => {
      class C {
        constructor(@Param('id') readonly id: string) {}
      }
      return C;
    }).to.throw(TypeError, /route method's parameter/);
  });

  it('serves inherited routes under the subclass prefix', async () => {
    class CrudBase {
      @Get(':id') one(@Param('id') id: string) {
        return { id, by: this.constructor.name };
      }
    }
    @Controller('cats')
    class Cats extends CrudBase {}
    @Module({ controllers: [Cats] })
    class M {}
    const app = await makeApp(M);
    try {
      expect((await app.inject({ url: '/cats/3' })).json()).to.deep.equal({ id: '3', by: 'Cats' });
    } finally {
      await app.close();
    }
  });
});
