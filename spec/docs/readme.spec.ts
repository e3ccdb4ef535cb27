/**
 * README.md: its example as written there (imports from the source instead of 'wirework'),
 * and what a NestJS user expects of it. Keep the two in sync.
 */
import { expect } from 'chai';
import {
  Controller, Get, Param, ParseIntPipe, Injectable, Module, NotFoundException, createServer, App,
} from '../../src/index';

// ---- the example of the README -----------------------------------------------------------------
@Injectable()
class UsersService {
  private readonly users = new Map([[1, { id: 1, name: 'Ada' }]]);
  find(id: number) {
    const user = this.users.get(id);
    if (user === undefined) throw new NotFoundException(`No user with id ${id}`);   // → 404 JSON
    return user;
  }
}

@Controller('users')
class UsersController {
  constructor(private readonly users: UsersService) {}

  @Get(':id')
  findOne(@Param('id', ParseIntPipe) id: number) {
    return this.users.find(id);
  }
}

@Module({ controllers: [UsersController], providers: [UsersService] })
class AppModule {}
// ---------------------------------------------------------------------------------------------

describe('README.md', () => {
  let app: App;
  beforeEach(async () => {
    app = await createServer(AppModule, { metrics: true, health: true, logger: false });
  });
  afterEach(() => app.close());

  it('answers GET /users/1 with the user as JSON', async () => {
    const res = await app.inject({ url: '/users/1' });
    expect(res.statusCode).to.equal(200);
    expect(res.json()).to.deep.equal({ id: 1, name: 'Ada' });
  });

  it('answers 404 with the JSON error body for an unknown user', async () => {
    const res = await app.inject({ url: '/users/9' });
    expect(res.statusCode).to.equal(404);
    expect(res.json()).to.deep.equal({ statusCode: 404, error: 'Not Found', message: 'No user with id 9' });
  });

  it('answers 400 for an id that is not a number', async () => {
    expect((await app.inject({ url: '/users/abc' })).statusCode).to.equal(400);
  });

  it('serves /metrics and /healthz with the options it passes', async () => {
    const metrics = await app.inject({ url: '/metrics' });
    expect(metrics.statusCode).to.equal(200);
    expect(metrics.body).to.contain('wirework_http_requests_total');
    expect((await app.inject({ url: '/healthz' })).json()).to.deep.equal({ status: 'ok' });
  });
});
