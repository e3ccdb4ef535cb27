/**
 * A misspelt static option fails with WW_ERR_STATIC_OPTIONS naming the call and the closest
 * known option (regression: the message only listed the file-sending options, and
 * StaticModule.forRoot({ roots }) did not suggest root).
 */
import { expect } from 'chai';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { serveStatic } from '../../src/static/serve-static';
import { StaticModule } from '../../src/static/static.module';
import { makeFixture, type Fixture } from './fixture';

describe('static: unknown options', () => {
  let fx: Fixture;
  before(() => {
    fx = makeFixture();
    fx.file('a.txt', 'A');
  });
  after(() => fx.remove());

  function failure(fn: () => unknown): BootstrapError {
    try {
      fn();
    } catch (error) {
      expect(error).to.be.instanceOf(BootstrapError);
      expect((error as BootstrapError).code).to.equal('WW_ERR_STATIC_OPTIONS');
      return error as BootstrapError;
    }
    throw new Error('expected a BootstrapError');
  }

  it("refuses serveStatic(prefix, root, { dotFiles }), suggesting dotfiles", () => {
    const { message } = failure(() => serveStatic('/static', fx.root, { dotFiles: 'allow' } as never));
    expect(message).to.contain("serveStatic('/static'").and.contain("unknown option 'dotFiles'").and.contain('did you mean dotfiles?');
  });

  it('suggests a file-sending option too (lastModifed → lastModified)', () => {
    const { message } = failure(() => serveStatic('/static', fx.root, { lastModifed: false } as never));
    expect(message).to.contain('did you mean lastModified?');
  });

  it('refuses StaticModule.forRoot({ roots }), suggesting root', () => {
    const { message } = failure(() => StaticModule.forRoot({ roots: fx.root } as never));
    expect(message).to.contain('StaticModule.forRoot()').and.contain("unknown option 'roots'").and.contain('did you mean root?');
  });

  it('refuses StaticModule.forRoot({ prefx }), suggesting prefix', () => {
    const { message } = failure(() => StaticModule.forRoot({ root: fx.root, prefx: '/assets' } as never));
    expect(message).to.contain('did you mean prefix?');
  });
});
