import { expect } from 'chai';
import { headOf, parse, statusOf } from './helpers/parse';

const withFields = (fields: string, version = '1.1'): string => `GET / HTTP/${version}\r\n${fields}\r\n`;
const withHost = (fields: string): string => withFields(`Host: localhost\r\n${fields}`);

describe('RequestParser: header fields', () => {
  it('lists fields flat with lower-cased names and values as sent', () => {
    const head = headOf(withHost('Content-Type: text/plain\r\nX-Custom-Thing: Value\r\n'));
    expect(head.headers).to.deep.equal(['host', 'localhost', 'content-type', 'text/plain', 'x-custom-thing', 'Value']);
  });

  it('hands out the same interned string for a known name in any case', () => {
    const a = headOf(withHost('ACCEPT: a\r\n')).headers[2];
    const b = headOf(withHost('accept: b\r\n')).headers[2];
    expect(a).to.equal('accept');
    expect(b).to.equal('accept');
  });

  it('keeps repeated fields as separate entries in arrival order', () => {
    const head = headOf(withHost('Accept: a/b\r\nAccept: c/d\r\n'));
    expect(head.headers.slice(2)).to.deep.equal(['accept', 'a/b', 'accept', 'c/d']);
  });

  it('trims spaces and tabs around a value but not inside it', () => {
    expect(headOf(withHost('X-Foo: \t bar \t baz \t\r\n')).headers[3]).to.equal('bar \t baz');
  });

  it('accepts a value without a space after the colon', () => {
    expect(headOf(withHost('X-Foo:bar\r\n')).headers[3]).to.equal('bar');
  });

  it('accepts an empty value', () => {
    expect(headOf(withHost('X-Empty:\r\n')).headers[3]).to.equal('');
    expect(headOf(withHost('X-Empty:   \r\n')).headers[3]).to.equal('');
  });

  it('keeps obs-text bytes in values as latin1 characters', () => {
    const head = headOf(withHost('X-City: D\u00c3\u00bcsseldorf\r\nX-N: \u00a0v\u00a0\r\n'));
    expect(Buffer.from(head.headers[3], 'latin1')).to.deep.equal(Buffer.from('Düsseldorf', 'utf8'));
    expect(head.headers[5]).to.equal('\u00a0v\u00a0');
  });

  it('does not interpret a value that spells another field', () => {
    const out = parse('POST / HTTP/1.1\r\nHost: a\r\nX-Foo: Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\nhello');
    expect(out.messages[0].body.toString()).to.equal('hello');
  });

  it('answers 400 for whitespace between a field name and the colon', () => {
    expect(statusOf(withHost('X-Foo : bar\r\n'))).to.equal(400);
    expect(statusOf(withHost('X-Foo\t: bar\r\n'))).to.equal(400);
  });

  it('answers 400 for obs-fold continuation lines', () => {
    expect(statusOf(withHost('X-Foo: bar\r\n baz\r\n'))).to.equal(400);
    expect(statusOf(withHost('X-Foo: bar\r\n\tbaz\r\n'))).to.equal(400);
  });

  it('answers 400 for whitespace before the first field', () => {
    expect(statusOf(withFields(' Host: localhost\r\n'))).to.equal(400);
  });

  it('answers 400 for an empty name, a missing colon or a name that is not a token', () => {
    for (const line of [': bar', 'X-Foo bar', 'X-Foo', 'X[1]: bar', 'X@Foo: bar', 'X-F\u0000oo: bar', 'X-\u001bFoo: x', 'Transfer-Enc\u00c4\u00b1ng: chunked']) {
      expect(statusOf(withHost(line + '\r\n')), JSON.stringify(line)).to.equal(400);
    }
  });

  it('answers 400 for CR, NUL, DEL and other control characters in a value', () => {
    for (const value of ['a\rb', 'a\u0000b', 'a\u007fb', 'a\u000bb', 'chunked\f']) {
      expect(statusOf(withHost(`X-Foo: ${value}\r\n`)), JSON.stringify(value)).to.equal(400);
    }
  });

  it('answers 400 for a bare LF ending a line', () => {
    expect(statusOf('GET / HTTP/1.1\nHost: localhost\r\n\r\n')).to.equal(400);
    expect(statusOf('GET / HTTP/1.1\r\nX-A: 1\nHost: localhost\r\n\r\n')).to.equal(400);
    expect(statusOf('GET / HTTP/1.1\nHost: localhost\n\n')).to.equal(400);
    expect(statusOf('GET / HTTP/1.1\r\nHost: localhost\r\n\n')).to.equal(400);
  });

  it('answers 400 for a bare CR ending a line', () => {
    expect(statusOf('GET / HTTP/1.1\rHost: localhost\r\n\r\n')).to.equal(400);
    expect(statusOf('GET / HTTP/1.1\r\nX-Foo: bar\r\r\nHost: localhost\r\n\r\n')).to.equal(400);
    expect(statusOf('PUT / HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\rabc\r\n\r\n')).to.equal(400);
  });
});

