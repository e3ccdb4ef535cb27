import { expect } from 'chai';
import { Injectable } from '../../../src/core/di/injectable';
import { Module } from '../../../src/core/di/module';
import { boot, bootError } from './helpers';

/**
 * TypeScript records `design:paramtypes` only for a class with a decorator of its own, and
 * Reflect.getMetadata walks the prototype chain: an undecorated subclass with a constructor
 * of its own was built with its parent's parameter types (Nest does the same), so it got an
 * A where it asked for a B, silently.
 */
describe('DI: an undecorated subclass with a constructor of its own', () => {
  @Injectable() class A {}
  @Injectable() class B {}
  @Injectable() class Parent { constructor(readonly a: A, readonly b: B) {} }

  it('refuses to build it with its parent\'s parameter types when its constructor takes a different number of parameters', async () => {
    class Child extends Parent {
      constructor(readonly onlyB: B) { super(new A(), onlyB); }
    }
    @Module({ providers: [A, B, Child] }) class AppModule {}
    const error = await bootError(AppModule);
    expect(error.code).to.equal('WW_ERR_MISSING_PARAM_TYPES');
    expect(error.message).to.contain("Cannot resolve Child: Child's constructor takes 1 parameter(s)");
    expect(error.message).to.contain("Parent's constructor (2: A, B)");
    expect(error.message).to.contain('Add @Injectable() to Child');
  });

  it('still builds a subclass without a constructor of its own with its parent\'s dependencies', async () => {
    class Child extends Parent {}
    @Module({ providers: [A, B, Child] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Child).b).to.equal(container.get(B));
  });

  it('builds the subclass with its own parameter types once it is decorated', async () => {
    @Injectable() class Child extends Parent {
      constructor(readonly onlyB: B) { super(new A(), onlyB); }
    }
    @Module({ providers: [A, B, Child] }) class AppModule {}
    const container = await boot(AppModule);
    expect(container.get(Child).onlyB).to.equal(container.get(B));
  });
});
