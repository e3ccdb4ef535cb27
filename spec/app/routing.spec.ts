import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { All, Delete, Get, Options, Post, Put } from '../../src/core/decorators/route';
import { Param } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Controller('items')
class ItemsController {
  @Get()
  list() {
    return ['a', 'b'];
  }
  @Get(':id')
  one(@Param('id') id: string) {
    return { id };
  }
  @Put(':id')
  replace(@Param('id') id: string) {
    return { replaced: id };
  }
  @Delete(':id')
  remove() {
    return undefined;
  }
}

@Controller()
class RootController {
  @Get()
  home() {
    return 'home';
  }
  @All('any')
  any() {
    return 'any';
  }
  @Options('custom-options')
  customOptions() {
    return { options: true };
  }
  @Get('custom-options')
  customGet() {
    return 'get';
  }
}

@Module({ controllers: [ItemsController, RootController] })
class AppModule {}

describe('routing', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(AppModule);
    port = (await app.listen(0)).port;
  });
  after(() => app.close());

  it('joins the controller prefix and the method path', async () => {
    const res = await app.inject({ url: '/items/42' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: '42' });
  });

  it('serves a controller without prefix at the root', async () => {
    const res = await app.inject({ url: '/' });
    expect(res.body).to.equal('home');
  });

  it('answers 404 with the JSON error body when no path matches', async () => {
    const res = await app.inject({ url: '/nothing/here' });
    expect(res.statusCode).to.equal(404);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /nothing/here' });
  });

  it('answers 405 with Allow when the path exists under other methods', async () => {
    const res = await app.inject({ method: 'POST', url: '/items/1' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET, HEAD, PUT, DELETE, OPTIONS');
    expect(res.json<{ statusCode: number; error: string }>()).to.include({ statusCode: 405, error: 'Method Not Allowed' });
  });

  it('answers OPTIONS with 204 and Allow when no route claims it', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/items' });
    expect(res.statusCode).to.equal(204);
    expect(res.headers.allow).to.equal('GET, HEAD, OPTIONS');
    expect(res.body).to.equal('');
  });

  it('lets an @Options route answer OPTIONS itself', async () => {
    const res = await app.inject({ method: 'OPTIONS', url: '/custom-options' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ options: true });
  });

  it('answers OPTIONS * with 204 and the methods the server implements (regression: 404 Cannot OPTIONS *)', async () => {
    const res = await rawRequest(port, 'OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).to.equal(204);
    expect(res.headers.allow).to.equal('GET, HEAD, PUT, DELETE, OPTIONS');
  });

  it('serves HEAD with the GET route, headers and Content-Length but no body', async () => {
    const res = await rawRequest(port, 'HEAD /items/9 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).to.equal(200);
    expect(res.headers['content-type']).to.equal('application/json; charset=utf-8');
    expect(res.headers['content-length']).to.equal(String(JSON.stringify({ id: '9' }).length));
    expect(res.body).to.equal('');
  });

  it('routes every method to an @All route', async () => {
    for (const method of ['GET', 'POST', 'PATCH', 'DELETE']) {
      const res = await app.inject({ method, url: '/any' });
      expect(res.body, method).to.equal('any');
    }
  });

  it('applies the globalPrefix option to every route', async () => {
    const prefixed = await makeApp(AppModule, { globalPrefix: '/api/' });
    try {
      expect((await prefixed.inject({ url: '/api/items/3' })).json()).to.deep.equal({ id: '3' });
      expect((await prefixed.inject({ url: '/items/3' })).statusCode).to.equal(404);
    } finally {
      await prefixed.close();
    }
  });

  it('answers 400 for a path parameter with a bad percent-encoding', async () => {
    const res = await app.inject({ url: '/items/%E0%A4' });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ statusCode: number }>().statusCode).to.equal(400);
  });

  it('serves the same routes over a real socket', async () => {
    const res = await rawRequest(port, 'GET /items/5 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(res.status).to.equal(200);
    expect(JSON.parse(res.body)).to.deep.equal({ id: '5' });
    const missing = await rawRequest(port, 'GET /missing HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(missing.status).to.equal(404);
    expect(JSON.parse(missing.body)).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'Cannot GET /missing' });
  });
});

describe('route logging', () => {
  it('logs the route map at debug level only', async () => {
    const lines: string[] = [];
    const logger = {
      log: (m: string) => lines.push('log ' + m), warn: (m: string) => lines.push('warn ' + m),
      error: (m: string) => lines.push('error ' + m), debug: (m: string) => lines.push('debug ' + m),
    };
    const app = await makeApp(AppModule, { logger });
    await app.close();
    expect(lines).to.include('debug route GET /items/:id → ItemsController.one');
    expect(lines.filter((l) => !l.startsWith('debug '))).to.deep.equal([]);
  });
});
