import { expect } from 'chai';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Options, Post } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { StaticModule } from '../../src/static';
import { gzipSync } from 'node:zlib';
import { makeApp, rawRequest, recordingLogger } from './helpers';

@Controller('assets')
class FallbackController {
  @Get('generated.txt')
  generated() {
    return 'from the route';
  }
}

@Module({ controllers: [FallbackController] })
class AppModule {}

/** Routes at the URLs of files the mount serves: one takes OPTIONS, one takes POST. */
@Controller('assets')
class RoutesAtFilesController {
  @Options('custom.txt')
  describe() {
    return 'options from the route';
  }

  @Post('form.txt')
  submit() {
    return 'posted';
  }
}

@Module({ controllers: [RoutesAtFilesController] })
class RoutesAtFilesModule {}

describe('static files in the app', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-static-'));
    fs.writeFileSync(path.join(root, 'hello.txt'), 'hello file');
    fs.writeFileSync(path.join(root, 'custom.txt'), 'custom file');
    fs.writeFileSync(path.join(root, 'form.txt'), 'form file');
    fs.mkdirSync(path.join(root, 'docs'));
    fs.writeFileSync(path.join(root, 'docs', 'index.html'), '<p>docs</p>');
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

  // regression: OPTIONS fell through to the router, which knew no route there and answered
  // 404 — as if the file the GET serves did not exist (RFC 9110 §9.3.7).
  describe('methods other than GET and HEAD at the URL of a file', () => {
    const withMount = async (module: Parameters<typeof makeApp>[0] = AppModule, options: Parameters<typeof makeApp>[1] = {}) => {
      const app = await makeApp(module, options);
      app.useStatic('/assets', root);
      return app;
    };

    it('answers OPTIONS on an existing file with 204 and Allow: GET, HEAD, OPTIONS', async () => {
      const app = await withMount();
      try {
        const res = await app.inject({ method: 'OPTIONS', url: '/assets/hello.txt' });
        expect(res.statusCode).to.equal(204);
        expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
        expect(res.body).to.equal('');
      } finally {
        await app.close();
      }
    });

    it('answers OPTIONS on a folder with an index file as on a file', async () => {
      const app = await withMount();
      try {
        for (const url of ['/assets/docs/', '/assets/docs']) {
          const res = await app.inject({ method: 'OPTIONS', url });
          expect(res.statusCode, url).to.equal(204);
          expect(res.headers.allow, url).to.equal('GET, HEAD, OPTIONS');
        }
      } finally {
        await app.close();
      }
    });

    it('answers OPTIONS for a file of the second of two mounts at the same prefix', async () => {
      const other = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-static-'));
      fs.writeFileSync(path.join(other, 'second.txt'), 'second');
      const app = await withMount();
      app.useStatic('/assets', other);
      try {
        expect((await app.inject({ url: '/assets/second.txt' })).body).to.equal('second');
        expect((await app.inject({ method: 'OPTIONS', url: '/assets/second.txt' })).statusCode).to.equal(204);
        expect((await app.inject({ method: 'OPTIONS', url: '/assets/hello.txt' })).statusCode).to.equal(204);
      } finally {
        await app.close();
        fs.rmSync(other, { recursive: true, force: true });
      }
    });

    it('still answers 404 to OPTIONS where neither a file nor a route exists', async () => {
      const app = await withMount();
      try {
        expect((await app.inject({ method: 'OPTIONS', url: '/assets/none.txt' })).statusCode).to.equal(404);
      } finally {
        await app.close();
      }
    });

    it('lets an @Options route declared at the URL of a file answer OPTIONS', async () => {
      const app = await withMount(RoutesAtFilesModule);
      try {
        const res = await app.inject({ method: 'OPTIONS', url: '/assets/custom.txt' });
        expect(res.statusCode).to.equal(200);
        expect(res.body).to.equal('options from the route');
      } finally {
        await app.close();
      }
    });

    it('lists both the file and the routes at its URL in the Allow of OPTIONS', async () => {
      const app = await withMount(RoutesAtFilesModule);
      try {
        const res = await app.inject({ method: 'OPTIONS', url: '/assets/form.txt' });
        expect(res.statusCode).to.equal(204);
        expect(res.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      } finally {
        await app.close();
      }
    });

    it('answers a CORS preflight for a file with the CORS answer', async () => {
      const app = await withMount(AppModule, { cors: { origin: 'https://app.example' } });
      try {
        const res = await app.inject({
          method: 'OPTIONS',
          url: '/assets/hello.txt',
          headers: { origin: 'https://app.example', 'access-control-request-method': 'GET' },
        });
        expect(res.statusCode).to.equal(204);
        expect(res.headers['access-control-allow-origin']).to.equal('https://app.example');
        expect(res.headers['access-control-allow-methods']).to.include('GET');
      } finally {
        await app.close();
      }
    });

    it('answers a POST to an existing file that no route takes with 405 and Allow (RFC 9110 §15.5.6)', async () => {
      const app = await withMount();
      try {
        const res = await app.inject({ method: 'POST', url: '/assets/hello.txt', body: 'x' });
        expect(res.statusCode).to.equal(405);
        expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
      } finally {
        await app.close();
      }
    });

    it('adds the methods of the routes at the URL of a file to the Allow of a 405', async () => {
      const app = await withMount(RoutesAtFilesModule);
      try {
        const res = await app.inject({ method: 'DELETE', url: '/assets/form.txt' });
        expect(res.statusCode).to.equal(405);
        expect(res.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
      } finally {
        await app.close();
      }
    });

    it('still lets a POST route at the URL of a file answer', async () => {
      const app = await withMount(RoutesAtFilesModule);
      try {
        const res = await app.inject({ method: 'POST', url: '/assets/form.txt', body: 'x' });
        expect(res.statusCode).to.equal(201);
        expect(res.body).to.equal('posted');
      } finally {
        await app.close();
      }
    });

    // regression: a mount at '/' took the asterisk-form target as a path and, with
    // fallthrough false, answered 400 to OPTIONS * — which asks about the server, not a file.
    it('leaves OPTIONS * to the server, as if no mount were there', async () => {
      const answerTo = async (app: Awaited<ReturnType<typeof makeApp>>) => {
        const { port } = await app.listen(0);
        try {
          return (await rawRequest(port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n')).status;
        } finally {
          await app.close();
        }
      };
      const bare = await answerTo(await makeApp(AppModule));
      const mounted = await makeApp(AppModule);
      mounted.useStatic('/', root, { fallthrough: false });
      expect(await answerTo(mounted)).to.equal(bare);
    });

    it('still answers 501 to a method the server does not know, file or not', async () => {
      const app = await withMount();
      try {
        expect((await app.inject({ method: 'PROPFIND', url: '/assets/hello.txt' })).statusCode).to.equal(501);
      } finally {
        await app.close();
      }
    });
  });

  describe('preCompressed and setHeaders in an app, over a socket', () => {
    const get = (port: number, target: string, extra = '') =>
      rawRequest(port, `GET ${target} HTTP/1.1\r\nHost: x\r\n${extra}Connection: close\r\n\r\n`);

    it('serves a stored .gz variant from a StaticModule.forRoot({ preCompressed: true }) import', async () => {
      const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-static-'));
      fs.writeFileSync(path.join(folder, 'app.js'), 'plain');
      fs.writeFileSync(path.join(folder, 'app.js.gz'), gzipSync('compressed'));
      @Module({ imports: [StaticModule.forRoot({ prefix: '/js', root: folder, preCompressed: true })] })
      class WithVariants {}
      const app = await makeApp(WithVariants);
      const { port } = await app.listen(0);
      try {
        const r = await get(port, '/js/app.js', 'Accept-Encoding: gzip\r\n');
        expect(r.status).to.equal(200);
        expect(r.headers['content-encoding']).to.equal('gzip');
        expect(r.headers['content-type']).to.match(/^text\/javascript/);
        expect(r.headers.vary).to.equal('Accept-Encoding');
      } finally {
        await app.close();
        fs.rmSync(folder, { recursive: true, force: true });
      }
    });

    it("answers a setHeaders that throws with the app's logged JSON 500, without the headers it set", async () => {
      const logger = recordingLogger();
      const app = await makeApp(AppModule, { logger });
      app.useStatic('/assets', root, {
        setHeaders(res) {
          res.setHeader('Content-Disposition', 'attachment');
          throw new Error('hook failed');
        },
      });
      const { port } = await app.listen(0);
      try {
        const r = await get(port, '/assets/hello.txt');
        expect(r.status).to.equal(500);
        expect(r.headers['content-type']).to.match(/^application\/json/);
        expect(r.headers['content-disposition']).to.equal(undefined);
        expect(r.body).not.to.contain('hello file');
        expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('hook failed'))).to.equal(true);
        // the server goes on: a route behind the mount still answers
        expect((await get(port, '/assets/generated.txt')).body).to.contain('from the route');
      } finally {
        await app.close();
      }
    });
  });
});
