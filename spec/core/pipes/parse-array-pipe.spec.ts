import { expect } from 'chai';
import { Controller } from '../../../src/core/decorators/controller';
import { Get, Post } from '../../../src/core/decorators/route';
import { Body, Query } from '../../../src/core/decorators/params';
import { Module } from '../../../src/core/di/module';
import { ParseArrayPipe } from '../../../src/core/pipes/parse-pipes';
import type { App } from '../../../src/app/app';
import { makeApp } from '../../app/helpers';

@Controller('arr')
class ArrayController {
  @Get('ids')
  ids(@Query('ids', new ParseArrayPipe({ items: Number })) ids: number[]) {
    return { ids };
  }
  @Get('tags')
  tags(@Query('tags', new ParseArrayPipe({ items: String, separator: '|', optional: true })) tags?: string[]) {
    return { tags: tags ?? null };
  }
  @Get('flags')
  flags(@Query('f', new ParseArrayPipe({ items: Boolean })) f: boolean[]) {
    return { f };
  }
  @Post('body')
  body(@Body(new ParseArrayPipe({ items: Number })) body: number[]) {
    return { body };
  }
}

@Module({ controllers: [ArrayController] })
class AppModule {}

describe('ParseArrayPipe', () => {
  let app: App;
  before(async () => {
    app = await makeApp(AppModule);
  });
  after(() => app.close());

  it('splits a comma-separated query value and converts each item to a number', async () => {
    expect((await app.inject({ url: '/arr/ids?ids=1,2,-3.5' })).json()).to.deep.equal({ ids: [1, 2, -3.5] });
  });

  it('takes a repeated query key as the array', async () => {
    expect((await app.inject({ url: '/arr/ids?ids=1&ids=2' })).json()).to.deep.equal({ ids: [1, 2] });
  });

  it('answers 400 naming the index of an item that is not a number', async () => {
    const res = await app.inject({ url: '/arr/ids?ids=1,x,3' });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ message: string }>().message).to.equal("Validation failed for query 'ids' ([1] item must be a number)");
  });

  it('answers 400 for a missing value unless optional', async () => {
    const res = await app.inject({ url: '/arr/ids' });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ message: string }>().message).to.contain('parsable array expected');
    expect((await app.inject({ url: '/arr/tags' })).json()).to.deep.equal({ tags: null });
  });

  it("answers 400 for an empty value, as Nest does, instead of the list [''] (regression)", async () => {
    for (const url of ['/arr/ids?ids=', '/arr/tags?tags=']) {
      const res = await app.inject({ url });
      expect(res.statusCode, url).to.equal(400);
      expect(res.json<{ message: string }>().message).to.contain('parsable array expected');
    }
  });

  it('splits on the separator given', async () => {
    expect((await app.inject({ url: '/arr/tags?tags=a,b|c' })).json()).to.deep.equal({ tags: ['a,b', 'c'] });
  });

  it("converts 'true' and 'false' items to booleans and refuses others", async () => {
    expect((await app.inject({ url: '/arr/flags?f=true,false' })).json()).to.deep.equal({ f: [true, false] });
    const res = await app.inject({ url: '/arr/flags?f=true,yes' });
    expect(res.statusCode).to.equal(400);
    expect(res.json<{ message: string }>().message).to.contain('[1] item must be a boolean value');
  });

  it('checks the items of a JSON array body, and refuses a body that is not an array', async () => {
    expect((await app.inject({ method: 'POST', url: '/arr/body', body: [1, '2'] })).json()).to.deep.equal({ body: [1, 2] });
    expect((await app.inject({ method: 'POST', url: '/arr/body', body: { a: 1 } })).statusCode).to.equal(400);
  });

  it('refuses, where it is made, items it cannot convert and an empty separator', () => {
    class Dto {}
    expect(() => new ParseArrayPipe({ items: Dto as never })).to.throw(TypeError, /items must be Number, String or Boolean, got Dto/);
    expect(() => new ParseArrayPipe({ separator: '' })).to.throw(TypeError, /separator/);
  });
});
