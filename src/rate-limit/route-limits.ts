/**
 * Which policies protect one route: app-wide, class and method `@RateLimit`s, merged by name
 * and filtered by `@SkipRateLimit`. Bootstrap-only; the guard keeps the result per route.
 */
import type { RouteInfo } from '../core/guards/execution-context';
import type { Request } from '../http/request';
import { RATE_LIMIT_META, type RateLimitDecoratorOptions, type SkipDeclaration } from './decorators';
import { RateLimitConfigError } from './errors';
import { unknownKeyMessage } from '../core/did-you-mean';
import { compileHeaders, type CompiledHeaders } from './headers';
import { APP_POLICY_LABEL, compilePolicy } from './policy';
import type { RateLimitAlgorithm, RateLimitPolicy } from './types';

/**
 * The keys of `@RateLimit({ … })`; `satisfies` makes tsc fail when the options type gains one.
 * A misspelt `windowMS` was reported as "windowMs must be an integer", and a misspelt optional
 * key (`algoritm`) was ignored, silently.
 */
const DECORATOR_OPTION_NAMES = Object.keys({
  name: true, limit: true, windowMs: true, algorithm: true, key: true,
} satisfies Record<keyof RateLimitDecoratorOptions, true>);

/** A client key, or a promise of one (NestJS's `getTracker` is async); a number is read as its digits. */
export type KeyFn = (req: Request) => string | number | Promise<string | number>;

/** A policy plus the key function declared with it (undefined: the guard's default key). */
export interface BoundPolicy {
  readonly policy: RateLimitPolicy;
  readonly key: KeyFn | undefined;
  /** where `key` was declared, for the message when it returns no key. */
  readonly keyOwner: string;
}

export interface RouteLimits {
  /** in evaluation order: shortest window first, so a burst is refused before it eats the hourly quota. */
  readonly bound: readonly BoundPolicy[];
  readonly headers: CompiledHeaders;
}

/**
 * Compiles declarations once per place they are declared: a class's `@RateLimit`, seen by each
 * of its routes, becomes one policy, so those routes share one bucket per client. The cache is
 * keyed by the declaration *and* its scope, not by the object alone: one options object reused
 * on two methods or two classes (`const strict = { limit: 5, windowMs: 60_000 }` on `login` and
 * on `signup`) is two declarations, and each gets its own bucket as documented.
 */
export class PolicyCompiler {
  /** declaration → unique scope name → its policy. */
  private readonly byDeclaration = new Map<object, Map<string, BoundPolicy>>();
  /** scope name → the class or function it names, to keep ids unique if two classes share a name. */
  private readonly scopes = new Map<string, unknown>();

  constructor(private readonly defaultAlgorithm: RateLimitAlgorithm) {}

  /**
   * @param scope APP_SCOPE, 'Class' or 'Class.method'.
   * @param owner what the scope names (the class for both class and method scopes): two distinct
   *        classes with the same name get distinct scopes.
   */
  bind(declaration: RateLimitDecoratorOptions, scope: string, owner: unknown): BoundPolicy {
    const unique = this.uniqueScope(scope, owner);
    let perScope = this.byDeclaration.get(declaration);
    if (perScope === undefined) this.byDeclaration.set(declaration, (perScope = new Map()));
    let bound = perScope.get(unique);
    if (bound === undefined) {
      if (declaration !== null && typeof declaration === 'object') {
        const unknown = unknownKeyMessage(declaration, DECORATOR_OPTION_NAMES, '');
        if (unknown !== undefined) throw new RateLimitConfigError(`@RateLimit on ${scope}: ${unknown}`);
      }
      const policy = compilePolicy(declaration, unique, this.defaultAlgorithm);
      if (declaration.key !== undefined && typeof declaration.key !== 'function') {
        throw new RateLimitConfigError(`@RateLimit on ${scope}: key must be a function (req) => string`);
      }
      bound = { policy, key: declaration.key, keyOwner: `@RateLimit({ key }) on ${scope}` };
      perScope.set(unique, bound);
    }
    return bound;
  }

  private uniqueScope(scope: string, owner: unknown): string {
    let name = scope;
    for (let n = 2; this.scopes.has(name) && this.scopes.get(name) !== owner; n++) name = `${scope}#${n}`;
    this.scopes.set(name, owner);
    return name;
  }

  /** The limits of `route`, or undefined when nothing limits it. */
  routeLimits(route: RouteInfo, app: BoundPolicy | undefined): RouteLimits | undefined {
    const onClass = route.getMetadata<RateLimitDecoratorOptions[]>(RATE_LIMIT_META.onClass) ?? [];
    const onMethod = route.getMetadata<RateLimitDecoratorOptions[]>(RATE_LIMIT_META.onMethod) ?? [];
    const skips = [
      ...(route.getMetadata<SkipDeclaration[]>(RATE_LIMIT_META.skipClass) ?? []),
      ...(route.getMetadata<SkipDeclaration[]>(RATE_LIMIT_META.skipMethod) ?? []),
    ];
    const skipped = (name: string): boolean => skips.some((s) => s.names === 'all' || s.names.includes(name));

    const className = route.controller.name || 'AnonymousController';
    const merged = new Map<string, BoundPolicy>();
    const layer = (list: readonly BoundPolicy[], where: string, canSkip: boolean): void => {
      const seen = new Set<string>();
      for (const b of list) {
        const name = b.policy.name;
        if (seen.has(name)) {
          throw new RateLimitConfigError(
            `${where} has two @RateLimit policies named "${name}"; give each a distinct name ({ name: 'burst', ... })`,
          );
        }
        seen.add(name);
        if (canSkip && skipped(name)) continue;
        merged.delete(name); // an inner declaration replaces an outer one of the same name
        merged.set(name, b);
      }
    };
    if (app) layer([app], APP_POLICY_LABEL, true);
    layer(onClass.map((d) => this.bind(d, className, route.controller)), className, true);
    layer(onMethod.map((d) => this.bind(d, route.handlerName, route.controller)), route.handlerName, false);
    if (merged.size === 0) return undefined;
    const bound = [...merged.values()].sort((a, b) => a.policy.windowMs - b.policy.windowMs);
    return { bound, headers: compileHeaders(bound.map((b) => b.policy)) };
  }
}
