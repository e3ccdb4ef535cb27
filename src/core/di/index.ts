/** Dependency injection: decorators, module types and the per-application container. */
export { Container } from './container';
export type { ControllerRef } from './container';
export { DI_ERROR } from './errors';
export { forwardRef, ForwardReference } from './forward-ref';
export { Inject, Optional } from './inject';
export { Injectable } from './injectable';
export type {
  BeforeApplicationShutdown, LifecycleHook, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy, OnModuleInit,
} from './lifecycle';
export { Global, Module } from './module';
export type { DynamicModule, ModuleExport, ModuleImport, ModuleMetadata } from './module';
export { ModuleRef } from './module-ref';
export type {
  ClassProvider, ExistingProvider, FactoryDependency, FactoryProvider, OptionalFactoryDependency, Provider, ValueProvider,
} from './provider';
export type { Abstract, InjectionToken, Type } from './token';
