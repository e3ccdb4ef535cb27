import { expect } from 'chai';
import { HttpError } from '../../../src/http/errors';
import { RouteTable, RouteMatch } from '../../../src/core/router';

function table(routes: Array<[string, string, string?]>): RouteTable<string> {
  const t = new RouteTable<string>();
  for (const [method, pattern, name] of routes) t.add(method, pattern, name ?? `${method} ${pattern}`, `C.${name ?? 'h'}`);
  t.compile();
  return t;
}

function found(m: RouteMatch<string>): { route: string; params: Record<string, string> } {
  expect(m, 'a route').to.not.equal(null);
  expect(m!.allow, 'not a 405').to.equal(undefined);
  return { route: m!.route as string, params: { ...m!.params } };
}

describe('RouteTable', () => {
  describe('static routes', () => {
    it('finds a static path', () => {
      const t = table([['GET', '/health', 'health'], ['GET', '/users', 'users']]);
      expect(found(t.match('GET', '/users'))).to.deep.equal({ route: 'users', params: {} });
    });

    it('returns the same prebuilt result for every request to a static path', () => {
      const t = table([['GET', '/health', 'health']]);
      expect(t.match('GET', '/health')).to.equal(t.match('GET', '/health'));
    });

    it('gives static routes frozen params so a shared result cannot be corrupted', () => {
      const t = table([['GET', '/health', 'health']]);
      expect(Object.isFrozen(t.match('GET', '/health')!.params)).to.equal(true);
    });

    it('answers null for a path no route has', () => {
      const t = table([['GET', '/health']]);
      expect(t.match('GET', '/nope')).to.equal(null);
    });

    it('serves the root path', () => {
      const t = table([['GET', '/', 'root']]);
      expect(found(t.match('GET', '/')).route).to.equal('root');
    });

    it('matches static paths case-sensitively', () => {
      const t = table([['GET', '/Users', 'users']]);
      expect(t.match('GET', '/users')).to.equal(null);
    });

    it('matches a non-ASCII static pattern against its percent-encoded request path', () => {
      const t = table([['GET', '/café', 'cafe']]);
      expect(found(t.match('GET', '/caf%C3%A9')).route).to.equal('cafe');
    });
  });

  describe('equivalent spellings of a path (RFC 3986 §6.2.2)', () => {
    it('finds /users/me for /users/%6De (regression: an escaped unreserved character missed the static route)', () => {
      const t = table([['GET', '/users/me', 'me'], ['GET', '/users/:id', 'one']]);
      expect(found(t.match('GET', '/users/%6De'))).to.deep.equal({ route: 'me', params: {} });
    });

    it('finds /café for lower-case hex, /caf%c3%a9', () => {
      const t = table([['GET', '/café', 'cafe']]);
      expect(found(t.match('GET', '/caf%c3%a9')).route).to.equal('cafe');
    });

    it('finds a static segment under a dynamic route through an escape', () => {
      const t = table([['GET', '/orgs/:org/repos', 'repos']]);
      expect(found(t.match('GET', '/orgs/acme/%72epos'))).to.deep.equal({ route: 'repos', params: { org: 'acme' } });
    });

    it('answers a declared escape of an unreserved character for the plain path', () => {
      const t = table([['GET', '/%61dmin', 'admin']]);
      expect(found(t.match('GET', '/admin')).route).to.equal('admin');
    });

    it('captures params from the normalised path and decodes them as before', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      expect(found(t.match('GET', '/users/%41b%2fc')).params).to.deep.equal({ id: 'Ab/c' });
    });

    it('keeps %2F inside its segment', () => {
      const t = table([['GET', '/a/b', 'ab'], ['GET', '/:x', 'x']]);
      expect(found(t.match('GET', '/a%2fb'))).to.deep.equal({ route: 'x', params: { x: 'a/b' } });
    });

    it('answers 405 with the Allow of the equivalent path', () => {
      const t = table([['GET', '/users/me'], ['DELETE', '/users/:id']]);
      expect(t.match('POST', '/users/%6de')).to.deep.include({ allow: 'GET, HEAD, DELETE, OPTIONS' });
    });

    it('finds the route through an escape with ignoreTrailingSlash too', () => {
      const t = new RouteTable<string>({ ignoreTrailingSlash: true });
      t.add('GET', '/users/me', 'me', 'C.me');
      t.compile();
      expect(found(t.match('GET', '/users/%6De/')).route).to.equal('me');
    });

    it('matches a path with a malformed escape as it arrived (a param answers 400, as before)', () => {
      const t = table([['GET', '/users/me', 'me'], ['GET', '/users/:id', 'one']]);
      expect(() => t.match('GET', '/users/%6De%zz')).to.throw(HttpError).with.property('status', 400);
      expect(() => t.match('GET', '/users/%%34%31')).to.throw(HttpError).with.property('status', 400);
    });
  });

  describe('trailing slash (strict, like Fastify)', () => {
    it('does not answer /a/ for a route declared as /a', () => {
      const t = table([['GET', '/a', 'a']]);
      expect(t.match('GET', '/a/')).to.equal(null);
    });

    it('does not answer /a for a route declared as /a/', () => {
      const t = table([['GET', '/a/', 'a']]);
      expect(t.match('GET', '/a')).to.equal(null);
    });

    it('keeps /a and /a/ as two different routes', () => {
      const t = table([['GET', '/a', 'bare'], ['GET', '/a/', 'slash']]);
      expect([found(t.match('GET', '/a')).route, found(t.match('GET', '/a/')).route]).to.deep.equal(['bare', 'slash']);
    });

    it('does not let a param match the empty segment of a trailing slash', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      expect(t.match('GET', '/users/')).to.equal(null);
    });
  });

  describe('params', () => {
    it('captures a :param', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      expect(found(t.match('GET', '/users/42'))).to.deep.equal({ route: 'one', params: { id: '42' } });
    });

    it('captures a {param} the same way', () => {
      const t = table([['GET', '/users/{id}', 'one']]);
      expect(found(t.match('GET', '/users/42'))).to.deep.equal({ route: 'one', params: { id: '42' } });
    });

    it('captures several params in one path', () => {
      const t = table([['GET', '/orgs/:org/repos/{repo}', 'repo']]);
      expect(found(t.match('GET', '/orgs/acme/repos/web')).params).to.deep.equal({ org: 'acme', repo: 'web' });
    });

    it('gives params objects no prototype, so inherited names are not params', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      const params = t.match('GET', '/users/1')!.params!;
      expect((params as Record<string, unknown>).constructor).to.equal(undefined);
    });

    it('gives each request its own params object', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      expect(t.match('GET', '/users/1')!.params).to.not.equal(t.match('GET', '/users/1')!.params);
    });

    it('does not match a param across a slash', () => {
      const t = table([['GET', '/users/:id', 'one']]);
      expect(t.match('GET', '/users/1/2')).to.equal(null);
    });

    it('treats a colon inside a segment as a literal character', () => {
      const t = table([['POST', '/things:batchGet', 'batch']]);
      expect(found(t.match('POST', '/things:batchGet')).route).to.equal('batch');
    });
  });

  describe('constraints', () => {
    it('matches a :param(\\d+) only when the segment is digits', () => {
      const t = table([['GET', '/users/:id(\\d+)', 'num']]);
      expect([found(t.match('GET', '/users/42')).params.id, t.match('GET', '/users/abc')]).to.deep.equal(['42', null]);
    });

    it('accepts the brace form {id:\\d+}', () => {
      const t = table([['GET', '/users/{id:\\d+}', 'num']]);
      expect([found(t.match('GET', '/users/42')).params.id, t.match('GET', '/users/abc')]).to.deep.equal(['42', null]);
    });

    it('accepts braces inside a brace-form constraint', () => {
      const t = table([['GET', '/years/{y:\\d{4}}', 'year']]);
      expect([found(t.match('GET', '/years/2024')).params.y, t.match('GET', '/years/24')]).to.deep.equal(['2024', null]);
    });

    it('requires the constraint to match the whole segment, not a prefix', () => {
      const t = table([['GET', '/users/:id(\\d+)', 'num']]);
      expect(t.match('GET', '/users/42abc')).to.equal(null);
    });

    it('keeps a constraint that could match anything inside its segment', () => {
      const t = table([['GET', '/a/:x(.+)/b', 'dot']]);
      expect([t.match('GET', '/a/1/2/b'), found(t.match('GET', '/a/1/b')).params.x]).to.deep.equal([null, '1']);
    });

    it('keeps a negated class constraint inside its segment', () => {
      const t = table([['GET', '/a/:x([^.]+)', 'neg']]);
      expect(t.match('GET', '/a/1/2')).to.equal(null);
    });

    it('does not let a constraint that accepts empty strings match an empty segment', () => {
      const t = table([['GET', '/a/:x(\\d*)', 'star']]);
      expect(t.match('GET', '/a/')).to.equal(null);
    });

    it('tests constraints on the normalised segment: unreserved escapes decoded, others still encoded', () => {
      const t = table([['GET', '/tags/:t([a-z]+)', 'tag']]);
      expect(found(t.match('GET', '/tags/%61bc')).params).to.deep.equal({ t: 'abc' });
      expect(t.match('GET', '/tags/a%2Cb')).to.equal(null);
    });

    it('orders two different constraints on the same position by declaration', () => {
      const t = table([['GET', '/x/:hex([0-9a-f]+)', 'hex'], ['GET', '/x/:num(\\d+)', 'num']]);
      expect([found(t.match('GET', '/x/12')).route, found(t.match('GET', '/x/ab')).route]).to.deep.equal(['hex', 'hex']);
    });

    it('falls through to the next constraint when the first does not match', () => {
      const t = table([['GET', '/x/:num(\\d+)', 'num'], ['GET', '/x/:slug([a-z]+)', 'slug']]);
      expect(found(t.match('GET', '/x/abc'))).to.deep.equal({ route: 'slug', params: { slug: 'abc' } });
    });
  });

  describe('wildcards', () => {
    it('captures the rest of the path, slashes included', () => {
      const t = table([['GET', '/files/*path', 'files']]);
      expect(found(t.match('GET', '/files/a/b/c.txt')).params).to.deep.equal({ path: 'a/b/c.txt' });
    });

    it('matches an empty rest after the slash', () => {
      const t = table([['GET', '/files/*path', 'files']]);
      expect(found(t.match('GET', '/files/')).params).to.deep.equal({ path: '' });
    });

    it('does not match the prefix without its slash', () => {
      const t = table([['GET', '/files/*path', 'files']]);
      expect(t.match('GET', '/files')).to.equal(null);
    });

    it("names a bare * wildcard '*'", () => {
      const t = table([['GET', '/static/*', 'static']]);
      expect(found(t.match('GET', '/static/css/app.css')).params).to.deep.equal({ '*': 'css/app.css' });
    });

    it('decodes the rest once, including %2F', () => {
      const t = table([['GET', '/files/*path', 'files']]);
      expect(found(t.match('GET', '/files/a%2Fb/c%20d')).params.path).to.equal('a/b/c d');
    });

    it('is exempt from the param length limit', () => {
      const t = table([['GET', '/files/*path', 'files']]);
      const long = 'dir/'.repeat(60) + 'f.txt';
      expect(found(t.match('GET', '/files/' + long)).params.path).to.equal(long);
    });

    it('lets a catch-all /* answer every path no other route has', () => {
      const t = table([['GET', '/*', 'fallback'], ['GET', '/api/users', 'users']]);
      expect([found(t.match('GET', '/api/users')).route, found(t.match('GET', '/anything/else')).route]).to.deep.equal(['users', 'fallback']);
    });
  });

  describe('priority', () => {
    it('prefers a static segment over a param when the param is declared first', () => {
      const t = table([['GET', '/users/:id', 'one'], ['GET', '/users/me', 'me']]);
      expect(found(t.match('GET', '/users/me')).route).to.equal('me');
    });

    it('prefers a static segment over a param when the static is declared first', () => {
      const t = table([['GET', '/users/me', 'me'], ['GET', '/users/:id', 'one']]);
      expect([found(t.match('GET', '/users/me')).route, found(t.match('GET', '/users/7')).route]).to.deep.equal(['me', 'one']);
    });

    it('prefers a constrained param over a plain param whatever the declaration order', () => {
      const t = table([['GET', '/users/:slug', 'slug'], ['GET', '/users/:id(\\d+)', 'num']]);
      expect([found(t.match('GET', '/users/7')).route, found(t.match('GET', '/users/bob')).route]).to.deep.equal(['num', 'slug']);
    });

    it('prefers a param over a wildcard', () => {
      const t = table([['GET', '/f/*rest', 'wild'], ['GET', '/f/:name', 'name']]);
      expect([found(t.match('GET', '/f/x')).route, found(t.match('GET', '/f/x/y')).route]).to.deep.equal(['name', 'wild']);
    });

    it('compares segments from the left: a static first segment wins over a later one', () => {
      const t = table([['GET', '/:a/b', 'paramFirst'], ['GET', '/a/:b', 'staticFirst']]);
      expect(found(t.match('GET', '/a/b')).route).to.equal('staticFirst');
    });

    it('prefers a deeper static prefix over a shallower wildcard', () => {
      const t = table([['GET', '/a/*', 'wild'], ['GET', '/a/b/:c', 'deep']]);
      expect(found(t.match('GET', '/a/b/c')).route).to.equal('deep');
    });

    it('falls back to a less specific route when the specific one fails later in the path', () => {
      const t = table([['GET', '/a/:x/c', 'param'], ['GET', '/a/b/d', 'static']]);
      expect(found(t.match('GET', '/a/b/c'))).to.deep.equal({ route: 'param', params: { x: 'b' } });
    });
  });

  describe('methods', () => {
    it('answers the allowed methods when the path exists under other methods only', () => {
      const t = table([['GET', '/users'], ['POST', '/users']]);
      expect(t.match('DELETE', '/users')).to.deep.include({ allow: 'GET, HEAD, POST, OPTIONS' });
    });

    it('computes the allow list for dynamic paths from every method that matches', () => {
      const t = table([['GET', '/users/me'], ['DELETE', '/users/:id'], ['PUT', '/users/:id(\\d+)']]);
      expect([t.match('PATCH', '/users/me')!.allow, t.match('PATCH', '/users/7')!.allow]).to.deep.equal([
        'GET, HEAD, DELETE, OPTIONS',
        'PUT, DELETE, OPTIONS',
      ]);
    });

    it('answers null, not an allow list, when no method has the path', () => {
      const t = table([['GET', '/users']]);
      expect(t.match('POST', '/nope')).to.equal(null);
    });

    it('answers an allow list for a method no route declares', () => {
      const t = table([['GET', '/users']]);
      expect(t.match('PROPFIND', '/users')!.allow).to.equal('GET, HEAD, OPTIONS');
    });

    it('serves HEAD with the GET route when no HEAD route exists', () => {
      const t = table([['GET', '/users/:id', 'get']]);
      expect(found(t.match('HEAD', '/users/1'))).to.deep.equal({ route: 'get', params: { id: '1' } });
    });

    it('prefers an explicit HEAD route over the GET route', () => {
      const t = table([['GET', '/users/:id', 'get'], ['HEAD', '/users/:id', 'head']]);
      expect(found(t.match('HEAD', '/users/1')).route).to.equal('head');
    });

    it('answers OPTIONS with an allow list when no OPTIONS route exists', () => {
      const t = table([['GET', '/users'], ['POST', '/users']]);
      expect(t.match('OPTIONS', '/users')!.allow).to.equal('GET, HEAD, POST, OPTIONS');
    });

    it('lists OPTIONS in the allow list even when another path declares an OPTIONS route', () => {
      const t = table([['GET', '/users'], ['OPTIONS', '/other']]);
      expect(t.match('OPTIONS', '/users')!.allow).to.equal('GET, HEAD, OPTIONS');
    });

    it('lets a declared OPTIONS route answer OPTIONS', () => {
      const t = table([['GET', '/users'], ['OPTIONS', '/users', 'opts']]);
      expect(found(t.match('OPTIONS', '/users')).route).to.equal('opts');
    });

    it('matches method names case-insensitively at declaration, case-sensitively per request', () => {
      const t = table([['get', '/users', 'users']]);
      expect([found(t.match('GET', '/users')).route, t.match('get', '/users')!.allow]).to.deep.equal(['users', 'GET, HEAD, OPTIONS']);
    });
  });

  describe('ALL routes', () => {
    it('answers any method', () => {
      const t = table([['ALL', '/proxy/*rest', 'all']]);
      expect(['GET', 'POST', 'PROPFIND', 'OPTIONS'].map((m) => found(t.match(m, '/proxy/x')).route)).to.deep.equal(['all', 'all', 'all', 'all']);
    });

    it('loses to an explicit method route on the same pattern', () => {
      const t = table([['ALL', '/x', 'all'], ['GET', '/x', 'get']]);
      expect([found(t.match('GET', '/x')).route, found(t.match('POST', '/x')).route]).to.deep.equal(['get', 'all']);
    });

    it('wins over an explicit method route when its path is more specific', () => {
      const t = table([['GET', '/users/:id', 'get'], ['ALL', '/users/me', 'all']]);
      expect(found(t.match('GET', '/users/me')).route).to.equal('all');
    });

    it('serves HEAD after an explicit GET route on the same pattern', () => {
      const t = table([['ALL', '/x/:id', 'all'], ['GET', '/x/:id', 'get']]);
      expect(found(t.match('HEAD', '/x/1')).route).to.equal('get');
    });
  });

  describe('lifecycle', () => {
    it('refuses to match before compile()', () => {
      const t = new RouteTable<string>();
      t.add('GET', '/a', 'a', 'C.a');
      expect(() => t.match('GET', '/a')).to.throw(/before compile/);
    });

    it('lists the declared routes in declaration order for the startup log', () => {
      const t = table([['GET', '/b', 'b'], ['POST', '/a', 'a']]);
      expect(t.routes()).to.deep.equal([
        { method: 'GET', pattern: '/b', owner: 'C.b' },
        { method: 'POST', pattern: '/a', owner: 'C.a' },
      ]);
    });
  });
});
