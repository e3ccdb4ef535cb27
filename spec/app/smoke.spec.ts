import { expect } from 'chai';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body, Param } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import { Injectable } from '../../src/core/di/injectable';
import { ParseIntPipe } from '../../src/core/pipes/parse-pipes';
import { makeApp } from './helpers';

@Injectable()
class UsersService {
  find(id: number) {
    return { id, name: `user ${id}` };
  }
}

@Controller('users')
class UsersController {
  constructor(private readonly users: UsersService) {}
  @Get(':id')
  one(@Param('id', ParseIntPipe) id: number) {
    return this.users.find(id);
  }
  @Post()
  create(@Body() body: unknown) {
    return { created: body };
  }
}

@Module({ controllers: [UsersController], providers: [UsersService] })
class AppModule {}

describe('smoke', () => {
  it('serves a controller end to end', async () => {
    const app = await makeApp(AppModule);
    const res = await app.inject({ method: 'GET', url: '/users/7' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 7, name: 'user 7' });
    const post = await app.inject({ method: 'POST', url: '/users', body: { a: 1 } });
    expect(post.statusCode).to.equal(201);
    expect(post.json()).to.deep.equal({ created: { a: 1 } });
    await app.close();
  });
});
