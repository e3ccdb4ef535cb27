import { expect } from 'chai';
import type { RouteInfo } from '../../src/core/guards/execution-context';
import { RATE_LIMIT_META, type RateLimitDecoratorOptions } from '../../src/rate-limit/decorators';
import { PolicyCompiler } from '../../src/rate-limit/route-limits';

/** A route as compileControllers describes it, with its @RateLimit metadata given directly. */
function route(controller: Function, method: string, meta: { onClass?: RateLimitDecoratorOptions[]; onMethod?: RateLimitDecoratorOptions[] }): RouteInfo {
  const handler = (controller.prototype as Record<string, Function>)[method] ?? function handler() {};
  const map = new Map<string, unknown>([
    [RATE_LIMIT_META.onClass, meta.onClass],
    [RATE_LIMIT_META.onMethod, meta.onMethod],
  ]);
  return {
    method: 'GET', path: `/${method}`, controller, handler, handlerName: `${controller.name}.${method}`, id: 0,
    getMetadata: <T>(key: string | symbol) => map.get(key as string) as T | undefined,
  };
}

describe('PolicyCompiler', () => {
  it('gives each method its own bucket when two methods share one options object', () => {
    class AuthController { login() {} signup() {} }
    const strict = { limit: 5, windowMs: 60_000 };
    const compiler = new PolicyCompiler('sliding-log');
    const login = compiler.routeLimits(route(AuthController, 'login', { onMethod: [strict] }), undefined)!;
    const signup = compiler.routeLimits(route(AuthController, 'signup', { onMethod: [strict] }), undefined)!;
    expect(login.bound[0].policy.id).to.not.equal(signup.bound[0].policy.id);
  });

  it('gives each class its own bucket when two classes share one options object', () => {
    class UsersController { list() {} }
    class OrdersController { list() {} }
    const shared = { limit: 100, windowMs: 60_000 };
    const compiler = new PolicyCompiler('sliding-log');
    const users = compiler.routeLimits(route(UsersController, 'list', { onClass: [shared] }), undefined)!;
    const orders = compiler.routeLimits(route(OrdersController, 'list', { onClass: [shared] }), undefined)!;
    expect(users.bound[0].policy.id).to.not.equal(orders.bound[0].policy.id);
  });

  it('keeps one bucket for all routes of a class under its class-level policy', () => {
    class UsersController { list() {} get() {} }
    const onClass = [{ limit: 100, windowMs: 60_000 }];
    const compiler = new PolicyCompiler('sliding-log');
    const a = compiler.routeLimits(route(UsersController, 'list', { onClass }), undefined)!;
    const b = compiler.routeLimits(route(UsersController, 'get', { onClass }), undefined)!;
    expect(a.bound[0].policy).to.equal(b.bound[0].policy);
  });

  it('keeps one bucket for two routes of the same method', () => {
    class UsersController { list() {} }
    const onMethod = [{ limit: 5, windowMs: 1_000 }];
    const compiler = new PolicyCompiler('sliding-log');
    const get = compiler.routeLimits(route(UsersController, 'list', { onMethod }), undefined)!;
    const head = compiler.routeLimits({ ...route(UsersController, 'list', { onMethod }), method: 'HEAD' }, undefined)!;
    expect(get.bound[0].policy).to.equal(head.bound[0].policy);
  });

  it('keeps two same-named classes apart', () => {
    const A1 = class A { list() {} };
    const A2 = class A { list() {} };
    const shared = { limit: 1, windowMs: 1_000 };
    const compiler = new PolicyCompiler('sliding-log');
    const one = compiler.routeLimits(route(A1, 'list', { onClass: [shared] }), undefined)!;
    const two = compiler.routeLimits(route(A2, 'list', { onClass: [shared] }), undefined)!;
    expect([one.bound[0].policy.id, two.bound[0].policy.id]).to.deep.equal(['A:default:1/1000:sliding-log', 'A#2:default:1/1000:sliding-log']);
  });
});
