import { expect } from 'chai';
import { BodyKind } from '../../src/http/types';
import { headOf, parse, statusOf } from './helpers/parse';

const GET = (target: string, extra = ''): string => `GET ${target} HTTP/1.1\r\nHost: localhost\r\n${extra}\r\n`;

describe('RequestParser: request line', () => {
  it('parses a simple GET into method, target, path, query and version', () => {
    const head = headOf(GET('/a/b?x=1&y=2'));
    expect(head.method).to.equal('GET');
    expect(head.target).to.equal('/a/b?x=1&y=2');
    expect(head.path).to.equal('/a/b');
    expect(head.query).to.equal('x=1&y=2');
    expect(head.versionMinor).to.equal(1);
    expect(head.bodyKind).to.equal(BodyKind.None);
    expect(head.host).to.equal('localhost');
  });

  it('reports an empty query when there is no question mark', () => {
    const head = headOf(GET('/plain'));
    expect(head.path).to.equal('/plain');
    expect(head.query).to.equal('');
  });

  it('keeps everything after the first question mark as the query', () => {
    expect(headOf(GET('/?a=b?c')).query).to.equal('a=b?c');
  });

  it('completes a body-less request right after its head', () => {
    const out = parse(GET('/'));
    expect(out.messages).to.have.length(1);
    expect(out.messages[0].complete).to.equal(true);
    expect(out.messages[0].trailers).to.equal(null);
  });

  it('passes unknown but valid method tokens through as sent', () => {
    expect(headOf('FOO / HTTP/1.1\r\nHost: a\r\n\r\n').method).to.equal('FOO');
    expect(headOf('get / HTTP/1.1\r\nHost: a\r\n\r\n').method).to.equal('get');
  });

  it('serves HTTP/1.0 as minor version 0', () => {
    expect(headOf('GET / HTTP/1.0\r\n\r\n').versionMinor).to.equal(0);
  });

  it('serves a higher HTTP/1.x minor version as 1.1', () => {
    expect(headOf('GET / HTTP/1.2\r\nHost: a\r\n\r\n').versionMinor).to.equal(1);
    expect(headOf('GET / HTTP/1.9\r\nHost: a\r\n\r\n').versionMinor).to.equal(1);
  });

  it('answers 505 for HTTP/2.0, HTTP/3.0 and HTTP/0.9', () => {
    expect(statusOf('GET / HTTP/2.0\r\nHost: a\r\n\r\n')).to.equal(505);
    expect(statusOf('GET / HTTP/3.0\r\nHost: a\r\n\r\n')).to.equal(505);
    expect(statusOf('GET / HTTP/0.9\r\nHost: a\r\n\r\n')).to.equal(505);
    expect(statusOf('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')).to.equal(505);
  });

  it('answers 400 for a request line without a version (HTTP/0.9 style)', () => {
    expect(statusOf('GET /\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for malformed versions', () => {
    for (const v of ['HTTP/1.1x', 'HTTP/01.1', 'HTTP/1.1.1', 'HTTP/ 1.1', 'HTTP/11.1', 'http/1.1', 'HTTP/1', 'HTTP/4294967297.1']) {
      expect(statusOf(`GET / ${v}\r\nHost: a\r\n\r\n`), v).to.equal(400);
    }
  });

  it('answers 400 for a NUL inside the version', () => {
    expect(statusOf('GET / HTTP/1.1\u0000\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for a trailing space or an extra token after the version', () => {
    expect(statusOf('GET / HTTP/1.1 \r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET / HTTP/1.1 extra\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for a missing target or doubled spaces', () => {
    expect(statusOf('GET HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET  / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for a leading space or tabs as separators', () => {
    expect(statusOf(' GET / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET\t/\tHTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for a method that is not a token', () => {
    expect(statusOf('GE(T / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('G\u0000ET / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('G\u00c3\u0089T / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('\u0000GET / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 501 for a method longer than any implemented method', () => {
    expect(statusOf(`${'A'.repeat(1000)} / HTTP/1.1\r\nHost: a\r\n\r\n`)).to.equal(501);
  });

  it('answers 400 for a garbage line', () => {
    expect(statusOf('GARBAGE\r\n\r\n')).to.equal(400);
  });

  it('ignores empty lines before the request line', () => {
    const out = parse('\r\n\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(out.error).to.equal(null);
    expect(out.messages).to.have.length(1);
  });

  it('answers 400 when empty lines before the request line exceed the request-line budget', () => {
    expect(statusOf('\r\n'.repeat(5000) + 'GET / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });
});

describe('RequestParser: request target', () => {
  it('answers 400 for control characters, DEL and raw non-ASCII bytes in the target', () => {
    expect(statusOf(GET('/a\u0001b'))).to.equal(400);
    expect(statusOf(GET('/a\u007fb'))).to.equal(400);
    expect(statusOf(GET('/caf\u00c3\u00a9'))).to.equal(400);
  });

  it('answers 400 for a fragment, a backslash, a double quote or angle brackets in the target', () => {
    for (const t of ['/#frag', '/a\\b', '/"x"', '/<x>']) expect(statusOf(GET(t)), t).to.equal(400);
  });

  it('accepts braces, pipes, carets and brackets that browsers leave raw in queries', () => {
    expect(headOf(GET('/a?q={"a"|b}^[1]'.replace(/"/g, ''))).query).to.equal('q={a|b}^[1]');
  });

  it('accepts a path that starts with two slashes as an origin-form path', () => {
    expect(headOf(GET('//localhost/')).path).to.equal('//localhost/');
  });

  it('answers 400 for a target without a leading slash', () => {
    expect(statusOf(GET('foo'))).to.equal(400);
  });

  it('reduces an absolute-form target to origin-form and takes its authority as host', () => {
    const head = headOf('POST http://localhost:8080/echo?x=1 HTTP/1.1\r\nHost: elsewhere.example\r\n\r\n');
    expect(head.target).to.equal('/echo?x=1');
    expect(head.path).to.equal('/echo');
    expect(head.query).to.equal('x=1');
    expect(head.host).to.equal('localhost:8080');
  });

  it('reduces an absolute-form target with an empty path to "/"', () => {
    expect(headOf('GET http://localhost HTTP/1.1\r\nHost: a\r\n\r\n').target).to.equal('/');
    expect(headOf('GET HTTPS://localhost?q HTTP/1.1\r\nHost: a\r\n\r\n').target).to.equal('/?q');
  });

  it('answers 400 for userinfo, an empty host or another scheme in an absolute-form target', () => {
    expect(statusOf('GET http://user:pw@localhost/ HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET http:///x HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET ftp://localhost/ HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
    expect(statusOf('GET http://local host/ HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('still requires a Host field with an absolute-form target in HTTP/1.1', () => {
    expect(statusOf('GET http://localhost/ HTTP/1.1\r\n\r\n')).to.equal(400);
  });

  it('accepts the asterisk form for OPTIONS only', () => {
    const head = headOf('OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(head.target).to.equal('*');
    expect(head.path).to.equal('*');
    expect(statusOf(GET('*'))).to.equal(400);
  });

  it('reads OPTIONS with an absolute-form target of empty path as the asterisk form (RFC 9112 §3.2.4)', () => {
    const head = headOf('OPTIONS http://localhost:8001 HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(head.target).to.equal('*');
    expect(head.path).to.equal('*');
    expect(head.host).to.equal('localhost:8001');
    expect(headOf('OPTIONS http://localhost:8001/ HTTP/1.1\r\nHost: a\r\n\r\n').target).to.equal('/');
    expect(headOf('OPTIONS http://localhost:8001?q HTTP/1.1\r\nHost: a\r\n\r\n').target).to.equal('/?q');
  });

  it('answers 400 for the authority form with a method other than CONNECT', () => {
    expect(statusOf(GET('127.0.0.1:80'))).to.equal(400);
  });

  it('answers 501 for CONNECT with an authority-form target', () => {
    expect(statusOf('CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n')).to.equal(501);
  });

  it('answers 400 for CONNECT with an origin-form target', () => {
    expect(statusOf('CONNECT / HTTP/1.1\r\nHost: a\r\n\r\n')).to.equal(400);
  });

  it('answers 414 for a request line longer than maxRequestLineBytes', () => {
    expect(statusOf(GET('/' + 'p'.repeat(102400)))).to.equal(414);
    expect(statusOf(GET('/' + 'p'.repeat(200)), { limits: { maxRequestLineBytes: 100 } })).to.equal(414);
  });

  it('accepts a request line of 8000 octets by default', () => {
    expect(headOf(GET('/' + 'p'.repeat(7983))).path).to.have.length(7984);
  });

  it('answers 414 for an unterminated request line as soon as it passes the limit', () => {
    expect(statusOf(['GET /' + 'r'.repeat(5000), 'r'.repeat(5000)])).to.equal(414);
  });
});
