import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { All, Get, Post } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Controller('items')
class ItemsController {
  @Get()
  list() {
    return ['a'];
  }
  @Post()
  add() {
    return { added: true };
  }
}

@Module({ controllers: [ItemsController] })
class ItemsModule {}

@Controller('proxy')
class ProxyController {
  @All('*rest')
  any() {
    return 'proxied';
  }
}

@Module({ controllers: [ItemsController, ProxyController] })
class WithAllModule {}

describe('app: a method no route implements', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(ItemsModule);
    port = (await app.listen(0, '127.0.0.1')).port;
  });
  after(() => app.close());

  it('answers 501 to a method this server does not know, on an existing path (RFC 9110 §9.1)', async () => {
    const res = await app.inject({ method: 'BREW', url: '/items' });
    expect(res.statusCode).to.equal(501);
    expect(res.json<{ statusCode: number; error: string }>()).to.include({ statusCode: 501, error: 'Not Implemented' });
  });

  it('answers 501 to a method this server does not know, on an unknown path', async () => {
    expect((await app.inject({ method: 'PROPFIND', url: '/nowhere' })).statusCode).to.equal(501);
  });

  it('answers 501 over a real socket too', async () => {
    const raw = await rawRequest(port, 'BREW /items HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw.status).to.equal(501);
  });

  it('still answers 405 with Allow to a standard method the path does not support', async () => {
    const res = await app.inject({ method: 'DELETE', url: '/items' });
    expect(res.statusCode).to.equal(405);
    expect(res.headers.allow).to.equal('GET, HEAD, POST, OPTIONS');
  });

  it('still answers 404 to a standard method on an unknown path', async () => {
    expect((await app.inject({ method: 'PATCH', url: '/nowhere' })).statusCode).to.equal(404);
  });

  it('leaves every method to an @All route when the app has one', async () => {
    const withAll = await makeApp(WithAllModule);
    try {
      expect((await withAll.inject({ method: 'BREW', url: '/proxy/pot' })).body).to.equal('proxied');
      expect((await withAll.inject({ method: 'BREW', url: '/items' })).statusCode).to.equal(405);
    } finally {
      await withAll.close();
    }
  });
});
