import { expect } from 'chai';
import { BadRequestException, HttpException } from '../../../src/core/exceptions/http-exception';

describe('HttpException, as NestJS code writes it', () => {
  it("takes NestJS's (body, status) order: new HttpException({ code: 'X' }, 400) answers 400 with that object (regression: 500)", () => {
    const error = new HttpException({ code: 'X' }, 400);
    expect(error.getStatus()).to.equal(400);
    expect(error.getResponse()).to.deep.equal({ code: 'X' });
  });

  it("takes NestJS's (message, status) order: new HttpException('Gone away', 410)", () => {
    const error = new HttpException('Gone away', 410);
    expect(error.getStatus()).to.equal(410);
    expect(error.message).to.equal('Gone away');
    expect(error.getResponse()).to.deep.equal({ statusCode: 410, error: 'Gone', message: 'Gone away' });
  });

  it('still refuses a status outside 4xx and 5xx given in the NestJS order', () => {
    expect(() => new HttpException('moved', 301)).to.throw(TypeError, /4xx or 5xx/);
  });

  it('sends an array of messages as the message field, as NestJS does (regression: the bare array was the body)', () => {
    const error = new BadRequestException(['name is required', 'age must be a number']);
    expect(error.getResponse()).to.deep.equal({
      statusCode: 400, error: 'Bad Request', message: ['name is required', 'age must be a number'],
    });
    expect(error.message).to.equal('name is required; age must be a number');
  });
});
