/**
 * Validating uploaded files as NestJS does (ParseFilePipe, its validators and its builder),
 * through a real app: FormData sent by fetch over a real socket.
 */
import { expect } from 'chai';
import {
  ConflictException, Controller, FileTypeValidator, FileValidator, HttpStatus, MaxFileSizeValidator, Module,
  ParseFilePipe, ParseFilePipeBuilder, Post, UploadedFile, UploadedFiles, type MultipartFile,
} from '../../src/index';
import type { App } from '../../src/app/app';
import { makeApp } from './helpers';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1');

/** An async check, as a virus scan would be: refuses a file holding the EICAR test marker. */
class NotInfectedValidator extends FileValidator<Record<string, never>> {
  constructor() { super({}); }
  async isValid(file?: MultipartFile): Promise<boolean> {
    await new Promise((resolve) => setImmediate(resolve));
    return file !== undefined && !file.buffer.includes('EICAR');
  }
  buildErrorMessage(): string { return 'the file is infected'; }
}

@Controller('v')
class ValidatedUploadController {
  @Post('avatar')
  avatar(
    @UploadedFile('avatar', new ParseFilePipe({
      validators: [new MaxFileSizeValidator({ maxSize: 1000 }), new FileTypeValidator({ fileType: 'image/png' })],
    })) file: MultipartFile,
  ) {
    return { size: file.size };
  }

  @Post('jpeg')
  jpeg(
    @UploadedFile('photo', new ParseFilePipeBuilder()
      .addFileTypeValidator({ fileType: 'jpeg' })
      .addMaxSizeValidator({ maxSize: 1000 })
      .build({ errorHttpStatusCode: HttpStatus.UNPROCESSABLE_ENTITY })) file: MultipartFile,
  ) {
    return { size: file.size };
  }

  @Post('optional')
  optional(@UploadedFile('doc', new ParseFilePipe({ fileIsRequired: false, validators: [new MaxFileSizeValidator({ maxSize: 10 })] })) file?: MultipartFile) {
    return { file: file?.originalname ?? null };
  }

  @Post('photos')
  photos(
    @UploadedFiles('photos', new ParseFilePipe({
      validators: [new FileTypeValidator({ fileType: /^image\/(png|gif)$/ }), new MaxFileSizeValidator({ maxSize: 100 })],
    })) photos: MultipartFile[],
  ) {
    return { names: photos.map((p) => p.originalname) };
  }

  @Post('factory')
  factory(
    @UploadedFile('avatar', new ParseFilePipe({
      validators: [new FileTypeValidator({ fileType: 'image/png' })],
      exceptionFactory: (error) => new ConflictException({ code: 'BAD_FILE', error }),
    })) file: MultipartFile,
  ) {
    return { size: file.size };
  }

  @Post('scanned')
  scanned(@UploadedFile('doc', new ParseFilePipe({ validators: [new NotInfectedValidator(), new MaxFileSizeValidator({ maxSize: 20 })] })) file: MultipartFile) {
    return { size: file.size };
  }
}

@Module({ controllers: [ValidatedUploadController] })
class ValidationModule {}

function formWith(field: string, ...files: [bytes: Buffer | string, name: string, type: string][]): FormData {
  const fd = new FormData();
  for (const [bytes, name, type] of files) fd.append(field, new Blob([bytes], { type }), name);
  return fd;
}