describe('RequestParser: Host', () => {
  const hostStatus = (value: string): number | null => statusOf(withFields(`Host: ${value}\r\n`));

  it('accepts names, IPv4, ports, a trailing dot and bracketed IPv6', () => {
    for (const host of ['localhost', 'localhost:8080', '127.0.0.1', '[::1]:8080', '[::1]', 'localhost.', 'a-b.example_x.com', 'xn--bcher-kva.example']) {
      expect(hostStatus(host), host).to.equal(null);
    }
  });

  it('records the Host value as sent', () => {
    expect(headOf(withFields('HOST: [::1]:8080\r\n')).host).to.equal('[::1]:8080');
  });

  it('accepts an empty Host value', () => {
    expect(headOf(withFields('Host:\r\n')).host).to.equal('');
  });

  it('answers 400 for a list, inner space, userinfo, path or raw non-ASCII in Host', () => {
    for (const host of ['localhost, evil.example', 'a,b', 'local host', 'user@localhost', 'localhost/x', 'b\u00c3\u00bccher.example']) {
      expect(hostStatus(host), host).to.equal(400);
    }
  });

  it('answers 400 for bad or overlong ports', () => {
    for (const host of ['localhost:abc', 'localhost:65536', 'localhost:123456', 'localhost:8080:1', ':80']) {
      expect(hostStatus(host), host).to.equal(400);
    }
  });

  it('answers 400 for an unbracketed or unterminated IPv6 address', () => {
    for (const host of ['::1', '[::1', '[::1]x', '[zz::1]']) expect(hostStatus(host), host).to.equal(400);
  });

  it('answers 400 for an HTTP/1.1 request without Host', () => {
    expect(statusOf('GET / HTTP/1.1\r\n\r\n')).to.equal(400);
  });

  it('answers 400 for two Host fields, equal or not', () => {
    expect(statusOf(withFields('Host: a\r\nHost: a\r\n'))).to.equal(400);
    expect(statusOf(withFields('Host: a\r\nHost: b\r\n'))).to.equal(400);
  });

  it('lets HTTP/1.0 omit Host', () => {
    expect(headOf('GET / HTTP/1.0\r\n\r\n').host).to.equal('');
  });

  it('still validates a Host sent with HTTP/1.0', () => {
    expect(statusOf(withFields('Host: a b\r\n', '1.0'))).to.equal(400);
  });
});

describe('RequestParser: Connection, Expect and Upgrade', () => {
  it('keeps an HTTP/1.1 connection alive by default', () => {
    expect(headOf(withHost('')).keepAlive).to.equal(true);
  });

  it('closes an HTTP/1.1 connection on a close token anywhere in the Connection lists', () => {
    expect(headOf(withHost('Connection: close\r\n')).keepAlive).to.equal(false);
    expect(headOf(withHost('Connection: CLOSE\r\n')).keepAlive).to.equal(false);
    expect(headOf(withHost('Connection: keep-alive, close\r\n')).keepAlive).to.equal(false);
    expect(headOf(withHost('Connection: foo\r\nConnection: bar,close\r\n')).keepAlive).to.equal(false);
  });

  it('does not mistake a token that merely starts with close', () => {
    expect(headOf(withHost('Connection: closed\r\n')).keepAlive).to.equal(true);
  });

  it('closes an HTTP/1.0 connection unless keep-alive is asked for', () => {
    expect(headOf('GET / HTTP/1.0\r\n\r\n').keepAlive).to.equal(false);
    expect(headOf('GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n').keepAlive).to.equal(true);
    expect(headOf('GET / HTTP/1.0\r\nConnection: keep-alive, close\r\n\r\n').keepAlive).to.equal(false);
  });

  it('flags Expect: 100-continue in any case', () => {
    expect(headOf(withHost('Expect: 100-continue\r\n')).expectContinue).to.equal(true);
    expect(headOf(withHost('Expect: 100-Continue\r\n')).expectContinue).to.equal(true);
    expect(headOf(withHost('')).expectContinue).to.equal(false);
  });

  it('answers 417 for any other expectation instead of a head', () => {
    const out = parse(withHost('Expect: something-else\r\n'));
    expect(out.error?.status).to.equal(417);
    expect(out.messages).to.have.length(0);
  });

  it('ignores Expect in HTTP/1.0', () => {
    const head = headOf('GET / HTTP/1.0\r\nExpect: 100-continue\r\n\r\n');
    expect(head.expectContinue).to.equal(false);
    expect(statusOf('GET / HTTP/1.0\r\nExpect: foo\r\n\r\n')).to.equal(null);
  });

  it('flags an upgrade only when Connection names it and Upgrade is present', () => {
    expect(headOf(withHost('Connection: Upgrade\r\nUpgrade: websocket\r\n')).upgrade).to.equal(true);
    expect(headOf(withHost('Upgrade: websocket\r\n')).upgrade).to.equal(false);
    expect(headOf(withHost('Connection: upgrade\r\n')).upgrade).to.equal(false);
  });
});
