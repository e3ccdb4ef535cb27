/** Called once every provider and controller exists, each after the providers it depends on (imported and global modules first). */
export interface OnModuleInit {
  onModuleInit(): void | Promise<void>;
}
/** Called after every `onModuleInit`, before the server listens. */
export interface OnApplicationBootstrap {
  onApplicationBootstrap(): void | Promise<void>;
}
/** Called first on shutdown, each instance before the providers it depends on (the reverse of init). */
export interface OnModuleDestroy {
  onModuleDestroy(): void | Promise<void>;
}
/** Called after every `onModuleDestroy`, while connections may still be draining. */
export interface BeforeApplicationShutdown {
  beforeApplicationShutdown(signal?: string): void | Promise<void>;
}
/** Called last, once the server is closed: release pools, flush logs. */
export interface OnApplicationShutdown {
  onApplicationShutdown(signal?: string): void | Promise<void>;
}

export type LifecycleHook =
  | 'onModuleInit'
  | 'onApplicationBootstrap'
  | 'onModuleDestroy'
  | 'beforeApplicationShutdown'
  | 'onApplicationShutdown';
