import { expect } from 'chai';
import { RequestParser } from '../../src/http/parser';
import type { ParseError, ParsedHead } from '../../src/http/types';
import { parse, recordingParser } from './helpers/parse';

const GET = 'GET / HTTP/1.1\r\nHost: a\r\n\r\n';
const POST5 = 'POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello';

/** a parser that logs callback names and pauses in the callbacks named in `pauseIn`. */
function logging(pauseIn: string[] = []) {
  const log: string[] = [];
  const parser: RequestParser = new RequestParser({
    onHead(head: ParsedHead) { log.push(`head ${head.method} ${head.target}`); if (pauseIn.includes('head')) parser.pause(); },
    onBody(chunk: Buffer) { log.push(`body ${chunk.toString('latin1')}`); if (pauseIn.includes('body')) parser.pause(); },
    onComplete() { log.push('complete'); if (pauseIn.includes('complete')) parser.pause(); },
    onError(err: ParseError) { log.push(`error ${err.status}`); },
  });
  return { parser, log };
}

describe('RequestParser: flow', () => {
  it('parses pipelined requests in order', () => {
    const out = parse(GET + POST5 + 'GET /nope HTTP/1.1\r\nHost: a\r\n\r\n');
    expect(out.messages.map((m) => m.head.target)).to.deep.equal(['/', '/echo', '/nope']);
    expect(out.messages.every((m) => m.complete)).to.equal(true);
  });

  it('ignores a CRLF a client left between pipelined requests', () => {
    const out = parse('POST /echo HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n\r\nx\r\n' + GET);
    expect(out.error).to.equal(null);
    expect(out.messages).to.have.length(2);
  });

  it('reports one error and nothing after it', () => {
    const out = parse(GET + 'NOT A REQUEST\r\n\r\n' + GET);
    expect(out.messages).to.have.length(1);
    expect(out.errorCount).to.equal(1);
    expect(out.error?.status).to.equal(400);
  });

  it('consumes nothing once dead', () => {
    const out = parse('BAD\r\n\r\n');
    expect(out.parser.execute(Buffer.from(GET))).to.equal(0);
    expect(out.errorCount).to.equal(1);
  });

  it('stops at pause() inside onComplete and returns the bytes consumed so far', () => {
    const { parser, log } = logging(['complete']);
    const input = Buffer.from(GET + GET);
    const n = parser.execute(input);
    expect(n).to.equal(GET.length);
    expect(parser.paused).to.equal(true);
    expect(parser.execute(input.subarray(n))).to.equal(0);
    parser.resume();
    expect(parser.execute(input.subarray(n))).to.equal(GET.length);
    expect(log).to.deep.equal(['head GET /', 'complete', 'head GET /', 'complete']);
  });

  it('stops at pause() inside onHead before the body', () => {
    const { parser, log } = logging(['head']);
    const input = Buffer.from(POST5);
    const n = parser.execute(input);
    expect(n).to.equal(POST5.length - 5);
    parser.resume();
    expect(parser.execute(input.subarray(n))).to.equal(5);
    expect(log).to.deep.equal(['head POST /echo', 'body hello', 'complete']);
  });

  it('still completes a body-less message when paused in onHead', () => {
    const { parser, log } = logging(['head']);
    expect(parser.execute(Buffer.from(GET))).to.equal(GET.length);
    expect(log).to.deep.equal(['head GET /', 'complete']);
  });

  it('still completes a Content-Length message when paused on its last body bytes', () => {
    const { parser, log } = logging(['body']);
    expect(parser.execute(Buffer.from(POST5 + GET))).to.equal(POST5.length);
    expect(log).to.deep.equal(['head POST /echo', 'body hello', 'complete']);
  });

  it('hands body bytes as views of the input buffer', () => {
    let view: Buffer | null = null;
    const input = Buffer.from(POST5);
    const parser = new RequestParser({ onHead() {}, onBody(c) { view = c; }, onComplete() {}, onError() {} });
    parser.execute(input);
    expect(view!.buffer).to.equal(input.buffer);
  });

  it('is idle before and after a message, not in the middle of one', () => {
    const { parser } = logging();
    expect(parser.idle).to.equal(true);
    parser.execute(Buffer.from('GET / HT'));
    expect(parser.idle).to.equal(false);
    expect(parser.headBytes).to.equal(8);
    parser.execute(Buffer.from('TP/1.1\r\nHost: a\r\n\r\n'));
    expect(parser.idle).to.equal(true);
    expect(parser.headBytes).to.equal(0);
  });

  it('is not idle while a body is still expected', () => {
    const { parser } = logging();
    parser.execute(Buffer.from('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhe'));
    expect(parser.idle).to.equal(false);
  });

  it('finish() returns null between messages', () => {
    const out = parse(GET);
    expect(out.parser.finish()).to.equal(null);
    expect(recordingParser().parser.finish()).to.equal(null);
  });

  it('finish() returns a 400 for a head, a Content-Length body or a chunked body cut short', () => {
    expect(parse('GET / HTTP/1.1\r\nHost: a\r\n').parser.finish()?.status).to.equal(400);
    expect(parse('GET / HT').parser.finish()?.status).to.equal(400);
    expect(parse('POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nhello').parser.finish()?.status).to.equal(400);
    expect(parse('POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n').parser.finish()?.status).to.equal(400);
  });

  it('finish() returns null after the parse already failed', () => {
    expect(parse('BAD\r\n\r\n').parser.finish()).to.equal(null);
  });

  it('parses a head fed one byte at a time', () => {
    const raw = 'POST /echo HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n5\r\ndefgh\r\n0\r\nT: v\r\n\r\n';
    const out = parse(raw.split(''));
    expect(out.error).to.equal(null);
    expect(out.messages[0].body.toString()).to.equal('abcdefgh');
    expect(out.messages[0].trailers).to.deep.equal(['t', 'v']);
  });

  it('rejects a bad field fed one byte at a time', () => {
    const out = parse('GET / HTTP/1.1\r\nHost: a\r\nX-Foo : bar\r\n\r\n'.split(''));
    expect(out.error?.status).to.equal(400);
  });

  it('holds an incomplete pipelined request without error', () => {
    const out = parse(GET + 'GET / HT');
    expect(out.messages).to.have.length(1);
    expect(out.error).to.equal(null);
    expect(out.parser.idle).to.equal(false);
  });
});
