import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { StaticModule } from '../../src/static';
import { makeApp, rawRequest } from './helpers';

@Controller('assets')
class FallbackController {
  @Get('generated.txt')
  generated() {
    return 'from the route';
  }
}

@Module({ controllers: [FallbackController] })
class AppModule {}

describe('static files in the app', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-static-'));
    fs.writeFileSync(path.join(root, 'hello.txt'), 'hello file');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('serves a folder with app.useStatic(prefix, root)', async () => {
    const app = await makeApp(AppModule);
    app.useStatic('/assets', root);
    try {
      const res = await app.inject({ url: '/assets/hello.txt' });
      expect(res.statusCode).to.equal(200);
      expect(res.body).to.equal('hello file');
      expect(res.headers['content-type']).to.match(/^text\/plain/);
    } finally {
      await app.close();
    }
  });

  it('lets a route answer where no file exists under the prefix', async () => {
    const app = await makeApp(AppModule);
    app.useStatic('/assets', root);
    try {
      expect((await app.inject({ url: '/assets/generated.txt' })).body).to.equal('from the route');
      expect((await app.inject({ url: '/assets/none.txt' })).statusCode).to.equal(404);
    } finally {
      await app.close();
    }
  });

  it('never serves a file outside the root', async () => {
    const app = await makeApp(AppModule);
    app.useStatic('/assets', root);
    const { port } = await app.listen(0);
    try {
      const res = await rawRequest(port, 'GET /assets/%2e%2e/%2e%2e/etc/passwd HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
      expect(res.status).to.be.oneOf([400, 403, 404]);
      expect(res.body).not.to.contain('root:');
    } finally {
      await app.close();
    }
  });

  it('throws a BootstrapError at useStatic for a folder that does not exist', async () => {
    const app = await makeApp(AppModule);
    try {
      expect(() => app.useStatic('/x', path.join(root, 'missing'))).to.throw(BootstrapError);
    } finally {
      await app.close();
    }
  });

  it('serves the folders of StaticModule.forRoot() imports', async () => {
    @Module({ imports: [StaticModule.forRoot({ prefix: '/files', root })], controllers: [FallbackController] })
    class WithStatic {}
    const app = await makeApp(WithStatic);
    try {
      expect((await app.inject({ url: '/files/hello.txt' })).body).to.equal('hello file');
      expect((await app.inject({ url: '/assets/generated.txt' })).body).to.equal('from the route');
    } finally {
      await app.close();
    }
  });
});