describe('validating uploaded files (ParseFilePipe)', () => {
  let app: App;
  let base: string;
  before(async () => {
    app = await makeApp(ValidationModule);
    base = `http://127.0.0.1:${(await app.listen(0)).port}`;
  });
  after(() => app.close());

  async function send(path: string, body: FormData): Promise<{ status: number; body: { message?: string } & Record<string, unknown> }> {
    const res = await fetch(`${base}${path}`, { method: 'POST', body });
    return { status: res.status, body: (await res.json()) as { message?: string } };
  }

  it('passes a PNG under maxSize to the handler', async () => {
    const res = await send('/v/avatar', formWith('avatar', [PNG, 'me.png', 'image/png']));
    expect(res).to.deep.equal({ status: 201, body: { size: PNG.length } });
  });

  it('refuses a file of maxSize bytes with 400 naming the field, the file and the sizes', async () => {
    const big = Buffer.concat([PNG, Buffer.alloc(1000 - PNG.length)]);
    const res = await send('/v/avatar', formWith('avatar', [big, 'big.png', 'image/png']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal(
      "File 'big.png' in field 'avatar': Validation failed (current file size is 1000, expected size is less than 1000)",
    );
  });

  it('refuses a file of another declared type with 400 naming both types', async () => {
    const res = await send('/v/avatar', formWith('avatar', ['hello', 'note.txt', 'text/plain']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal(
      "File 'note.txt' in field 'avatar': Validation failed (current file type is text/plain, expected type is image/png)",
    );
  });

  it('refuses a file named .png and sent as image/png whose bytes are not a PNG', async () => {
    const res = await send('/v/avatar', formWith('avatar', ['<script>alert(1)</script>', 'evil.png', 'image/png']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal(
      "File 'evil.png' in field 'avatar': Validation failed (the file's content is not image/png, the type it was sent as; expected type is image/png)",
    );
  });

  it('refuses a request without the file with 400 "File is required"', async () => {
    const fd = new FormData();
    fd.append('title', 'no file');
    const res = await send('/v/avatar', fd);
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal("File is required in field 'avatar'");
  });

  it('passes a JPEG through a pipe made by ParseFilePipeBuilder', async () => {
    const res = await send('/v/jpeg', formWith('photo', [JPEG, 'cat.jpg', 'image/jpeg']));
    expect(res).to.deep.equal({ status: 201, body: { size: JPEG.length } });
  });

  it("answers the builder's errorHttpStatusCode, 422, for a file of the wrong type", async () => {
    const res = await send('/v/jpeg', formWith('photo', [GIF, 'cat.gif', 'image/gif']));
    expect(res.status).to.equal(422);
    expect(res.body).to.include({ statusCode: 422, error: 'Unprocessable Content' }); // RFC 9110 §15.5.21's name
    expect(res.body.message).to.equal("File 'cat.gif' in field 'photo': Validation failed (current file type is image/gif, expected type is jpeg)");
  });

  it("answers the builder's errorHttpStatusCode, 422, for a file too large", async () => {
    const big = Buffer.concat([JPEG, Buffer.alloc(2000)]);
    const res = await send('/v/jpeg', formWith('photo', [big, 'big.jpg', 'image/jpeg']));
    expect(res.status).to.equal(422);
    expect(res.body.message).to.match(/expected size is less than 1000\)$/);
  });

  it('lets a request without a file through when fileIsRequired is false', async () => {
    const fd = new FormData();
    fd.append('title', 'no file');
    expect(await send('/v/optional', fd)).to.deep.equal({ status: 201, body: { file: null } });
  });

  it('still validates the file that comes when fileIsRequired is false', async () => {
    const res = await send('/v/optional', formWith('doc', ['far more than ten bytes', 'long.txt', 'text/plain']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.match(/^File 'long\.txt' in field 'doc': Validation failed \(current file size is 23/);
  });

  it('passes every file of @UploadedFiles when each is valid', async () => {
    const res = await send('/v/photos', formWith('photos', [PNG, 'a.png', 'image/png'], [GIF, 'b.gif', 'image/gif']));
    expect(res).to.deep.equal({ status: 201, body: { names: ['a.png', 'b.gif'] } });
  });

  it('refuses @UploadedFiles when one file fails, naming that file', async () => {
    const res = await send('/v/photos', formWith('photos', [PNG, 'a.png', 'image/png'], ['not a gif', 'b.gif', 'image/gif']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.match(/^File 'b\.gif' in field 'photos': Validation failed \(the file's content is not image\/gif/);
  });

  it('refuses @UploadedFiles with no files as "File is required"', async () => {
    const fd = new FormData();
    fd.append('album', 'empty');
    const res = await send('/v/photos', fd);
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal("File is required in field 'photos'");
  });

  it('throws what exceptionFactory makes of the message', async () => {
    const res = await send('/v/factory', formWith('avatar', ['hello', 'note.txt', 'text/plain']));
    expect(res).to.deep.equal({
      status: 409,
      body: { code: 'BAD_FILE', error: "File 'note.txt' in field 'avatar': Validation failed (current file type is text/plain, expected type is image/png)" },
    });
  });

  it('awaits an async validator and refuses with its message', async () => {
    const res = await send('/v/scanned', formWith('doc', ['X5O EICAR', 'virus.txt', 'text/plain']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.equal("File 'virus.txt' in field 'doc': the file is infected");
  });

  it('runs the validators after an async one passes', async () => {
    expect((await send('/v/scanned', formWith('doc', ['clean', 'ok.txt', 'text/plain']))).status).to.equal(201);
    const res = await send('/v/scanned', formWith('doc', ['clean but far too long a file', 'long.txt', 'text/plain']));
    expect(res.status).to.equal(400);
    expect(res.body.message).to.match(/expected size is less than 20\)$/);
  });

  it('validates a FormData sent through inject() the same way', async () => {
    const res = await app.inject({ method: 'POST', url: '/v/avatar', body: formWith('avatar', ['not png', 'x.png', 'image/png']) });
    expect(res.statusCode).to.equal(400);
    expect((res.json() as { message: string }).message).to.match(/content is not image\/png/);
  });
});
