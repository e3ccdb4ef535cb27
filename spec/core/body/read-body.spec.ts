import { expect } from 'chai';
import { BodyMode, readBody } from '../../../src/core/body/read-body';
import { HttpException } from '../../../src/core/exceptions/http-exception';
import type { Request } from '../../../src/http/request';
import { Controller } from '../../../src/core/decorators/controller';
import { Post } from '../../../src/core/decorators/route';
import { Body } from '../../../src/core/decorators/params';
import { Module } from '../../../src/core/di/module';
import { makeApp } from '../../app/helpers';

/** A request with these headers and body bytes; `read` tells whether the body was asked for. */
function fakeRequest(headers: Record<string, string>, body: Buffer | string) {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const state = { read: false };
  const req = {
    hasBody: true,
    header: (name: string) => headers[name],
    // not yet arrived: readBody takes the promise path, so `read` shows whether it asked
    _bodyIfArrived: () => undefined,
    body: () => {
      state.read = true;
      return Promise.resolve(bytes);
    },
  } as unknown as Request;
  return { req, state };
}

async function bodyOf(headers: Record<string, string>, body: Buffer | string, mode: BodyMode = BodyMode.Parsed): Promise<unknown> {
  return readBody(fakeRequest(headers, body).req, mode);
}

/** The HttpException readBody throws or rejects with, and whether the body was read first. */
async function refusalOf(headers: Record<string, string>, body: Buffer | string): Promise<{ error: HttpException; read: boolean } & Pick<HttpException, 'headers'>> {
  const { req, state } = fakeRequest(headers, body);
  try {
    await readBody(req, BodyMode.Parsed);
  } catch (error) {
    expect(error).to.be.instanceOf(HttpException);
    return { error: error as HttpException, headers: (error as HttpException).headers, read: state.read };
  }
  return expect.fail('expected readBody to refuse the body');
}

async function refusal(headers: Record<string, string>, body: Buffer | string): Promise<{ status: number; message: string; read: boolean }> {
  const { error, read } = await refusalOf(headers, body);
  return { status: error.status, message: error.message, read };
}

@Controller('echo')
class EchoController {
  @Post()
  echo(@Body() body: unknown) {
    return body;
  }
}

@Module({ controllers: [EchoController] })
class EchoModule {}

