/**
 * The rate-limit feature's public surface, for `src/index.ts` to re-export. Everything else in
 * this folder is internal.
 */
export { RateLimit, SkipRateLimit } from './decorators';
export type { RateLimitDecoratorOptions } from './decorators';
export { RateLimitGuard, createRateLimitGuard } from './rate-limit.guard';
export type { RateLimitOptions } from './rate-limit.guard';
export { MemoryStore } from './memory-store';
export type { MemoryStoreOptions } from './memory-store';
export { RedisStore } from './redis-store';
export type { RedisStoreOptions } from './redis-store';
export { createRedisClient } from './redis-adapter';
export type { ConnectedRedisClient, RedisScriptRunner } from './redis-adapter';
export { ClusterStore } from './cluster-store';
export { RateLimitConfigError, RateLimitKeyError, RateLimitStoreError } from './errors';
export type { TrustProxy } from './client-address';
export type { HitResult, RateLimitAlgorithm, RateLimitPolicy, RateLimitStore, StoreErrorMode } from './types';
