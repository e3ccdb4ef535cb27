import { expect } from 'chai';
import { buildRequest, repeatRequest } from '../../src/load/request-bytes';

describe('buildRequest', () => {
  it('writes the request line, a Host header and the blank line for a GET', () => {
    const bytes = buildRequest({ method: 'GET', target: '/users/1?x=2', host: '127.0.0.1:3000', headers: [] });
    expect(bytes.toString('latin1')).to.equal('GET /users/1?x=2 HTTP/1.1\r\nHost: 127.0.0.1:3000\r\n\r\n');
  });

  it('adds Content-Length and the body when a body is given', () => {
    const body = Buffer.from('{"a":1}');
    const bytes = buildRequest({ method: 'POST', target: '/echo', host: 'h', headers: [['Content-Type', 'application/json']], body });
    expect(bytes.toString('latin1')).to.equal(
      'POST /echo HTTP/1.1\r\nHost: h\r\nContent-Type: application/json\r\nContent-Length: 7\r\n\r\n{"a":1}',
    );
  });

  it('keeps a Host header given by the user instead of adding its own', () => {
    const bytes = buildRequest({ method: 'GET', target: '/', host: 'h', headers: [['host', 'example.test']] });
    expect(bytes.toString('latin1')).to.equal('GET / HTTP/1.1\r\nhost: example.test\r\n\r\n');
  });

  it('refuses a header value with CR or LF instead of smuggling a second header', () => {
    expect(() => buildRequest({ method: 'GET', target: '/', host: 'h', headers: [['x', 'a\r\nInjected: 1']] })).to.throw(/CR, LF or NUL/);
  });

  it('refuses a method that is not a token', () => {
    expect(() => buildRequest({ method: 'GE T', target: '/', host: 'h', headers: [] })).to.throw(/method token/);
  });
});

describe('repeatRequest', () => {
  it('lays n copies back to back', () => {
    const one = Buffer.from('GET / HTTP/1.1\r\n\r\n');
    expect(repeatRequest(one, 3).toString()).to.equal(one.toString().repeat(3));
  });
});
