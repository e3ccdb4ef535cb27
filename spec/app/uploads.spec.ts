/**
 * File uploads (multipart/form-data) through a real app: fetch's FormData over a real
 * socket, raw bytes written in pieces, and inject().
 */
import { expect } from 'chai';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  Body, BodyLimit, BootstrapError, Controller, Module, Multipart, Post, UploadedFile, UploadedFiles,
  UnprocessableEntityException, type MultipartFile, type PipeTransform,
} from '../../src/index';
import type { App } from '../../src/app/app';
import { makeApp, rawRequest } from './helpers';

function summary(file: MultipartFile | undefined) {
  if (file === undefined) return null;
  const { fieldname, originalname, encoding, mimetype, size, buffer } = file;
  return { fieldname, originalname, encoding, mimetype, size, bytes: buffer.toString('base64') };
}

/** Refuses a file that is not a PNG by its first bytes (the client's mimetype is only a claim). */
class PngOnlyPipe implements PipeTransform {
  transform(file: MultipartFile | undefined) {
    const signature = Buffer.from([0x89, 0x50, 0x4e, 0x47]);
    if (file === undefined || !file.buffer.subarray(0, 4).equals(signature)) throw new UnprocessableEntityException('avatar must be a PNG image');
    return file;
  }
}

@Controller('up')
class UploadController {
  @Post('avatar')
  avatar(@UploadedFile('avatar') file: MultipartFile | undefined, @Body() body: Record<string, unknown>) {
    return { file: summary(file), body: body === undefined ? null : { ...body } };
  }

  @Post('photos')
  photos(@UploadedFiles('photos') photos: MultipartFile[], @Body('album') album: string) {
    return { album, photos: photos.map(summary) };
  }

  @Post('any')
  any(@UploadedFiles() files: MultipartFile[]) {
    return files.map(summary);
  }

  @Post('limited')
  @Multipart({ maxFileSize: 10, maxFiles: 2, maxFields: 2, maxFieldSize: 5, maxParts: 3 })
  limited(@UploadedFiles() files: MultipartFile[], @Body() body: Record<string, unknown>) {
    return { files: files.length, body: { ...body } };
  }

  @Post('small')
  @BodyLimit(200)
  small(@UploadedFile('f') file: MultipartFile | undefined) {
    return summary(file);
  }

  @Post('fields')
  @Multipart()
  fields(@Body() body: Record<string, unknown>) {
    return { ...body };
  }

  @Post('png')
  png(@UploadedFile('avatar', PngOnlyPipe) file: MultipartFile) {
    return { size: file.size };
  }
}

@Controller('json')
class JsonController {
  @Post()
  create(@Body() body: unknown) {
    return { body };
  }
}

@Module({ controllers: [UploadController, JsonController] })
class UploadModule {}

const B = 'spec-boundary-42';
const MULTIPART = `multipart/form-data; boundary=${B}`;

/** A form body by hand: [name, value] for a field, [name, bytes, filename, type?] for a file. */
function form(parts: ([string, string] | [string, Buffer, string, string?])[], boundary = B): Buffer {
  const out: Buffer[] = [];
  for (const [name, value, filename, type] of parts) {
    let head = `--${boundary}\r\nContent-Disposition: form-data; name="${name}"`;
    if (filename !== undefined) head += `; filename="${filename}"\r\nContent-Type: ${type ?? 'application/octet-stream'}`;
    out.push(Buffer.from(`${head}\r\n\r\n`, 'utf8'), Buffer.from(value), Buffer.from('\r\n'));
  }
  out.push(Buffer.from(`--${boundary}--\r\n`));
  return Buffer.concat(out);
}

function post(port: number, path: string, body: Buffer | string, contentType = MULTIPART) {
  const bytes = Buffer.from(body);
  return rawRequest(port, Buffer.concat([
    Buffer.from(`POST ${path} HTTP/1.1\r\nHost: x\r\nContent-Type: ${contentType}\r\nContent-Length: ${bytes.length}\r\nConnection: close\r\n\r\n`),
    bytes,
  ]));
}

function messageOf(body: string): string {
  return (JSON.parse(body) as { message: string }).message;
}

