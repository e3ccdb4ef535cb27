import { expect } from 'chai';
import { InterceptorLink, type CallHandler, type Interceptor } from '../../src/core/interceptors';
import type { ExecutionContext } from '../../src/core/guards/execution-context';

const context = {} as ExecutionContext;

describe('InterceptorLink', () => {
  it('runs the handler through every interceptor, outermost first', async () => {
    const order: string[] = [];
    const tag = (name: string): Interceptor => ({
      async intercept(_context: ExecutionContext, next: CallHandler) {
        order.push(name);
        return [name, await next.handle()];
      },
    });
    const result = await new InterceptorLink([tag('a'), tag('b')], 0, context, () => 'h').handle();
    expect(order).to.deep.equal(['a', 'b']);
    expect(result).to.deep.equal(['a', ['b', 'h']]);
  });

  it('rejects a second next.handle() and runs the handler once', async () => {
    let runs = 0;
    const twice: Interceptor = {
      async intercept(_context: ExecutionContext, next: CallHandler) {
        await next.handle();
        return next.handle();
      },
    };
    const outcome = await new InterceptorLink([twice], 0, context, () => ++runs).handle().then(
      () => 'resolved', (error: Error) => error.message,
    );
    expect(outcome).to.equal('next.handle() was called twice by an interceptor');
    expect(runs).to.equal(1);
  });

  it('leaves no unhandled rejection when a second next.handle() is dropped (regression: crashed the process)', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const dropsSecond: Interceptor = {
        async intercept(_context: ExecutionContext, next: CallHandler) {
          const value = await next.handle();
          void next.handle();
          return value;
        },
      };
      expect(await new InterceptorLink([dropsSecond], 0, context, () => 'h').handle()).to.equal('h');
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(unhandled).to.deep.equal([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });

  it('turns an interceptor that throws synchronously into a rejection', async () => {
    const throws: Interceptor = {
      intercept() {
        throw new Error('sync');
      },
    };
    const outcome = await new InterceptorLink([throws], 0, context, () => 'h').handle().then(() => 'resolved', (e: Error) => e.message);
    expect(outcome).to.equal('sync');
  });
});
