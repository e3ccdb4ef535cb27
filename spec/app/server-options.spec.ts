import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body, Req } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { Request } from '../../src/http/request';
import { makeApp, rawRequest } from './helpers';
import { selfSignedCert } from '../support/self-signed-cert';

@Controller()
class EchoController {
  @Get('secure')
  secure(@Req() req: Request) {
    return { secure: req.secure };
  }
  @Post('echo')
  echo(@Body() body: string) {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class AppModule {}

describe('createServer engine options', () => {
  it('passes limits to the parser (431 past maxHeaderCount)', async () => {
    const app = await makeApp(AppModule, { limits: { maxHeaderCount: 5 } });
    try {
      const headers: Record<string, string> = {};
      for (let i = 0; i < 10; i++) headers[`x-h${i}`] = 'v';
      expect((await app.inject({ url: '/secure', headers })).statusCode).to.equal(431);
      expect((await app.inject({ url: '/secure' })).statusCode).to.equal(200);
    } finally {
      await app.close();
    }
  });

  it('answers 408 when a request head takes longer than headersTimeoutMs', async () => {
    const app = await makeApp(AppModule, { headersTimeoutMs: 100 });
    const { port } = await app.listen(0);
    try {
      const res = await rawRequest(port, 'GET /secure HTTP/1.1\r\nHost: x\r\n'); // the head never ends
      expect(res.status).to.equal(408);
    } finally {
      await app.close();
    }
  });

  it('refuses a bodyLimit that is not a whole number of bytes', async () => {
    let error: unknown;
    try {
      await makeApp(AppModule, { bodyLimit: -1 });
    } catch (e) {
      error = e;
    }
    expect((error as { code?: string }).code).to.equal('WW_ERR_INVALID_OPTION');
  });

  describe('https', () => {
    let key: Buffer | undefined;
    let cert: Buffer | undefined;
    before(function () {
      const made = selfSignedCert();
      if (made === undefined) this.skip();
      ({ key, cert } = made!);
    });

    it('serves over TLS with the https option, and the request knows it is secure', async () => {
      const app = await makeApp(AppModule, { https: { key, cert } });
      const { port } = await app.listen(0, '127.0.0.1');
      try {
        const res = await rawRequest(port, 'GET /secure HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', { tls: true });
        expect(res.head.startsWith('HTTP/1.1 200 ')).to.equal(true);
        expect(res.body).to.equal('{"secure":true}');
      } finally {
        await app.close();
      }
    });
  });
});
