import { expect } from 'chai';
import { parse, recordingParser, statusOf } from './helpers/parse';

const host = 'Host: localhost\r\n';

describe('RequestParser: limits', () => {
  it('answers 431 when the header section passes 16 KiB', () => {
    expect(statusOf(`GET / HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(17 * 1024)}\r\n\r\n`)).to.equal(431);
  });

  it('answers 431 as soon as an unterminated field line passes the limit', () => {
    const out = parse([`GET / HTTP/1.1\r\n${host}X-Big: ${'a'.repeat(10000)}`, 'a'.repeat(10000)]);
    expect(out.error?.status).to.equal(431);
  });

  it('answers 431 when many small lines pass the header limit', () => {
    const lines = 'X-Padding: 0123456789abcdef0123456789abcdef\r\n'.repeat(4000);
    expect(statusOf(`GET / HTTP/1.1\r\n${host}${lines}\r\n`, { limits: { maxHeaderCount: 10000 } })).to.equal(431);
  });

  it('accepts a 7 KiB cookie and 90 fields', () => {
    const fields = Array.from({ length: 90 }, (_, i) => `X-Field-${i}: ${'v'.repeat(50)}\r\n`).join('');
    expect(statusOf(`GET / HTTP/1.1\r\n${host}Cookie: ${'k=vvvvvvv;'.repeat(700)}\r\n\r\n`)).to.equal(null);
    expect(statusOf(`GET / HTTP/1.1\r\n${host}${fields}\r\n`)).to.equal(null);
  });

  it('answers 431 for more than 100 fields', () => {
    const fields = Array.from({ length: 101 }, (_, i) => `X-F${i}: v\r\n`).join('');
    expect(statusOf(`GET / HTTP/1.1\r\n${fields}\r\n`)).to.equal(431);
  });

  it('honours a custom header size limit', () => {
    expect(statusOf(`GET / HTTP/1.1\r\n${host}X-A: ${'a'.repeat(200)}\r\n\r\n`, { limits: { maxHeaderBytes: 100 } })).to.equal(431);
  });

  it('answers 413 for a declared Content-Length above the body limit without waiting for the body', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Content-Length: ${1024 * 1024 + 1}\r\n\r\n`);
    expect(out.messages).to.have.length(1);
    expect(out.error?.status).to.equal(413);
  });

  it('accepts a Content-Length exactly at the body limit', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Content-Length: 10\r\n\r\n0123456789`, { limits: { maxBodyBytes: 10 } });
    expect(out.error).to.equal(null);
    expect(out.messages[0].complete).to.equal(true);
  });

  it('lets onHead raise the body limit of the current message', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Content-Length: 20\r\n\r\n${'x'.repeat(20)}`, {
      limits: { maxBodyBytes: 10 },
      onHead: (p) => p.setBodyLimit(100),
    });
    expect(out.error).to.equal(null);
    expect(out.messages[0].body.length).to.equal(20);
  });

  it('lets onHead lower the body limit, answering 413 at once', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Content-Length: 20\r\n\r\n`, { onHead: (p) => p.setBodyLimit(5) });
    expect(out.error?.status).to.equal(413);
    expect(out.errorCount).to.equal(1);
  });

  it('resets the body limit to the default for the next message', () => {
    let heads = 0;
    const req = `POST / HTTP/1.1\r\n${host}Content-Length: 20\r\n\r\n${'x'.repeat(20)}`;
    const out = parse(req + req, {
      limits: { maxBodyBytes: 10 },
      onHead: (p) => { if (heads++ === 0) p.setBodyLimit(100); },
    });
    expect(out.messages).to.have.length(2);
    expect(out.error?.status).to.equal(413);
  });

  it('ignores setBodyLimit between messages, so it cannot leak into the next request', () => {
    const out = recordingParser({ limits: { maxBodyBytes: 10 } });
    out.parser.execute(Buffer.from(`GET / HTTP/1.1\r\n${host}\r\n`));
    out.parser.setBodyLimit(1000);
    out.parser.execute(Buffer.from(`POST / HTTP/1.1\r\n${host}Content-Length: 20\r\n\r\n`));
    expect(out.error?.status).to.equal(413);
  });

  it('answers 413 when setBodyLimit lowers the limit below a chunked body already received', () => {
    const out = recordingParser();
    out.parser.execute(Buffer.from(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n`));
    expect(out.error).to.equal(null);
    out.parser.setBodyLimit(4);
    expect(out.error?.status).to.equal(413);
  });

  it('answers 413 for a chunk size above the body limit before its data arrives', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n40000000\r\n`);
    expect(out.error?.status).to.equal(413);
    expect(out.messages[0].body.length).to.equal(0);
  });

  it('answers 413 when chunks together pass the body limit', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n6\r\nabcdef\r\n6\r\n`, {
      limits: { maxBodyBytes: 10 },
    });
    expect(out.error?.status).to.equal(413);
  });

  it('answers 400 or 413 for huge chunk sizes and never overflows', () => {
    for (const size of ['7fffffffffffffff', 'FFFFFFFFFFFFFFFFF5', 'f'.repeat(40)]) {
      expect(statusOf(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n${size}\r\nhello\r\n`), size).to.be.oneOf([400, 413]);
      expect(
        statusOf(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n${size}\r\nhello\r\n`, { limits: { maxBodyBytes: Infinity } }),
        size,
      ).to.equal(400);
    }
  });

  it('answers 400 when chunk extensions pass maxChunkExtensionBytes', () => {
    const ext = ';a=bcdefgh'.repeat(10240);
    expect(statusOf(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n5${ext}\r\nhello\r\n0\r\n\r\n`)).to.equal(400);
  });

  it('answers 431 when the trailer section passes maxTrailerBytes', () => {
    const out = parse(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\nX-T: ${'t'.repeat(262144)}\r\n\r\n`);
    expect(out.error?.status).to.equal(431);
  });

  it('answers 431 for more trailer fields than maxHeaderCount', () => {
    const trailers = Array.from({ length: 101 }, (_, i) => `X-T${i}: v\r\n`).join('');
    expect(statusOf(`POST / HTTP/1.1\r\n${host}Transfer-Encoding: chunked\r\n\r\n0\r\n${trailers}\r\n`)).to.equal(431);
  });
});
