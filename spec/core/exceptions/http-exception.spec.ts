import { expect } from 'chai';
import { HttpError } from '../../../src/http/errors';
import { errorAnswer } from '../../../src/core/exceptions/error-body';
import {
  BadRequestException, ConflictException, ForbiddenException, GoneException, HttpException, InternalServerErrorException,
  MethodNotAllowedException, NotFoundException, NotImplementedException, PayloadTooLargeException, ServiceUnavailableException,
  TooManyRequestsException, UnauthorizedException, UnprocessableEntityException, UnsupportedMediaTypeException,
} from '../../../src/core/exceptions/http-exception';

describe('HttpException', () => {
  it('refuses a status outside 4xx and 5xx where it is made, so the status line and body never disagree', () => {
    for (const status of [100, 200, 302, 600, 404.5]) {
      expect(() => new HttpException(status, 'x'), String(status)).to.throw(TypeError, /4xx or 5xx/);
    }
  });

  it('answers { statusCode, error, message } with the reason phrase as the default message', () => {
    expect(new HttpException(404).getResponse()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'Not Found' });
  });
  it('uses a string body as the message', () => {
    expect(new BadRequestException('name is required').getResponse()).to.deep.equal({
      statusCode: 400, error: 'Bad Request', message: 'name is required',
    });
  });
  it('sends an object body as it is', () => {
    expect(new ConflictException({ code: 'taken' }).getResponse()).to.deep.equal({ code: 'taken' });
  });
  it('carries the header fields given in its options, for its answer', () => {
    expect(new ServiceUnavailableException('down', { headers: { 'Retry-After': '30' } }).headers).to.deep.equal({ 'Retry-After': '30' });
  });
  it('refuses a header field that could split the answer where it is made', () => {
    expect(() => new HttpException(400, 'x', { headers: { 'X-Why': 'a\r\nSet-Cookie: y' } })).to.throw(TypeError, /CR/);
    expect(() => new HttpException(400, 'x', { headers: { 'Bad Name': 'a' } })).to.throw(TypeError, /token/);
  });
  it('gives each subclass its status and its own name', () => {
    const cases: [HttpException, number][] = [
      [new BadRequestException(), 400], [new UnauthorizedException(), 401], [new ForbiddenException(), 403],
      [new NotFoundException(), 404], [new MethodNotAllowedException(), 405], [new ConflictException(), 409],
      [new GoneException(), 410], [new PayloadTooLargeException(), 413], [new UnsupportedMediaTypeException(), 415],
      [new UnprocessableEntityException(), 422], [new TooManyRequestsException(), 429],
      [new InternalServerErrorException(), 500], [new NotImplementedException(), 501], [new ServiceUnavailableException(), 503],
    ];
    for (const [error, status] of cases) {
      expect(error.getStatus()).to.equal(status);
      expect(error.name).to.equal(error.constructor.name);
      expect(error).to.be.instanceOf(HttpException);
    }
  });
});

describe('errorAnswer', () => {
  it("maps the engine's HttpError to the same JSON shape with its status", () => {
    const answer = errorAnswer(new HttpError(413, 'WW_ERR_BODY_TOO_LARGE', 'too large'));
    expect(answer).to.deep.equal({
      status: 413, unexpected: false, body: { statusCode: 413, error: 'Content Too Large', message: 'too large' },
    });
  });
  it('answers 500 without the internals of any other error, and marks it unexpected', () => {
    const answer = errorAnswer(new Error('password=hunter2 at db.ts:12'));
    expect(answer.status).to.equal(500);
    expect(answer.unexpected).to.equal(true);
    expect(JSON.stringify(answer.body)).not.to.contain('hunter2');
  });
});
