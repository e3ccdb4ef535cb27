/**
 * A static mount in front of controller routes, as an app has it: `app.useStatic('/', 'public')`
 * with an index.html, and routes that take writes at the same URLs.
 */
import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import type { App } from '../../src/app/app';
import { Controller } from '../../src/core/decorators/controller';
import { Post } from '../../src/core/decorators/route';
import { Module } from '../../src/core/di/module';
import { makeFixture, type Fixture } from './fixture';

@Controller()
class FormController {
  @Post()
  root() {
    return 'posted to /';
  }

  @Post('contact.html')
  contact() {
    return 'posted to the form';
  }
}

@Module({ controllers: [FormController] })
class AppModule {}

describe('static: routes behind a mount', () => {
  let fx: Fixture;
  let app: App;
  before(() => {
    fx = makeFixture();
    fx.file('index.html', '<p>home</p>');
    fx.file('contact.html', '<form method="post"></form>');
  });
  after(() => fx.remove());
  beforeEach(async () => {
    app = await createServer(AppModule, { logger: false });
    app.useStatic('/', fx.root);
  });
  afterEach(() => app.close());

  // regression: the mount answered 405 to any POST where a file or folder existed, so these
  // routes could never be reached.
  it('lets a POST route answer at the URL of an existing file', async () => {
    const res = await app.inject({ method: 'POST', url: '/contact.html', body: 'name=x' });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.equal('posted to the form');
  });

  it('lets a POST route answer at the URL of a folder with an index file', async () => {
    const res = await app.inject({ method: 'POST', url: '/', body: 'name=x' });
    expect(res.statusCode).to.equal(201);
    expect(res.body).to.equal('posted to /');
  });

  it('still serves the file to a GET at the same URL', async () => {
    const res = await app.inject({ url: '/contact.html' });
    expect(res.statusCode).to.equal(200);
    expect(res.body).to.equal('<form method="post"></form>');
  });
});
