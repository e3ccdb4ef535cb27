import { expect } from 'chai';
import { Module } from '../../src/core/di';
import { scanModules } from '../../src/core/di/module-scanner';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { StaticModule, staticMountOf } from '../../src/static/static.module';
import { makeFixture, type Fixture } from './fixture';

describe('static: StaticModule.forRoot', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'A');
  });
  after(() => fx.remove());

  it('gives the composition layer one mount per forRoot() import, found in the module graph', async () => {
    @Module({ imports: [StaticModule.forRoot({ prefix: '/assets/', root: fx.root, maxAge: 60 }), StaticModule.forRoot({ root: fx.root })] })
    class AppModule {}
    const graph = await scanModules(AppModule);
    const mounts = graph.modules.map((m) => staticMountOf(m)).filter((m) => m !== undefined);
    expect(mounts.map((m) => m!.prefix)).to.deep.equal(['/assets', '']);
    expect(mounts.every((m) => typeof m!.middleware === 'function')).to.equal(true);
  });

  it('finds no mount in a module that is not a StaticModule import', async () => {
    @Module({})
    class Plain {}
    const graph = await scanModules(Plain);
    expect(graph.modules.map((m) => staticMountOf(m))).to.deep.equal([undefined]);
  });

  it('fails at import time with WW_ERR_STATIC_ROOT for a missing folder', () => {
    expect(() => StaticModule.forRoot({ root: fx.base + '/nope' })).to.throw(BootstrapError, /WW_ERR_STATIC_ROOT/);
  });

  it('fails at import time with WW_ERR_STATIC_OPTIONS for a typo in the options', () => {
    expect(() => StaticModule.forRoot({ root: fx.root, dotFiles: 'allow' } as never)).to.throw(BootstrapError, /unknown option 'dotFiles'/);
  });
});
