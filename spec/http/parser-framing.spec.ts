import { expect } from 'chai';
import { BodyKind } from '../../src/http/types';
import { headOf, parse, statusOf } from './helpers/parse';

const post = (fields: string, body = '', version = '1.1'): string =>
  `POST /echo HTTP/${version}\r\n${version === '1.1' ? 'Host: localhost\r\n' : ''}${fields}\r\n${body}`;
const chunked = (body: string): string => post('Transfer-Encoding: chunked\r\n', body);

describe('RequestParser: Content-Length', () => {
  it('frames a body by Content-Length', () => {
    const out = parse(post('Content-Length: 11\r\n', 'hello world'));
    expect(out.messages[0].head.bodyKind).to.equal(BodyKind.Length);
    expect(out.messages[0].head.contentLength).to.equal(11);
    expect(out.messages[0].body.toString()).to.equal('hello world');
    expect(out.messages[0].complete).to.equal(true);
  });

  it('reports Content-Length: 0 as a declared empty body and completes at once', () => {
    const out = parse(post('Content-Length: 0\r\n'));
    expect(out.messages[0].head.bodyKind).to.equal(BodyKind.Length);
    expect(out.messages[0].head.contentLength).to.equal(0);
    expect(out.messages[0].complete).to.equal(true);
  });

  it('reads leading zeros as decimal, not octal', () => {
    expect(headOf(post('Content-Length: 010\r\n', '0123456789')).contentLength).to.equal(10);
  });

  it('accepts the name in any case and tabs around the value', () => {
    expect(headOf(post('CONTENT-LENGTH:\t5\t\r\n', 'hello')).contentLength).to.equal(5);
  });

  it('accepts repeated identical values, as fields or as a list', () => {
    expect(headOf(post('Content-Length: 5\r\nContent-Length: 5\r\n', 'hello')).contentLength).to.equal(5);
    expect(headOf(post('Content-Length: 5, 5\r\n', 'hello')).contentLength).to.equal(5);
  });

  it('answers 400 for differing values', () => {
    expect(statusOf(post('Content-Length: 5\r\nContent-Length: 6\r\n', 'hello!'))).to.equal(400);
    expect(statusOf(post('Content-Length: 5, 6\r\n', 'hello'))).to.equal(400);
  });

  it('answers 400 for every malformed value', () => {
    for (const v of ['', ',', '-1', '+5', '1_0', '5x', '1 0', '5e0', '5.0', '0x5', 'Infinity', '\u00ef\u00bc\u0095', '5,', ', 5']) {
      expect(statusOf(post(`Content-Length: ${v}\r\n`, 'hello')), JSON.stringify(v)).to.equal(400);
    }
  });

  it('answers 400 for values past 2^53 instead of losing precision', () => {
    expect(statusOf(post('Content-Length: 9007199254740993\r\n', 'hello'))).to.equal(400);
    expect(statusOf(post('Content-Length: 18446744073709551621\r\n', 'hello'))).to.equal(400);
  });

  it('starts the next request right after the declared body', () => {
    const out = parse(post('Content-Length: 5\r\n', 'helloGET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(out.messages.map((m) => m.head.method)).to.deep.equal(['POST', 'GET']);
    expect(out.messages[0].body.toString()).to.equal('hello');
  });

  it('treats a body that looks like a request as body bytes', () => {
    const out = parse('PUT / HTTP/1.1\r\nHost: a\r\nContent-Length: 26\r\n\r\nGET /smuggled HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(out.messages.map((m) => m.head.target)).to.deep.equal(['/', '/']);
    expect(out.messages[0].body.toString()).to.equal('GET /smuggled HTTP/1.1\r\n\r\n');
  });

  it('passes all 256 byte values through a body untouched', () => {
    const body = Buffer.from(Array.from({ length: 256 }, (_, i) => i));
    const out = parse([post('Content-Length: 256\r\n'), body]);
    expect(out.messages[0].body).to.deep.equal(body);
  });
});

describe('RequestParser: no body', () => {
  it('reports BodyKind.None for a request without Content-Length or Transfer-Encoding', () => {
    const head = headOf('POST / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(head.bodyKind).to.equal(BodyKind.None);
    expect(head.contentLength).to.equal(0);
  });
});

describe('RequestParser: Transfer-Encoding', () => {
  it('frames a chunked body', () => {
    const out = parse(chunked('3\r\nhel\r\n3\r\nlo \r\n5\r\nworld\r\n0\r\n\r\n'));
    expect(out.messages[0].head.bodyKind).to.equal(BodyKind.Chunked);
    expect(out.messages[0].body.toString()).to.equal('hello world');
    expect(out.messages[0].trailers).to.equal(null);
    expect(out.messages[0].complete).to.equal(true);
  });

  it('accepts the chunked name and coding in any case and with tab OWS', () => {
    expect(headOf(post('tRaNsFeR-eNcOdInG: cHuNkEd\t\r\n', '0\r\n\r\n')).bodyKind).to.equal(BodyKind.Chunked);
  });

  it('reads lower- and upper-case hex sizes and leading zeros', () => {
    expect(parse(chunked('a\r\n0123456789\r\n0\r\n\r\n')).messages[0].body.length).to.equal(10);
    expect(parse(chunked('A\r\n0123456789\r\n0\r\n\r\n')).messages[0].body.length).to.equal(10);
    expect(parse(chunked('0'.repeat(200) + '5\r\nhello\r\n0\r\n\r\n')).messages[0].body.toString()).to.equal('hello');
  });

  it('skips chunk extensions, with tokens, quoted strings and whitespace', () => {
    const body = '5;foo=bar;baz\r\nhello\r\n3 ; a = "x;\\"y" ; b\r\nabc\r\n0;last=1\r\n\r\n';
    expect(parse(chunked(body)).messages[0].body.toString()).to.equal('helloabc');
  });

  it('answers 400 for malformed chunk sizes', () => {
    for (const size of ['5g', '0x5', ' 5', '-5', '0_5', '', 'g']) {
      expect(statusOf(chunked(`${size}\r\nhello\r\n0\r\n\r\n`)), JSON.stringify(size)).to.equal(400);
    }
  });

  it('answers 400 for malformed chunk extensions', () => {
    for (const ext of [';', '; ', ';a=', ';a="b', ';=b', ';a=b c', ';a="\u0001"']) {
      expect(statusOf(chunked(`5${ext}\r\nhello\r\n0\r\n\r\n`)), JSON.stringify(ext)).to.equal(400);
    }
  });

  it('answers 400 for whitespace before the CRLF of a chunk line (regression: `5 \\r\\n` was read as 5)', () => {
    for (const line of ['5 ', '5\t', '5;a ', '5;a=b ', '5;a="b" ', '5 ;a=b\t']) {
      expect(statusOf(chunked(`${line}\r\nhello\r\n0\r\n\r\n`)), JSON.stringify(line)).to.equal(400);
    }
    expect(statusOf(chunked('5\r\nhello\r\n0 \r\n\r\n')), 'last chunk').to.equal(400);
  });

  it('answers 400 when chunk data is not followed by exactly CRLF', () => {
    expect(statusOf(chunked('3\r\nhello\r\n0\r\n\r\n'))).to.equal(400);
    expect(statusOf(chunked('7\r\nhello\r\n0\r\n\r\n'))).to.equal(400);
    expect(statusOf(chunked('5\r\nhello\n0\r\n\r\n'))).to.equal(400);
  });

  it('answers 400 for a bare CR or LF in the chunk-size line', () => {
    expect(statusOf(chunked('5\r\r;ABCD\r\n34\r\nE\r\n0\r\n\r\n'))).to.equal(400);
    expect(statusOf(chunked('5\r\nhello\r\n0\n\n'))).to.equal(400);
  });

  it('answers 400 for empty lines where a chunk size belongs', () => {
    expect(statusOf(chunked('\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n'))).to.equal(400);
  });

  it('answers 400 for Transfer-Encoding with Content-Length, in either order', () => {
    expect(statusOf(post('Transfer-Encoding: chunked\r\nContent-Length: 3\r\n', '0\r\n\r\n'))).to.equal(400);
    expect(statusOf(post('Content-Length: 6\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\nG'))).to.equal(400);
  });

  it('answers 400 when chunked is not the final coding', () => {
    expect(statusOf(post('Transfer-Encoding: chunked, gzip\r\n', 'x'))).to.equal(400);
    expect(statusOf(post('Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n', '0\r\n\r\n'))).to.equal(400);
    expect(statusOf(post('Transfer-Encoding: pigeons\r\n', 'hello'))).to.equal(400);
  });

  it('answers 400 when chunked is applied twice', () => {
    expect(statusOf(post('Transfer-Encoding: chunked, chunked\r\n', '0\r\n\r\n'))).to.equal(400);
    expect(statusOf(post('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'))).to.equal(400);
  });

  it('answers 400 for an empty Transfer-Encoding or empty list members', () => {
    expect(statusOf(post('Transfer-Encoding:\r\n', 'hello'))).to.equal(400);
    expect(statusOf(post('Transfer-Encoding: , chunked\r\n', '0\r\n\r\n'))).to.equal(400);
    expect(statusOf(post('Transfer-Encoding: chunked;a=b\r\n', '0\r\n\r\n'))).to.equal(400);
  });

  it('answers 501 for a coding before chunked that it does not implement', () => {
    expect(statusOf(post('Transfer-Encoding: gzip, chunked\r\n', '0\r\n\r\n'))).to.equal(501);
  });

  it('answers 400 for Transfer-Encoding in an HTTP/1.0 request', () => {
    expect(statusOf(post('Transfer-Encoding: chunked\r\n', '5\r\nhello\r\n0\r\n\r\n', '1.0'))).to.equal(400);
  });

  it('parses trailers like fields and hands them to onComplete', () => {
    const out = parse(chunked('5\r\nhello\r\n0\r\nX-Sum: abc\r\nX-Other:  v \r\n\r\n'));
    expect(out.messages[0].trailers).to.deep.equal(['x-sum', 'abc', 'x-other', 'v']);
  });

  it('takes a trailer that looks like a request line as a trailer value', () => {
    const out = parse(chunked('0\r\nX:POST / HTTP/1.1\r\n\r\n'));
    expect(out.messages[0].trailers).to.deep.equal(['x', 'POST / HTTP/1.1']);
  });

  it('drops Content-Length, Transfer-Encoding and Host from trailers and keeps framing', () => {
    const out = parse(chunked('5\r\nhello\r\n0\r\nContent-Length: 50\r\nHost: x\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(out.error).to.equal(null);
    expect(out.messages[0].trailers).to.equal(null);
    expect(out.messages[1].head.method).to.equal('GET');
  });

  it('answers 400 for a request line where the trailer section belongs', () => {
    expect(statusOf(chunked('0\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n'))).to.equal(400);
  });

  it('answers 400 for a trailer with a bad name or value', () => {
    expect(statusOf(chunked('0\r\nX : y\r\n\r\n'))).to.equal(400);
    expect(statusOf(chunked('0\r\nX: a\u0000b\r\n\r\n'))).to.equal(400);
  });

  it('starts the next request after the trailer section', () => {
    const out = parse(chunked('3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\nGET /nope HTTP/1.1\r\nHost: a\r\n\r\n'));
    expect(out.messages.map((m) => m.head.target)).to.deep.equal(['/echo', '/nope']);
    expect(out.messages[0].body.toString()).to.equal('abcdef');
  });

  it('frames a chunked body on a GET too', () => {
    const out = parse('GET / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\nGET / HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(out.messages).to.have.length(2);
    expect(out.messages[0].body.toString()).to.equal('hello');
  });
});
