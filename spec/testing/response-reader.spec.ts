import { expect } from 'chai';
import { ResponseParseError, ResponseReader, readResponses } from '../../src/testing/response-reader';

describe('ResponseReader', () => {
  it('reads Content-Length framed responses back to back', () => {
    const rs = readResponses('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
    expect(rs.map((r) => [r.statusCode, r.statusMessage, r.body.toString()])).to.deep.equal([[200, 'OK', 'ok'], [404, 'Not Found', '']]);
  });

  it('decodes a chunked body with extensions and trailers', () => {
    const [r] = readResponses('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n2\r\nde\r\n0\r\nT: v\r\n\r\n');
    expect(r.body.toString()).to.equal('abcde');
  });

  it('reads a close-delimited body only once the stream ends', () => {
    const reader = new ResponseReader();
    expect(reader.push(Buffer.from('HTTP/1.1 200 OK\r\n\r\npart'))).to.deep.equal([]);
    const [r] = reader.end();
    expect(r.body.toString()).to.equal('part');
    expect(r.closeDelimited).to.equal(true);
  });

  it('knows HEAD, 204 and 304 answers have no body whatever their fields say', () => {
    const rs = readResponses(
      'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/1.1 204 No Content\r\n\r\nHTTP/1.1 304 Not Modified\r\nContent-Length: 9\r\n\r\n',
      ['HEAD', 'GET', 'GET'],
    );
    expect(rs.map((r) => [r.statusCode, r.body.length])).to.deep.equal([[200, 0], [204, 0], [304, 0]]);
  });

  it('reports 1xx interim responses apart from the final one', () => {
    const rs = readResponses('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx');
    expect(rs.map((r) => [r.statusCode, r.interim])).to.deep.equal([[100, true], [200, false]]);
  });

  it('keeps repeated fields as arrays', () => {
    const [r] = readResponses('HTTP/1.1 200 OK\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\nContent-Length: 0\r\n\r\n');
    expect(r.headers['set-cookie']).to.deep.equal(['a=1', 'b=2']);
  });

  it('throws on a response with both Transfer-Encoding and Content-Length', () => {
    expect(() => readResponses('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Length: 3\r\n\r\n0\r\n\r\n')).to.throw(ResponseParseError);
  });

  it('throws when the stream ends inside a body', () => {
    expect(() => readResponses('HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nab')).to.throw(ResponseParseError, /inside a length-framed body/);
  });

  it('throws on a bad status line', () => {
    expect(() => readResponses('HTTP/1.1 OK\r\n\r\n')).to.throw(ResponseParseError, /status line/);
  });

  it('reads a response split at every byte', () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const reader = new ResponseReader();
    const got = [];
    for (const byte of Buffer.from(text)) got.push(...reader.push(Buffer.from([byte])));
    expect(got.map((r) => r.body.toString())).to.deep.equal(['abc']);
  });
});
