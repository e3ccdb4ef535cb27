import { expect } from 'chai';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { makeApp } from '../app/helpers';

@Module({})
class EmptyModule {}

describe('ops routes', () => {
  let app: App;
  afterEach(() => app.close());

  it('answers /healthz for an equivalent spelling, /%68ealthz, as the router does for every route (RFC 3986 §6.2.2)', async () => {
    app = await makeApp(EmptyModule, { health: true });
    expect((await app.inject({ url: '/%68ealthz' })).statusCode).to.equal(200);
  });
});
