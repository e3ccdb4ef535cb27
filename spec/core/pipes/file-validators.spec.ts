/**
 * The file validators and ParseFilePipe's options, on file objects made by hand: the magic
 * number table, the declared type's comparison, and the mistakes refused where a pipe is written.
 */
import { expect } from 'chai';
import type { MultipartFile } from '../../../src/core/body/multipart-form';
import { FileTypeValidator, MaxFileSizeValidator } from '../../../src/core/pipes/file-validators';
import { ParseFilePipe, ParseFilePipeBuilder } from '../../../src/core/pipes/parse-file-pipe';
import { HttpException } from '../../../src/core/exceptions/http-exception';

function file(mimetype: string, bytes: Buffer | string, originalname = 'f'): MultipartFile {
  const buffer = Buffer.from(bytes as string, 'latin1');
  return { fieldname: 'f', originalname, encoding: '7bit', mimetype, size: buffer.length, buffer };
}

const GOOD: [string, string][] = [
  ['image/png', '\x89PNG\r\n\x1a\n....'],
  ['image/jpeg', '\xff\xd8\xff\xdb....'],
  ['image/jpg', '\xff\xd8\xff\xe1....'],
  ['image/gif', 'GIF87a....'],
  ['image/gif', 'GIF89a....'],
  ['image/webp', 'RIFF\x24\x00\x00\x00WEBPVP8 '],
  ['application/pdf', '%PDF-1.7\n'],
  ['application/zip', 'PK\x03\x04....'],
  ['application/zip', 'PK\x05\x06....'],
  ['application/x-zip-compressed', 'PK\x03\x04....'],
];

describe('FileTypeValidator', () => {
  const any = new FileTypeValidator({ fileType: /.*/ });

  for (const [type, bytes] of GOOD) {
    it(`passes ${type} whose bytes begin ${JSON.stringify(bytes.slice(0, 6))}`, () => {
      expect(any.isValid(file(type, bytes))).to.equal(true);
    });
  }

  for (const type of new Set(GOOD.map(([t]) => t))) {
    it(`refuses a file sent as ${type} whose bytes are something else`, () => {
      expect(any.isValid(file(type, '<html><body>hi</body></html>'))).to.equal(false);
    });
  }

  it('refuses a file sent as image/webp that is a RIFF of another form (a WAV)', () => {
    expect(any.isValid(file('image/webp', 'RIFF\x24\x00\x00\x00WAVEfmt '))).to.equal(false);
  });

  it('refuses an empty file sent as image/png', () => {
    expect(any.isValid(file('image/png', ''))).to.equal(false);
  });

  it('judges a type it has no signature for by its declared type alone', () => {
    expect(new FileTypeValidator({ fileType: 'text/csv' }).isValid(file('text/csv', 'a,b\n1,2\n'))).to.equal(true);
  });

  it('skips the bytes with skipMagicNumbersValidation', () => {
    expect(new FileTypeValidator({ fileType: 'image/png', skipMagicNumbersValidation: true }).isValid(file('image/png', 'nope'))).to.equal(true);
  });

  it('compares the declared type in lower case and without parameters (RFC 9110 §8.3.1)', () => {
    const v = new FileTypeValidator({ fileType: /^image\/png$/ });
    expect(v.isValid(file('IMAGE/PNG; foo=bar', '\x89PNG\r\n\x1a\n'))).to.equal(true);
  });

  it('matches a string literally, so image/svg+xml passes fileType "image/svg+xml"', () => {
    expect(new FileTypeValidator({ fileType: 'image/svg+xml' }).isValid(file('image/svg+xml', '<svg/>'))).to.equal(true);
  });

  it('gives the same answer every time with a /g RegExp', () => {
    const v = new FileTypeValidator({ fileType: /png/g });
    const f = file('image/png', '\x89PNG\r\n\x1a\n');
    expect([v.isValid(f), v.isValid(f), v.isValid(f)]).to.deep.equal([true, true, true]);
  });

  it('uses errorMessage, a string or a function of the file, instead of its own', () => {
    const f = file('text/plain', 'x');
    expect(new FileTypeValidator({ fileType: 'image/png', errorMessage: 'Only PNG allowed' }).buildErrorMessage(f)).to.equal('Only PNG allowed');
    const fn = new FileTypeValidator({ fileType: 'image/png', errorMessage: (ctx) => `got ${ctx.file?.mimetype}, want ${String(ctx.config.fileType)}` });
    expect(fn.buildErrorMessage(f)).to.equal('got text/plain, want image/png');
  });

  it('refuses an empty or missing fileType where it is made', () => {
    expect(() => new FileTypeValidator({ fileType: '' })).to.throw(TypeError, /FileTypeValidator: fileType must be/);
    expect(() => new FileTypeValidator({} as never)).to.throw(TypeError, /FileTypeValidator: fileType must be/);
  });
});