describe('file uploads (multipart/form-data)', () => {
  let app: App;
  let port: number;
  let base: string;
  before(async () => {
    app = await makeApp(UploadModule);
    port = (await app.listen(0)).port;
    base = `http://127.0.0.1:${port}`;
  });
  after(() => app.close());

  it('gives a file and the text fields of a FormData sent by fetch', async () => {
    const fd = new FormData();
    fd.append('title', 'Me');
    fd.append('avatar', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1])], { type: 'image/png' }), 'me.png');
    const res = await fetch(`${base}/up/avatar`, { method: 'POST', body: fd });
    expect(res.status).to.equal(201);
    expect(await res.json()).to.deep.equal({
      file: { fieldname: 'avatar', originalname: 'me.png', encoding: '7bit', mimetype: 'image/png', size: 6, bytes: 'iVBORwAB' },
      body: { title: 'Me' },
    });
  });

  it('gives the same file and fields to a FormData sent through inject(), as fetch sends it (regression: inject sent it as JSON)', async () => {
    const fd = new FormData();
    fd.append('title', 'Me');
    fd.append('avatar', new Blob([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 1])], { type: 'image/png' }), 'me.png');
    const res = await app.inject({ method: 'POST', url: '/up/avatar', body: fd });
    expect(res.statusCode).to.equal(201);
    expect(res.json()).to.deep.equal({
      file: { fieldname: 'avatar', originalname: 'me.png', encoding: '7bit', mimetype: 'image/png', size: 6, bytes: 'iVBORwAB' },
      body: { title: 'Me' },
    });
  });

  it('gives every file sent under one name to @UploadedFiles(name), in order', async () => {
    const fd = new FormData();
    fd.append('album', 'holidays');
    for (const n of [1, 2, 3]) fd.append('photos', new Blob([`photo ${n}`], { type: 'image/jpeg' }), `${n}.jpg`);
    const res = await fetch(`${base}/up/photos`, { method: 'POST', body: fd });
    const body = (await res.json()) as { album: string; photos: { originalname: string; size: number }[] };
    expect(body.album).to.equal('holidays');
    expect(body.photos.map((p) => p.originalname)).to.deep.equal(['1.jpg', '2.jpg', '3.jpg']);
  });

  it('reads a body that arrives in many small TCP writes', async () => {
    const body = form([['title', 'split'], ['avatar', Buffer.from('\r\n--spec-boundary-4 almost\r\n'), 'a.bin']]);
    const head = `POST /up/avatar HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART}\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
    const socket = net.connect(port, '127.0.0.1');
    socket.setNoDelay(true);
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    const closed = new Promise((resolve) => socket.on('close', resolve));
    await new Promise((resolve) => socket.on('connect', resolve));
    socket.write(head);
    for (let i = 0; i < body.length; i += 7) {
      socket.write(body.subarray(i, i + 7));
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await closed;
    const text = Buffer.concat(chunks).toString();
    expect(text.slice(0, 12)).to.equal('HTTP/1.1 201');
    const json = JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4)) as { file: { bytes: string }; body: unknown };
    expect(Buffer.from(json.file.bytes, 'base64').toString()).to.equal('\r\n--spec-boundary-4 almost\r\n');
    expect(json.body).to.deep.equal({ title: 'split' });
  });

  it('keeps binary bytes with CRLF-- sequences that are not the boundary', async () => {
    const bytes = Buffer.concat([Buffer.from([0, 255, 13, 10]), Buffer.from(`--${B.slice(0, -1)}\r\n--\r\n-\n--${B}--\r--${B}`), Buffer.from([13])]);
    // The boundary itself after LF or CR alone: only CRLF--boundary is a delimiter (RFC 2046 §5.1.1).
    const res = await post(port, '/up/avatar', form([['avatar', bytes, 'bin.dat']]));
    expect(res.status).to.equal(201);
    expect(Buffer.from((JSON.parse(res.body) as { file: { bytes: string } }).file.bytes, 'base64').equals(bytes)).to.equal(true);
  });

  it('gives an empty file with size 0', async () => {
    const res = await post(port, '/up/avatar', form([['avatar', Buffer.alloc(0), 'empty.txt', 'text/plain']]));
    expect((JSON.parse(res.body) as { file: unknown }).file).to.deep.include({ originalname: 'empty.txt', size: 0, bytes: '' });
  });

  it('reads a filename with a quote and non-ASCII characters', async () => {
    const fd = new FormData();
    fd.append('avatar', new Blob(['x']), 'résumé "final" 漢字.txt');
    const res = await fetch(`${base}/up/avatar`, { method: 'POST', body: fd });
    // fetch (WHATWG HTML) sends '"' as %22 and UTF-8 as it is; both arrive as sent.
    expect(((await res.json()) as { file: { originalname: string } }).file.originalname).to.equal('résumé %22final%22 漢字.txt');
    const raw = await post(port, '/up/avatar', form([['avatar', Buffer.from('x'), 'a \\"b\\" ü.txt']]));
    const text = Buffer.from(raw.body, 'latin1').toString('utf8'); // rawRequest reads bytes as latin-1
    expect((JSON.parse(text) as { file: { originalname: string } }).file.originalname).to.equal('a "b" ü.txt');
  });

  it('takes a part with no filename as a text field, not a file', async () => {
    const res = await post(port, '/up/avatar', form([['avatar', 'just text']]));
    expect(JSON.parse(res.body)).to.deep.equal({ file: null, body: { avatar: 'just text' } });
  });

  it('gives undefined to @UploadedFile when the form has no file', async () => {
    const res = await post(port, '/up/avatar', form([['title', 'no file']]));
    expect(JSON.parse(res.body)).to.deep.equal({ file: null, body: { title: 'no file' } });
  });

  it('still reads a JSON body on a route that takes uploads', async () => {
    const res = await post(port, '/up/avatar', JSON.stringify({ title: 'json' }), 'application/json');
    expect(JSON.parse(res.body)).to.deep.equal({ file: null, body: { title: 'json' } });
  });

  it('gives a form of text fields to @Body() on a @Multipart() route, repeated names as arrays', async () => {
    const res = await post(port, '/up/fields', form([['tag', 'a'], ['tag', 'b'], ['name', 'x']]));
    expect(JSON.parse(res.body)).to.deep.equal({ tag: ['a', 'b'], name: 'x' });
  });

  it('answers 415 as before for a multipart body sent to a route that takes no uploads', async () => {
    const res = await post(port, '/json', form([['a', '1']]));
    expect(res.status).to.equal(415);
    expect(messageOf(res.body)).to.equal(
      "Content-Type 'multipart/form-data' is not supported here; send application/json, application/x-www-form-urlencoded, text/* or application/octet-stream",
    );
  });

  it('answers 400 for a file in a field the route does not read', async () => {
    const res = await post(port, '/up/avatar', form([['other', Buffer.from('x'), 'x.txt']]));
    expect(res.status).to.equal(400);
    expect(messageOf(res.body)).to.equal("Unexpected file field 'other': this route takes files in 'avatar'");
  });

  it('answers 400 for a second file in a field that @UploadedFile reads', async () => {
    const res = await post(port, '/up/avatar', form([['avatar', Buffer.from('1'), '1.txt'], ['avatar', Buffer.from('2'), '2.txt']]));
    expect(res.status).to.equal(400);
    expect(messageOf(res.body)).to.contain("'avatar' takes one file");
  });

  it('answers 400 for a file on a @Multipart() route that reads no files', async () => {
    const res = await post(port, '/up/fields', form([['doc', Buffer.from('x'), 'x.txt']]));
    expect(res.status).to.equal(400);
    expect(messageOf(res.body)).to.equal("Unexpected file field 'doc': this route takes no files");
  });

  it('runs a pipe on the uploaded file', async () => {
    const bad = await post(port, '/up/png', form([['avatar', Buffer.from('GIF89a'), 'a.gif', 'image/png']]));
    expect(bad.status).to.equal(422);
    expect(messageOf(bad.body)).to.equal('avatar must be a PNG image');
    const good = await post(port, '/up/png', form([['avatar', Buffer.from([0x89, 0x50, 0x4e, 0x47, 1]), 'a.png', 'image/png']]));
    expect(JSON.parse(good.body)).to.deep.equal({ size: 5 });
  });

  describe('limits', () => {
    it('answers 413 naming the field and the limit for a file past maxFileSize', async () => {
      const res = await post(port, '/up/limited', form([['f', Buffer.alloc(11), 'big.bin']]));
      expect(res.status).to.equal(413);
      expect(messageOf(res.body)).to.equal("The file in field 'f' is larger than the limit of 10 bytes (maxFileSize); send a smaller file");
    });

    it('answers 413 for more files than maxFiles', async () => {
      const res = await post(port, '/up/limited', form([['f', Buffer.from('1'), '1'], ['f', Buffer.from('2'), '2'], ['f', Buffer.from('3'), '3']]));
      expect(res.status).to.equal(413);
      expect(messageOf(res.body)).to.equal('The form has more than 2 files (maxFiles); send fewer files');
    });

    it('answers 413 for more fields than maxFields', async () => {
      const res = await post(port, '/up/limited', form([['a', '1'], ['b', '2'], ['c', '3']]));
      expect(res.status).to.equal(413);
      expect(messageOf(res.body)).to.equal('The form has more than 2 fields (maxFields); send fewer fields');
    });

    it('answers 413 naming the field for a value past maxFieldSize', async () => {
      const res = await post(port, '/up/limited', form([['bio', '123456']]));
      expect(res.status).to.equal(413);
      expect(messageOf(res.body)).to.equal("The field 'bio' is longer than the limit of 5 bytes (maxFieldSize); send a shorter value, or send it as a file");
    });

    it('answers 413 for more parts than maxParts', async () => {
      const res = await post(port, '/up/limited', form([['a', '1'], ['b', '2'], ['f', Buffer.from('1'), '1'], ['g', Buffer.from('2'), '2']]));
      expect(res.status).to.equal(413);
      expect(messageOf(res.body)).to.equal('The form has more than 3 parts (maxParts); send fewer fields and files');
    });

    it('accepts a form within every limit', async () => {
      const res = await post(port, '/up/limited', form([['a', '12345'], ['f', Buffer.alloc(10), '1'], ['g', Buffer.from('2'), '2']]));
      expect(res.status).to.equal(201);
      expect(JSON.parse(res.body)).to.deep.equal({ files: 2, body: { a: '12345' } });
    });

    it('still applies the route body limit to the whole body: 413', async () => {
      const res = await post(port, '/up/small', form([['f', Buffer.alloc(300), 'big.bin']]));
      expect(res.status).to.equal(413);
    });

    it('answers 413 for a file past maxFileSize as soon as it is passed, before the rest of the body is sent', async () => {
      const start = form([['f', Buffer.alloc(2000), 'big.bin']]).subarray(0, 1000);
      const socket = net.connect(port, '127.0.0.1');
      let received = '';
      const answered = new Promise<string>((resolve) => socket.on('data', (d) => {
        received += d.toString();
        if (received.includes('\r\n\r\n')) resolve(received);
      }));
      // 1 MB announced, 1000 bytes sent: only an answer given mid-upload can arrive.
      socket.write(`POST /up/limited HTTP/1.1\r\nHost: x\r\nContent-Type: ${MULTIPART}\r\nContent-Length: 1000000\r\n\r\n`);
      socket.write(start);
      const head = await answered;
      socket.destroy();
      expect(head.slice(0, 12)).to.equal('HTTP/1.1 413');
    });
  });

  describe('malformed bodies', () => {
    it('answers 400 for a multipart Content-Type with no boundary', async () => {
      const res = await post(port, '/up/avatar', form([['a', '1']]), 'multipart/form-data');
      expect(res.status).to.equal(400);
      expect(messageOf(res.body)).to.contain('needs a boundary parameter');
    });

    it('answers 400 for a boundary longer than 70 characters', async () => {
      const long = 'b'.repeat(71);
      const res = await post(port, '/up/avatar', form([['a', '1']], long), `multipart/form-data; boundary=${long}`);
      expect(res.status).to.equal(400);
      expect(messageOf(res.body)).to.contain('1 to 70');
    });

    it('answers 400 for a body that ends without the close delimiter', async () => {
      const res = await post(port, '/up/avatar', `--${B}\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n`);
      expect(res.status).to.equal(400);
      expect(messageOf(res.body)).to.contain(`ends before the close delimiter --${B}--`);
    });

    it('answers 400 for a part whose Content-Disposition has no name', async () => {
      const res = await post(port, '/up/avatar', `--${B}\r\nContent-Disposition: form-data; filename="a"\r\n\r\n1\r\n--${B}--`);
      expect(res.status).to.equal(400);
      expect(messageOf(res.body)).to.contain('no name parameter');
    });

    it('answers 400 for a part header section past 16 KiB', async () => {
      const res = await post(port, '/up/avatar', `--${B}\r\nContent-Disposition: form-data; name="a"\r\nX: ${'x'.repeat(17 * 1024)}\r\n\r\n1\r\n--${B}--`);
      expect(res.status).to.equal(400);
      expect(messageOf(res.body)).to.contain('header section is larger than 16384 bytes');
    });
  });

  it('takes a FormData encoded body through inject()', async () => {
    const fd = new FormData();
    fd.append('avatar', new Blob(['hi'], { type: 'text/plain' }), 'hi.txt');
    const encoded = new Response(fd);
    const res = await app.inject({
      method: 'POST', url: '/up/avatar',
      headers: { 'content-type': encoded.headers.get('content-type')! },
      body: Buffer.from(await encoded.arrayBuffer()),
    });
    expect(res.json<{ file: { originalname: string; size: number } }>().file).to.deep.include({ originalname: 'hi.txt', size: 2 });
  });
});

describe('file upload routes at bootstrap', () => {
  it('refuses @Body() typed Buffer next to @UploadedFile() on one route', async () => {
    @Controller()
    class RawAndFile {
      @Post()
      take(@Body() raw: Buffer, @UploadedFile('f') file: MultipartFile) {
        return [raw, file];
      }
    }
    @Module({ controllers: [RawAndFile] })
    class M {}
    const error = await makeApp(M).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(BootstrapError);
    expect((error as Error).message).to.contain('RawAndFile.take').and.contain('typed Buffer');
  });

  it('refuses @Multipart() on a route that reads no body', async () => {
    @Controller()
    class NoBody {
      @Post()
      @Multipart({ maxFiles: 1 })
      take() {
        return 'x';
      }
    }
    @Module({ controllers: [NoBody] })
    class M {}
    const error = await makeApp(M).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(BootstrapError);
    expect((error as Error).message).to.contain('@Multipart() on NoBody.take, which reads no body');
  });

  it('leaves a raw-body route of a controller with a class-level @Multipart() as it was', async () => {
    @Controller()
    @Multipart({ maxFiles: 1 })
    class Hooks {
      @Post('hook')
      hook(@Body() raw: Buffer) {
        return { bytes: raw.length };
      }
      @Post('form')
      form(@Body() fields: Record<string, string>) {
        return { ...fields };
      }
    }
    @Module({ controllers: [Hooks] })
    class M {}
    const app = await makeApp(M);
    try {
      const raw = await app.inject({ method: 'POST', url: '/hook', headers: { 'content-type': MULTIPART }, body: form([['a', '1']]) });
      expect(raw.json()).to.deep.equal({ bytes: form([['a', '1']]).length });
      const fields = await app.inject({ method: 'POST', url: '/form', headers: { 'content-type': MULTIPART }, body: form([['a', '1']]) });
      expect(fields.json()).to.deep.equal({ a: '1' });
    } finally {
      await app.close();
    }
  });

  it('refuses a misspelt @Multipart() option where it is written', () => {
    expect(() => Multipart({ maxFileSzie: 1 } as never)).to.throw(TypeError, "unknown option 'maxFileSzie': did you mean maxFileSize?");
  });
});

describe('docs/controllers.md: the File uploads example, as the page writes it', () => {
  let app: App;
  let dir: string;
  before(async () => {
    const repoRoot = path.join(__dirname, '../..');
    const page = fs.readFileSync(path.join(repoRoot, 'docs/controllers.md'), 'utf8');
    const section = page.slice(page.indexOf('### File uploads'));
    const code = /```ts\n([\s\S]*?)```/.exec(section)![1]
      .replace(/from 'wirework'/g, `from ${JSON.stringify(path.join(repoRoot, 'src/index'))}`);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ww-docs-uploads-'));
    const file = path.join(dir, 'profile.ts');
    fs.writeFileSync(file, `${code}\nexport { ProfileController };\n`);
    const { ProfileController } = require(file) as { ProfileController: new () => object };
    @Module({ controllers: [ProfileController] })
    class DocsModule {}
    app = await makeApp(DocsModule);
  });
  after(async () => {
    await app?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('takes a PNG avatar with a title field', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0]);
    const res = await app.inject({ method: 'POST', url: '/profile/avatar', headers: { 'content-type': MULTIPART }, body: form([['title', 'Me'], ['avatar', png, 'me.png', 'image/png']]) });
    expect(res.json()).to.deep.equal({ name: 'me.png', bytes: 6, title: 'Me' });
  });

  it('answers 422 from its pipe for a file that is not a PNG', async () => {
    const res = await app.inject({ method: 'POST', url: '/profile/avatar', headers: { 'content-type': MULTIPART }, body: form([['avatar', Buffer.from('GIF89a'), 'a.png', 'image/png']]) });
    expect(res.statusCode).to.equal(422);
  });

  it('takes several photos under one name', async () => {
    const res = await app.inject({
      method: 'POST', url: '/profile/photos', headers: { 'content-type': MULTIPART },
      body: form([['album', 'trip'], ['photos', Buffer.from('1'), '1.jpg'], ['photos', Buffer.from('2'), '2.jpg']]),
    });
    expect(res.json()).to.deep.equal({ album: 'trip', count: 2 });
  });
});
