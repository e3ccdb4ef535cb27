import { expect } from 'chai';
import { Inject } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { Module } from '../../../src/core/di/module';
import { boot, bootError } from './helpers';

/**
 * Nest's `@Inject()` with no token injects by the parameter's type. Here it recorded the
 * token `undefined` and bootstrap said "TypeScript recorded its type as undefined: a
 * circular file import", which the user's code was not.
 */
describe('DI: @Inject() without a token', () => {
  it('injects by the parameter\'s recorded type, as in NestJS', async () => {
    @Injectable() class Clock {}
    @Injectable() class Timer { constructor(@Inject() readonly clock: Clock) {} }
    @Module({ providers: [Clock, Timer] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Timer).clock).to.equal(container.get(Clock));
  });

  it('still reports @Inject(undefined) as a circular file import', async () => {
    @Injectable() class Timer { constructor(@Inject(undefined as never) readonly clock: unknown) {} }
    @Module({ providers: [Timer] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_UNKNOWN_PARAM_TYPE');
    expect(error.message).to.contain('circular file import');
  });
});
