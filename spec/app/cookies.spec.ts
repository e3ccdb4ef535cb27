import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get } from '../../src/core/decorators/route';
import { Req, Res } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

@Controller('session')
class SessionController {
  @Get('login')
  login(@Res() res: Response) {
    res
      .cookie('sid', 'abc 123', { httpOnly: true, sameSite: 'lax', maxAge: 3_600_000 })
      .cookie('theme', 'dark')
      .json({ ok: true });
  }

  @Get('whoami')
  whoami(@Req() req: Request) {
    return { sid: req.cookies.sid ?? null };
  }

  @Get('logout')
  logout(@Res() res: Response) {
    res.clearCookie('sid').status(204).send();
  }
}

@Module({ controllers: [SessionController] })
class CookieModule {}

describe('cookies from a controller', () => {
  let app: App;
  let port: number;
  before(async () => {
    app = await makeApp(CookieModule);
    port = (await app.listen(0)).port;
  });
  after(() => app.close());

  it('sends two cookies set through @Res() as two separate Set-Cookie lines', async () => {
    const res = await rawRequest(port, 'GET /session/login HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    const lines = res.head.split('\r\n').filter((line) => /^set-cookie:/i.test(line));
    expect(lines).to.deep.equal([
      'Set-Cookie: sid=abc%20123; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax',
      'Set-Cookie: theme=dark; Path=/',
    ]);
    expect(res.body).to.equal('{"ok":true}');
  });

  it('reads the cookie back, decoded, through req.cookies', async () => {
    const res = await app.inject({ url: '/session/whoami', headers: { cookie: 'theme=dark; sid=abc%20123' } });
    expect(res.json()).to.deep.equal({ sid: 'abc 123' });
  });

  it('clears a cookie through @Res() with an expired Set-Cookie', async () => {
    const res = await app.inject({ url: '/session/logout' });
    expect(res.statusCode).to.equal(204);
    expect(res.headers['set-cookie']).to.deep.equal(['sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });
});
