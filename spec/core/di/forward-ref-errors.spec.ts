import { expect } from 'chai';
import { forwardRef } from '../../../src/core/di/forward-ref';
import { Inject } from '../../../src/core/di/inject';
import { Injectable } from '../../../src/core/di/injectable';
import { Module } from '../../../src/core/di/module';
import { bootError } from './helpers';

/**
 * A forwardRef() is read at bootstrap. One that threw there (a class or token declared with
 * let/const that is still in its temporal dead zone) escaped as a raw ReferenceError naming
 * no class; one that still returned undefined was reported as if the user had not written
 * forwardRef at all ("write @Inject(forwardRef(() => TheClass))"), or as a missing provider
 * named `undefined`.
 */
describe('DI: a forwardRef() that fails at bootstrap', () => {
  const tdz = (): never => {
    throw new ReferenceError("Cannot access 'Later' before initialization");
  };

  it('names the constructor parameter whose forwardRef threw, with the error as cause', async () => {
    @Injectable() class Users { constructor(@Inject(forwardRef(tdz)) readonly later: unknown) {} }
    @Module({ providers: [Users] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_FORWARD_REF');
    expect(error.message).to.contain("the parameter at index 0 of Users's constructor").and.contain('threw').and.contain("Cannot access 'Later'");
    expect(error.cause).to.be.instanceOf(ReferenceError);
  });

  it('says a constructor parameter\'s forwardRef returned undefined, not that forwardRef is missing', async () => {
    @Injectable() class Users { constructor(@Inject(forwardRef(() => undefined)) readonly later: unknown) {} }
    @Module({ providers: [Users] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_FORWARD_REF');
    expect(error.message).to.contain("the parameter at index 0 of Users's constructor").and.contain('returned undefined');
    expect(error.message).not.to.contain('Write @Inject(forwardRef');
  });

  it('names the factory inject entry whose forwardRef threw', async () => {
    @Module({ providers: [{ provide: 'DB', useFactory: (x: unknown) => x, inject: [forwardRef(tdz)] }] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_FORWARD_REF');
    expect(error.message).to.contain("inject[0] of the factory of 'DB'");
  });

  it('names the alias whose forwardRef returned undefined', async () => {
    @Module({ providers: [{ provide: 'DB', useExisting: forwardRef(() => undefined) }] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_FORWARD_REF');
    expect(error.message).to.contain("the useExisting of 'DB'").and.contain('returned undefined');
  });

  it('names the module and export index whose forwardRef threw', async () => {
    @Module({ exports: [forwardRef(tdz) as never] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_INVALID_FORWARD_REF');
    expect(error.message).to.contain("AppModule's exports[0]").and.contain('threw');
  });
});
