/**
 * `@RateLimit(...)` and `@SkipRateLimit(...)`. They only record what was written, on the class
 * or the method (framework metadata: class on the constructor, method on (prototype, name));
 * the guard compiles it once per route at bootstrap.
 *
 * Several `@RateLimit` accumulate and all must pass. App-wide, class and method policies add
 * up; a policy with the same name as one declared further out replaces it (so a method can
 * loosen or tighten the class's "default"). `@SkipRateLimit()` drops the app-wide and class
 * policies for a class or method; `@SkipRateLimit('burst')` drops only those named. Policies
 * declared on the method itself always apply.
 */
import { appendMetadata } from '../core/metadata/append';
import type { ClassOrMethodDecorator } from '../core/decorators/set-metadata';
import type { Request } from '../http/request';
import type { RateLimitPolicyOptions } from './policy';

export interface RateLimitDecoratorOptions extends RateLimitPolicyOptions {
  /** the client key for this policy, or a promise of it (default: the guard's key, the client address). */
  key?: (req: Request) => string | number | Promise<string | number>;
}

/** One `@SkipRateLimit` as written: `all` or the names it drops. */
export type SkipDeclaration = { readonly names: readonly string[] | 'all' };

export const RATE_LIMIT_META = {
  /** class: RateLimitDecoratorOptions[] */
  onClass: 'wirework:rate-limit:class',
  /** method: RateLimitDecoratorOptions[] */
  onMethod: 'wirework:rate-limit:method',
  /** class: SkipDeclaration[] */
  skipClass: 'wirework:rate-limit:skip-class',
  /** method: SkipDeclaration[] */
  skipMethod: 'wirework:rate-limit:skip-method',
} as const;

export function RateLimit(options: RateLimitDecoratorOptions): ClassOrMethodDecorator {
  return ((target: object, property?: string | symbol) => {
    if (property === undefined) appendMetadata(RATE_LIMIT_META.onClass, [options], target);
    else appendMetadata(RATE_LIMIT_META.onMethod, [options], target, property);
  }) as ClassOrMethodDecorator;
}

export function SkipRateLimit(...names: string[]): ClassOrMethodDecorator {
  const declaration: SkipDeclaration = { names: names.length === 0 ? 'all' : names };
  return ((target: object, property?: string | symbol) => {
    if (property === undefined) appendMetadata(RATE_LIMIT_META.skipClass, [declaration], target);
    else appendMetadata(RATE_LIMIT_META.skipMethod, [declaration], target, property);
  }) as ClassOrMethodDecorator;
}
