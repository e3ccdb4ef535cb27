import { expect } from 'chai';
import fc from 'fast-check';
import { MultipartFormBuilder, type MultipartForm } from '../../../src/core/body/multipart-form';
import { MULTIPART_DEFAULTS, type MultipartLimits } from '../../../src/core/body/multipart-options';
import { MultipartParser, MAX_PART_HEADER_BYTES } from '../../../src/core/body/multipart-parser';
import { HttpException } from '../../../src/core/exceptions/http-exception';

interface PartSpec {
  name: string;
  filename?: string;
  contentType?: string;
  data: Buffer;
}

const NO_LIMITS: MultipartLimits = { maxFileSize: Infinity, maxFiles: Infinity, maxFields: Infinity, maxFieldSize: Infinity, maxParts: Infinity };

/** `"` and `\` escaped with a backslash (RFC 9110 §5.6.4), as curl and Go send them. */
function quoted(text: string): string {
  return `"${text.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function encode(parts: readonly PartSpec[], boundary: string, preamble = Buffer.alloc(0), epilogue = Buffer.alloc(0)): Buffer {
  const out: Buffer[] = [preamble];
  if (preamble.length > 0) out.push(Buffer.from('\r\n'));
  for (const part of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name=${quoted(part.name)}`;
    if (part.filename !== undefined) head += `; filename=${quoted(part.filename)}`;
    head += '\r\n';
    if (part.contentType !== undefined) head += `Content-Type: ${part.contentType}\r\n`;
    out.push(Buffer.from(head + '\r\n', 'utf8'), part.data, Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--`), epilogue.length > 0 ? Buffer.concat([Buffer.from('\r\n'), epilogue]) : Buffer.alloc(0));
  return Buffer.concat(out);
}

function parse(chunks: readonly Buffer[], boundary: string, limits: MultipartLimits = NO_LIMITS): MultipartForm {
  const builder = new MultipartFormBuilder(limits, undefined);
  const parser = new MultipartParser(boundary, builder);
  for (const chunk of chunks) parser.write(chunk);
  parser.end();
  return builder.result();
}

function refusal(body: Buffer | string, boundary: string, limits: MultipartLimits = NO_LIMITS): { status: number; message: string } {
  try {
    parse([Buffer.from(body)], boundary, limits);
  } catch (error) {
    expect(error).to.be.instanceOf(HttpException);
    return { status: (error as HttpException).status, message: (error as HttpException).message };
  }
  return expect.fail('expected the body to be refused');
}

function splitAt(bytes: Buffer, points: readonly number[]): Buffer[] {
  const cuts = [...new Set(points.map((p) => p % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let from = 0;
  for (const cut of cuts) {
    out.push(bytes.subarray(from, cut));
    from = cut;
  }
  out.push(bytes.subarray(from));
  return out;
}

/** What a form holds, in plain values, for deep equality. */
function plain(form: MultipartForm) {
  return {
    fields: { ...form.fields },
    files: form.files.map((f) => ({ ...f, buffer: [...f.buffer] })),
  };
}

describe('MultipartParser', () => {
  const B = 'XyZ';

  it('reads a field and a file with their name, filename and type', () => {
    const form = parse([encode([
      { name: 'title', data: Buffer.from('hello') },
      { name: 'avatar', filename: 'me.png', contentType: 'image/png', data: Buffer.from([1, 2, 3]) },
    ], B)], B);
    expect({ ...form.fields }).to.deep.equal({ title: 'hello' });
    expect(form.files).to.have.length(1);
    expect(form.files[0]).to.deep.include({ fieldname: 'avatar', originalname: 'me.png', mimetype: 'image/png', size: 3, encoding: '7bit' });
    expect([...form.files[0].buffer]).to.deep.equal([1, 2, 3]);
  });

  it('gives a file part without Content-Type the type text/plain (RFC 7578 §4.4)', () => {
    const form = parse([encode([{ name: 'f', filename: 'a', data: Buffer.from('x') }], B)], B);
    expect(form.files[0].mimetype).to.equal('text/plain');
  });

  it('keeps CRLF-- sequences inside a file that are not the boundary', () => {
    const tricky = Buffer.from(`a\r\n--XyY\r\n--Xy\r\n--\r\n-XyZ--\r\n\r\nz`, 'latin1');
    const form = parse([encode([{ name: 'f', filename: 'a.bin', data: tricky }], B)], B);
    expect(form.files[0].buffer.equals(tricky)).to.equal(true);
  });

  it('ignores the preamble and the epilogue (RFC 2046 §5.1.1)', () => {
    const body = encode([{ name: 'a', data: Buffer.from('1') }], B, Buffer.from('This is a preamble --XyZ not at a line start'), Buffer.from('epilogue\r\n--XyZ\r\n'));
    expect({ ...parse([body], B).fields }).to.deep.equal({ a: '1' });
  });

  it('accepts transport padding after a delimiter', () => {
    const body = `--${B} \t\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${B}--`;
    expect({ ...parse([Buffer.from(body)], B).fields }).to.deep.equal({ a: '1' });
  });

  it('collects a repeated field name into an array', () => {
    const form = parse([encode([{ name: 'a', data: Buffer.from('1') }, { name: 'a', data: Buffer.from('2') }, { name: 'a', data: Buffer.from('3') }], B)], B);
    expect({ ...form.fields }).to.deep.equal({ a: ['1', '2', '3'] });
  });

  it('drops a field named __proto__ and builds fields with no prototype', () => {
    const form = parse([encode([{ name: '__proto__', data: Buffer.from('x') }, { name: 'ok', data: Buffer.from('y') }], B)], B);
    expect(Object.getPrototypeOf(form.fields)).to.equal(null);
    expect(Object.keys(form.fields)).to.deep.equal(['ok']);
  });

  it('reads a backslash-escaped quote and UTF-8 in a filename', () => {
    const form = parse([encode([{ name: 'f', filename: 'a "quoted" ñame — 漢字.txt', data: Buffer.from('x') }], B)], B);
    expect(form.files[0].originalname).to.equal('a "quoted" ñame — 漢字.txt');
  });

  it('keeps a backslash a browser sent unescaped in a filename', () => {
    const body = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="C:\\temp\\a.txt"\r\n\r\nx\r\n--${B}--`;
    expect(parse([Buffer.from(body)], B).files[0].originalname).to.equal('C:\\temp\\a.txt');
  });

  it('prefers filename* (RFC 8187) to filename', () => {
    const body = `--${B}\r\nContent-Disposition: form-data; name="f"; filename="euro.txt"; filename*=UTF-8''%E2%82%AC%20rates.txt\r\n\r\nx\r\n--${B}--`;
    expect(parse([Buffer.from(body)], B).files[0].originalname).to.equal('€ rates.txt');
  });

  it('keeps an empty file with its name', () => {
    const form = parse([encode([{ name: 'f', filename: 'empty.txt', data: Buffer.alloc(0) }], B)], B);
    expect(form.files[0]).to.deep.include({ originalname: 'empty.txt', size: 0 });
  });

  it('skips a file part with an empty filename, what a browser sends for a file input left empty', () => {
    const form = parse([encode([{ name: 'f', filename: '', contentType: 'application/octet-stream', data: Buffer.alloc(0) }], B)], B);
    expect(form.files).to.deep.equal([]);
  });

  it('answers 400 when the body ends before the close delimiter', () => {
    const r = refusal(`--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n`, B);
    expect(r.status).to.equal(400);
    expect(r.message).to.contain(`close delimiter --${B}--`);
  });

  it('answers 400 when the boundary never appears in the body', () => {
    const r = refusal('just some text', B);
    expect(r.status).to.equal(400);
    expect(r.message).to.contain(`boundary '${B}'`);
  });

  it('answers 400 for a part without Content-Disposition', () => {
    const r = refusal(`--${B}\r\nContent-Type: text/plain\r\n\r\n1\r\n--${B}--`, B);
    expect(r.status).to.equal(400);
    expect(r.message).to.contain('no Content-Disposition');
  });

  it('answers 400 for a Content-Disposition without a name', () => {
    const r = refusal(`--${B}\r\nContent-Disposition: form-data; filename="a"\r\n\r\n1\r\n--${B}--`, B);
    expect(r.status).to.equal(400);
    expect(r.message).to.contain('no name parameter');
  });

  it('answers 400 for a header section larger than the limit', () => {
    const r = refusal(`--${B}\r\nContent-Disposition: form-data; name="a"\r\nX-Pad: ${'p'.repeat(MAX_PART_HEADER_BYTES)}\r\n\r\n1\r\n--${B}--`, B);
    expect(r.status).to.equal(400);
    expect(r.message).to.contain(`header section is larger than ${MAX_PART_HEADER_BYTES} bytes`);
  });

  it('answers 400 when a delimiter is followed by other characters', () => {
    const r = refusal(`--${B}x\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--${B}--`, B);
    expect(r.status).to.equal(400);
  });

  it('answers 413 naming the field and the limit for a file past maxFileSize', () => {
    const r = refusal(encode([{ name: 'avatar', filename: 'a', data: Buffer.alloc(11) }], B), B, { ...NO_LIMITS, maxFileSize: 10 });
    expect(r).to.deep.equal({ status: 413, message: "The file in field 'avatar' is larger than the limit of 10 bytes (maxFileSize); send a smaller file" });
  });

  it('accepts a file of exactly maxFileSize bytes', () => {
    expect(parse([encode([{ name: 'avatar', filename: 'a', data: Buffer.alloc(10) }], B)], B, { ...NO_LIMITS, maxFileSize: 10 }).files[0].size).to.equal(10);
  });

  it('answers 413 for more files than maxFiles', () => {
    const files = [1, 2, 3].map((n) => ({ name: 'f', filename: `${n}`, data: Buffer.from('x') }));
    expect(refusal(encode(files, B), B, { ...NO_LIMITS, maxFiles: 2 }).message).to.contain('more than 2 files (maxFiles)');
  });

  it('answers 413 for more fields than maxFields', () => {
    const fields = [1, 2, 3].map((n) => ({ name: `f${n}`, data: Buffer.from('x') }));
    expect(refusal(encode(fields, B), B, { ...NO_LIMITS, maxFields: 2 })).to.deep.include({ status: 413 });
  });

  it('answers 413 naming the field for a value past maxFieldSize', () => {
    const r = refusal(encode([{ name: 'bio', data: Buffer.alloc(5, 'a') }], B), B, { ...NO_LIMITS, maxFieldSize: 4 });
    expect(r.status).to.equal(413);
    expect(r.message).to.contain("'bio'").and.contain('4 bytes (maxFieldSize)');
  });

  it('answers 413 for more parts than maxParts', () => {
    const parts = [{ name: 'a', data: Buffer.from('1') }, { name: 'f', filename: 'x', data: Buffer.from('2') }];
    expect(refusal(encode(parts, B), B, { ...NO_LIMITS, maxParts: 1 }).message).to.contain('more than 1 parts (maxParts)');
  });

  it('parses a body that the platform encoder (undici FormData) wrote', async () => {
    const fd = new FormData();
    fd.append('title', 'héllo "world"');
    fd.append('doc', new Blob([Buffer.from('\r\n--not the boundary\r\n')], { type: 'application/pdf' }), 'ré"sumé.pdf');
    const encoded = new Response(fd);
    const boundary = /boundary=(.*)$/.exec(encoded.headers.get('content-type')!)![1];
    const form = parse([Buffer.from(await encoded.arrayBuffer())], boundary);
    expect({ ...form.fields }).to.deep.equal({ title: 'héllo "world"' });
    // WHATWG HTML escapes '"' in a filename as %22 and does not escape '%': read as sent.
    expect(form.files[0]).to.deep.include({ fieldname: 'doc', originalname: 'ré%22sumé.pdf', mimetype: 'application/pdf' });
    expect(form.files[0].buffer.toString()).to.equal('\r\n--not the boundary\r\n');
  });

  it('parses any form identically whatever bytes it is split at, never mixing parts (property)', () => {
    // A small alphabet with the delimiter's own bytes, so contents are full of near-delimiters.
    const bchar = fc.constantFrom(...'aZ09\'()+_,-./:=?'.split(''));
    const boundary = fc.tuple(fc.array(bchar, { minLength: 1, maxLength: 70 })).map(([c]) => c.join(''));
    const bytes = fc.array(fc.constantFrom(0x0d, 0x0a, 0x2d, 0x61, 0x5a, 0x30, 0x00, 0xff), { maxLength: 80 }).map((a) => Buffer.from(a));
    const text = fc.string({ unit: 'grapheme', maxLength: 12 }).filter((s) => !/[\r\n]/.test(s));
    const part = fc.record({
      name: text,
      filename: fc.option(text.filter((s) => s !== ''), { nil: undefined }),
      contentType: fc.option(fc.constantFrom('image/png', 'application/octet-stream'), { nil: undefined }),
      data: bytes,
    });
    fc.assert(
      fc.property(fc.array(part, { maxLength: 6 }), boundary, bytes, bytes, fc.array(fc.nat(), { maxLength: 40 }), (parts, b, preamble, epilogue, cuts) => {
        const delimiter = Buffer.from(`\r\n--${b}`);
        const framed = (d: Buffer) => Buffer.concat([Buffer.from('\r\n'), d, Buffer.from('\r\n')]);
        // An encoder picks a boundary its contents do not hold (RFC 2046 §5.1.1).
        fc.pre(parts.every((p) => framed(p.data).subarray(0, -2).indexOf(delimiter) < 0));
        fc.pre(framed(preamble).indexOf(delimiter) < 0);
        const body = encode(parts.filter((p) => p.name !== '__proto__'), b, preamble, epilogue);
        const whole = parse([body], b);
        const split = parse(splitAt(body, cuts), b);
        expect(plain(split)).to.deep.equal(plain(whole));
        // and the whole parse is the form that was encoded
        const files = parts.filter((p) => p.filename !== undefined && p.name !== '__proto__');
        expect(whole.files.map((f) => [f.fieldname, f.originalname, [...f.buffer]])).to.deep.equal(files.map((p) => [p.name, p.filename, [...p.data]]));
        const fields = parts.filter((p) => p.filename === undefined && p.name !== '__proto__');
        expect(Object.values(whole.fields).flat().length).to.equal(fields.length);
      }),
      { numRuns: 400 },
    );
  });

  it('reads a body written one byte at a time', () => {
    const body = encode([{ name: 'a', data: Buffer.from('1\r\n-') }, { name: 'f', filename: 'x', data: Buffer.from('--XyZ-') }], B, Buffer.from('pre'));
    const bytes = [...body].map((b) => Buffer.from([b]));
    expect(plain(parse(bytes, B))).to.deep.equal(plain(parse([body], B)));
  });

  it('uses the defaults that MULTIPART_DEFAULTS documents', () => {
    expect(MULTIPART_DEFAULTS).to.deep.equal({ maxFileSize: Infinity, maxFiles: 10, maxFields: 1000, maxFieldSize: 1024 * 1024, maxParts: 1000 });
  });
});