describe('MaxFileSizeValidator', () => {
  it('passes a file smaller than maxSize and refuses one of maxSize bytes, as Nest does', () => {
    const v = new MaxFileSizeValidator({ maxSize: 4 });
    expect(v.isValid(file('text/plain', 'abc'))).to.equal(true);
    expect(v.isValid(file('text/plain', 'abcd'))).to.equal(false);
  });

  it('uses message, a string or a function of maxSize, instead of its own', () => {
    expect(new MaxFileSizeValidator({ maxSize: 4, message: 'too big' }).buildErrorMessage(file('text/plain', 'abcd'))).to.equal('too big');
    expect(new MaxFileSizeValidator({ maxSize: 4, message: (n) => `under ${n}` }).buildErrorMessage(file('text/plain', 'abcd'))).to.equal('under 4');
  });

  it('refuses a maxSize that is not a number of bytes where it is made', () => {
    for (const maxSize of ['1mb', -1, NaN, Infinity, undefined]) {
      expect(() => new MaxFileSizeValidator({ maxSize } as never), String(maxSize)).to.throw(TypeError, /MaxFileSizeValidator: maxSize must be a number of bytes/);
    }
  });
});

describe('ParseFilePipe options', () => {
  it('refuses a misspelt option with a did-you-mean', () => {
    expect(() => new ParseFilePipe({ fileIsRequred: false } as never)).to.throw(TypeError, /ParseFilePipe: unknown option 'fileIsRequred': did you mean fileIsRequired\?/);
  });

  it('refuses an errorHttpStatusCode that is not a 4xx or 5xx', () => {
    expect(() => new ParseFilePipe({ errorHttpStatusCode: 200 })).to.throw(TypeError, /errorHttpStatusCode must be a 4xx or 5xx status, got 200/);
  });

  it('refuses a validator class given instead of an instance', () => {
    expect(() => new ParseFilePipe({ validators: [MaxFileSizeValidator as never] })).to.throw(TypeError, /validators\[0\] is not a FileValidator/);
  });

  it('answers synchronously when every validator does', () => {
    const pipe = new ParseFilePipe({ validators: [new MaxFileSizeValidator({ maxSize: 10 })] });
    const f = file('text/plain', 'abc');
    expect(pipe.transform(f)).to.equal(f);
  });

  it('throws an HttpException with the status given, for a missing file', () => {
    const pipe = new ParseFilePipe({ errorHttpStatusCode: 422 });
    try {
      pipe.transform(undefined, { type: 'custom', metatype: undefined, data: undefined });
      expect.fail('no throw');
    } catch (e) {
      expect(e).to.be.instanceOf(HttpException);
      expect((e as HttpException).getStatus()).to.equal(422);
      expect((e as HttpException).message).to.equal('File is required');
    }
  });

  it('empties the builder on build(), so the next pipe starts without its validators', () => {
    const builder = new ParseFilePipeBuilder().addMaxSizeValidator({ maxSize: 1 });
    expect(builder.build().getValidators()).to.have.length(1);
    expect(builder.build().getValidators()).to.have.length(0);
  });
});
