import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import type { Request } from '../../src/http/request';
import type { Response } from '../../src/http/response';
import { serializeClearCookie, serializeCookie, type CookieOptions } from '../../src/http/cookie';
import { inject } from '../../src/testing/inject';
import { RawClient, startServer } from './support/raw-client';

/** What serializeCookie throws for these arguments (fails the spec when it does not throw). */
function refusal(name: string, value: string, options?: CookieOptions): TypeError {
  try {
    serializeCookie(name, value, options);
  } catch (err) {
    expect(err).to.be.instanceOf(TypeError);
    return err as TypeError;
  }
  throw new Error(`serializeCookie(${JSON.stringify(name)}) did not throw`);
}

/** A value with every character that must not reach a Set-Cookie raw. */
const AWKWARD = 'a;b=c d,"é"\\ 日本';

describe('serializeCookie', () => {
  it('writes name=value with Path=/ when no options are given', () => {
    expect(serializeCookie('sid', 'abc')).to.equal('sid=abc; Path=/');
  });

  it('percent-encodes the value with encodeURIComponent, as Express does', () => {
    expect(serializeCookie('v', AWKWARD)).to.equal(`v=${encodeURIComponent(AWKWARD)}; Path=/`);
  });

  it('uses the encode option instead of encodeURIComponent when given', () => {
    expect(serializeCookie('v', 'abc', { encode: (s) => s.toUpperCase() })).to.equal('v=ABC; Path=/');
  });

  it('accepts a DQUOTE-wrapped value from encode, which RFC 6265 allows', () => {
    expect(serializeCookie('v', 'abc', { encode: (s) => `"${s}"` })).to.equal('v="abc"; Path=/');
  });

  it('writes maxAge, given in milliseconds, as Max-Age in whole seconds', () => {
    expect(serializeCookie('a', '1', { maxAge: 90_500 })).to.equal('a=1; Max-Age=90; Path=/');
  });

  it('writes expires as an IMF-fixdate', () => {
    expect(serializeCookie('a', '1', { expires: new Date(Date.UTC(2030, 0, 2, 3, 4, 5)) })).to.equal(
      'a=1; Path=/; Expires=Wed, 02 Jan 2030 03:04:05 GMT',
    );
  });

  it('writes every attribute when all are given', () => {
    expect(
      serializeCookie('a', '1', {
        maxAge: 1000, domain: 'example.com', path: '/app', expires: new Date(0), httpOnly: true, secure: true,
        partitioned: true, priority: 'high', sameSite: 'none',
      }),
    ).to.equal('a=1; Max-Age=1; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly; Secure; Partitioned; Priority=High; SameSite=None');
  });

  it('writes sameSite true as SameSite=Strict and false as nothing', () => {
    expect(serializeCookie('a', '1', { sameSite: true })).to.equal('a=1; Path=/; SameSite=Strict');
    expect(serializeCookie('a', '1', { sameSite: false })).to.equal('a=1; Path=/');
  });

  it('writes sameSite lax and priority low and medium in their canonical case', () => {
    expect(serializeCookie('a', '1', { sameSite: 'lax', priority: 'low' })).to.equal('a=1; Path=/; Priority=Low; SameSite=Lax');
    expect(serializeCookie('a', '1', { priority: 'medium' })).to.equal('a=1; Path=/; Priority=Medium');
  });

  it('leaves out HttpOnly, Secure and Partitioned when they are false', () => {
    expect(serializeCookie('a', '1', { httpOnly: false, secure: false, partitioned: false })).to.equal('a=1; Path=/');
  });

  it('accepts a __Secure- cookie with secure, and a __Host- cookie with secure and path /', () => {
    expect(serializeCookie('__Secure-id', '1', { secure: true })).to.equal('__Secure-id=1; Path=/; Secure');
    expect(serializeCookie('__Host-id', '1', { secure: true, path: '/' })).to.equal('__Host-id=1; Path=/; Secure');
  });

  describe('refusals', () => {
    for (const name of ['', 'a b', 'a=b', 'a;b', 'a,b', '"a"', 'é', 'a\r\nX: 1']) {
      it(`refuses the name ${JSON.stringify(name)}, which is not a token`, () => {
        expect(refusal(name, 'v').message).to.contain('token');
      });
    }

    it('refuses an encode result that holds a character a cookie value may not, naming the cookie', () => {
      const err = refusal('sid', 'a;b', { encode: (s) => s });
      expect(err.message).to.contain('"sid"').and.contain('encode');
    });

    for (const raw of ['a b', 'a"b', 'a,b', 'a\\b', 'a\tb', 'a\r\nX-Evil: 1', 'é']) {
      it(`refuses the encoded value ${JSON.stringify(raw)}`, () => {
        refusal('v', raw, { encode: (s) => s });
      });
    }

    it('refuses a value that is not a string, saying how to convert it', () => {
      expect(refusal('n', 5 as unknown as string).message).to.contain('String(n)');
    });

    it('refuses a name and value over 4096 bytes, which browsers drop', () => {
      expect(refusal('big', 'x'.repeat(4094)).message).to.contain('4096');
    });

    for (const maxAge of [1.5, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      it(`refuses maxAge ${maxAge}`, () => {
        expect(refusal('a', '1', { maxAge }).message).to.contain('maxAge');
      });
    }

    it('refuses an invalid Date for expires', () => {
      expect(refusal('a', '1', { expires: new Date('nope') }).message).to.contain('expires');
    });

    for (const option of ['domain', 'path'] as const) {
      for (const bad of ['/x;y', '/x\r\ny', '/x\0']) {
        it(`refuses a ${option} holding ${JSON.stringify(bad)}`, () => {
          expect(refusal('a', '1', { [option]: bad }).message).to.contain(option);
        });
      }
    }

    it('refuses a path that does not start with /, which browsers ignore', () => {
      expect(refusal('a', '1', { path: 'app' }).message).to.contain("start with '/'");
    });

    it('refuses SameSite=None without Secure, which browsers drop', () => {
      expect(refusal('a', '1', { sameSite: 'none' }).message).to.contain('secure: true');
    });

    it('refuses an unknown sameSite', () => {
      expect(refusal('a', '1', { sameSite: 'loose' as 'lax' }).message).to.contain('sameSite');
    });

    it('refuses an unknown priority', () => {
      expect(refusal('a', '1', { priority: 'urgent' as 'high' }).message).to.contain('priority');
    });

    it('refuses Partitioned without Secure', () => {
      expect(refusal('a', '1', { partitioned: true }).message).to.contain('secure: true');
    });

    it('refuses a __Secure- cookie without secure, whatever the prefix case', () => {
      expect(refusal('__Secure-id', '1').message).to.contain('__Secure-');
      refusal('__secure-id', '1');
    });

    it('refuses a __Host- cookie without secure', () => {
      expect(refusal('__Host-id', '1').message).to.contain('__Host-');
    });

    it('refuses a __Host- cookie with a domain', () => {
      refusal('__Host-id', '1', { secure: true, domain: 'example.com' });
    });

    it('refuses a __Host- cookie with a path other than /', () => {
      refusal('__Host-id', '1', { secure: true, path: '/app' });
    });

    it('refuses an unknown option, listing the known ones', () => {
      const err = refusal('a', '1', { httponly: true } as CookieOptions);
      expect(err.message).to.contain('"httponly"').and.contain('httpOnly');
    });

    it('refuses Express\'s signed option, saying wirework does not sign cookies', () => {
      expect(refusal('a', '1', { signed: true } as CookieOptions).message).to.contain('does not sign');
    });

    it('refuses a boolean option given as a string, which would count as true', () => {
      expect(refusal('a', '1', { secure: 'false' as unknown as boolean }).message).to.contain('secure must be true or false');
    });
  });
});

describe('serializeClearCookie', () => {
  it('writes an empty, expired cookie that keeps the path and domain', () => {
    expect(serializeClearCookie('sid', { path: '/app', domain: 'example.com' })).to.equal(
      'sid=; Max-Age=0; Domain=example.com; Path=/app; Expires=Thu, 01 Jan 1970 00:00:00 GMT',
    );
  });

  it('ignores maxAge and expires, so the options that set the cookie can clear it', () => {
    expect(serializeClearCookie('sid', { maxAge: 60_000, expires: new Date(Date.now() + 60_000), httpOnly: true })).to.equal(
      'sid=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT; HttpOnly',
    );
  });

  it('applies the prefix rules, as the browser does to the clearing cookie too', () => {
    expect(() => serializeClearCookie('__Host-id', { path: '/' })).to.throw(TypeError, '__Host-');
  });
});

describe('Response.cookie and clearCookie', () => {
  /** Sets an awkward cookie on /set; answers /get with req.cookies.v. */
  function cookieHandler(req: Request, res: Response): void {
    if (req.path === '/set') res.cookie('v', AWKWARD, { httpOnly: true }).cookie('w', '2').text('set');
    else if (req.path === '/clear') res.clearCookie('v', { path: '/' }).text('cleared');
    else res.text(req.cookies.v ?? '(none)');
  }

  function cookieServer(): HttpServer {
    return new HttpServer(cookieHandler, { onError: () => {} });
  }

  /** `name=value` of a Set-Cookie line, as a browser sends it back. */
  const pair = (setCookie: string): string => setCookie.split(';')[0];

  it('sends each cookie as its own Set-Cookie line', async () => {
    const res = await inject(cookieServer(), { url: '/set' });
    expect(res.headers['set-cookie']).to.deep.equal([`v=${encodeURIComponent(AWKWARD)}; Path=/; HttpOnly`, 'w=2; Path=/']);
  });

  it('round-trips a value with ;, =, space and non-ASCII through inject() and req.cookies', async () => {
    const server = cookieServer();
    const set = await inject(server, { url: '/set' });
    const cookie = (set.headers['set-cookie'] as string[]).map(pair).join('; ');
    const got = await inject(server, { url: '/get', headers: { cookie } });
    expect(got.body).to.equal(AWKWARD);
  });

  it('round-trips the same value through a real server', async () => {
    const { server, port } = await startServer(cookieHandler);
    try {
      const client = await RawClient.connect(port);
      client.socket.write('GET /set HTTP/1.1\r\nHost: x\r\n\r\n');
      await client.until(() => client.responses.length === 1, 'the /set answer');
      const set = client.responses[0];
      const lines = set.headers['set-cookie'] as string[];
      expect(lines).to.have.length(2);
      client.socket.write(`GET /get HTTP/1.1\r\nHost: x\r\nCookie: ${lines.map(pair).join('; ')}\r\nConnection: close\r\n\r\n`);
      await client.until(() => client.responses.length === 2, 'the /get answer');
      expect(client.responses[1].body.toString('utf8')).to.equal(AWKWARD);
      client.socket.end();
    } finally {
      await server.close();
    }
  });

  it('clears a cookie with an empty value, Max-Age=0 and an Expires in 1970', async () => {
    const res = await inject(cookieServer(), { url: '/clear' });
    expect(res.headers['set-cookie']).to.deep.equal(['v=; Max-Age=0; Path=/; Expires=Thu, 01 Jan 1970 00:00:00 GMT']);
  });

  it('throws the TypeError to the handler and sends no Set-Cookie for a refused cookie', async () => {
    let thrown: unknown;
    const res = await inject(new HttpServer((req, res) => {
      try {
        res.cookie('a', '1', { sameSite: 'none' });
      } catch (err) {
        thrown = err;
      }
      res.text('ok');
    }, { onError: () => {} }), { url: '/' });
    expect(thrown).to.be.instanceOf(TypeError);
    expect(res.headers['set-cookie']).to.equal(undefined);
  });
});