describe('readBody', () => {
  describe('Content-Encoding', () => {
    it('answers 415 for a gzip body before reading it (regression: the compressed bytes reached JSON.parse, a 400 blaming the JSON)', async () => {
      const r = await refusal({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, Buffer.from([0x1f, 0x8b, 8, 0]));
      expect(r).to.deep.equal({ status: 415, message: "Content-Encoding 'gzip' is not supported here; send the body uncompressed", read: false });
    });

    it('answers 415 for a coding listed after identity, whatever its case', async () => {
      const r = await refusal({ 'content-type': 'text/plain', 'content-encoding': 'identity, BR' }, 'x');
      expect(r.status).to.equal(415);
      expect(r.message).to.contain("'br'");
    });

    it('answers 415 for a coded body with no Content-Type rather than hand over the coded bytes', async () => {
      expect((await refusal({ 'content-encoding': 'deflate' }, 'x')).status).to.equal(415);
    });

    it('says with the 415 that it takes identity only, in Accept-Encoding (RFC 9110 §15.5.16)', async () => {
      expect((await refusalOf({ 'content-type': 'application/json', 'content-encoding': 'gzip' }, 'x')).headers).to.deep.equal({ 'Accept-Encoding': 'identity' });
    });

    it('sends Accept-Encoding: identity on the wire with that 415', async () => {
      const app = await makeApp(EchoModule);
      try {
        const res = await app.inject({ method: 'POST', url: '/echo', headers: { 'content-type': 'text/plain', 'content-encoding': 'br' }, body: 'x' });
        expect([res.statusCode, res.headers['accept-encoding']]).to.deep.equal([415, 'identity']);
      } finally {
        await app.close();
      }
    });

    it('reads a body whose Content-Encoding is identity', async () => {
      expect(await bodyOf({ 'content-type': 'application/json', 'content-encoding': 'Identity' }, '{"a":1}')).to.deep.equal({ a: 1 });
    });

    it('hands a raw-bytes parameter the coded bytes as sent', async () => {
      const gz = Buffer.from([0x1f, 0x8b, 8, 0]);
      expect(await bodyOf({ 'content-encoding': 'gzip' }, gz, BodyMode.Raw)).to.deep.equal(gz);
    });
  });

  describe('charset', () => {
    it('answers 415 for JSON declared in another charset, before reading it (regression: latin-1 bytes were decoded as UTF-8 into U+FFFD)', async () => {
      const r = await refusal({ 'content-type': 'application/json; charset=ISO-8859-1' }, Buffer.from('{"n":"\xe9"}', 'latin1'));
      expect(r).to.deep.equal({ status: 415, message: "Charset 'iso-8859-1' is not supported here; send the body as UTF-8 (charset=utf-8)", read: false });
    });

    it('sends no Accept-Encoding with a 415 for a charset, which no content coding would cure', async () => {
      expect((await refusalOf({ 'content-type': 'text/plain; charset=latin1' }, 'x')).headers).to.equal(undefined);
    });

    it('answers 415 for a form or text declared in another charset', async () => {
      expect((await refusal({ 'content-type': 'application/x-www-form-urlencoded; charset=windows-1252' }, 'a=1')).status).to.equal(415);
      expect((await refusal({ 'content-type': 'text/plain; charset="utf-16"' }, 'a')).status).to.equal(415);
    });

    it('answers 415 when a second charset parameter contradicts a first utf-8', async () => {
      expect((await refusal({ 'content-type': 'application/json; charset=utf-8; charset=latin1' }, '{}')).status).to.equal(415);
    });

    it('reads a body declared UTF-8 however the label is spelled, or US-ASCII', async () => {
      for (const charset of ['UTF-8', '"utf-8"', 'utf8', 'us-ascii']) {
        expect(await bodyOf({ 'content-type': `application/json; charset=${charset}` }, '{"é":1}')).to.deep.equal({ é: 1 });
      }
    });

    it('ignores a charset on application/octet-stream, whose bytes are not decoded', async () => {
      expect(await bodyOf({ 'content-type': 'application/octet-stream; charset=latin1' }, 'ab')).to.deep.equal(Buffer.from('ab'));
    });
  });

  describe('by Content-Type', () => {
    it('parses JSON and +json types', async () => {
      expect(await bodyOf({ 'content-type': 'application/json' }, '{"a":[1]}')).to.deep.equal({ a: [1] });
      expect(await bodyOf({ 'content-type': 'application/problem+json' }, 'null')).to.equal(null);
    });

    it('gives a Buffer when there is no Content-Type (RFC 9110 §8.3: octet-stream)', async () => {
      expect(await bodyOf({}, 'ab')).to.deep.equal(Buffer.from('ab'));
    });

    it('answers 400 for two Content-Types joined by a repeated header (regression: text/plain, application/x+json was parsed as JSON)', async () => {
      const r = await refusal({ 'content-type': 'text/plain, application/x+json' }, '{"a":1}');
      expect(r).to.deep.equal({
        status: 400,
        message: "Content-Type 'text/plain, application/x+json' is not one media type; send a single Content-Type such as application/json",
        read: false,
      });
    });

    it('answers 400 for a Content-Type that is not type/subtype', async () => {
      expect((await refusal({ 'content-type': 'json' }, '{}')).status).to.equal(400);
    });

    it('answers 415 for an unsupported type before reading the body', async () => {
      const r = await refusal({ 'content-type': 'multipart/form-data; boundary=x' }, 'x');
      expect(r.status).to.equal(415);
      expect(r.read).to.equal(false);
    });

    it('answers 400 for JSON whose bytes are not UTF-8 (regression: latin-1 é reached the handler as U+FFFD)', async () => {
      const r = await refusal({ 'content-type': 'application/json' }, Buffer.from('{"n":"caf\xe9"}', 'latin1'));
      expect([r.status, r.message]).to.deep.equal([400, 'The request body is not valid UTF-8; send JSON encoded as UTF-8']);
    });

    it('keeps U+FFFD for bytes that are not UTF-8 in a text body, as WHATWG decoding does', async () => {
      expect(await bodyOf({ 'content-type': 'text/plain' }, Buffer.from([0x61, 0xff]))).to.equal('a\ufffd');
    });

    it('parses JSON that starts with a UTF-8 byte order mark (regression: 400, as JSON.parse saw U+FEFF)', async () => {
      expect(await bodyOf({ 'content-type': 'application/json' }, '\ufeff{"a":1}')).to.deep.equal({ a: 1 });
    });

    it('drops a leading byte order mark from text and form bodies, and keeps one that is not leading', async () => {
      expect(await bodyOf({ 'content-type': 'text/plain' }, '\ufeffhi\ufeff')).to.equal('hi\ufeff');
      expect({ ...(await bodyOf({ 'content-type': 'application/x-www-form-urlencoded' }, '\ufeffa=1') as object) }).to.deep.equal({ a: '1' });
    });

    it('gives undefined for an empty body of any type', async () => {
      expect(await bodyOf({ 'content-type': 'application/json' }, '')).to.equal(undefined);
      expect(await bodyOf({ 'content-type': 'text/plain' }, '')).to.equal(undefined);
    });
  });
});
