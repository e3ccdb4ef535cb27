/**
 * wirework's public API: the list of what we promise. Users import from 'wirework' only;
 * every other module is internal and may change.
 */
// Parameter decorators and design:paramtypes need the metadata polyfill before any class loads.
import 'reflect-metadata';

// The app
export { createServer } from './app/create-server';
export { App } from './app/app';
export type { ServerOptions, WorkersOptions } from './app/options';
// what close() and a primary's listen() may reject with, for instanceof
export { ShutdownHookTimeoutError } from './app/shutdown-deadline';
export { AlreadyListeningError, AppClosedError } from './app/listener';
export { WorkersShutdownError, WorkersStartAbortedError } from './cluster/primary';

// The engine
export { HttpServer, Request, Response, HttpError, HeadersSentError, STATUS_TEXT, DEFAULT_LIMITS } from './http/index';
export type { HttpServerOptions, ListenAddress, Handler, ParserLimits, Sendable } from './http/index';
export type { CookieOptions } from './http/cookie';
export { FileBody } from './http/send-file';
export type { FileSendOptions } from './http/send-file';

// Modules and injection
export { Module, Global, Injectable, Inject, Optional, forwardRef, ModuleRef } from './core/di/index';
export type { DynamicModule, ModuleMetadata, InjectionToken, Type } from './core/di/index';
export type {
  OnModuleInit, OnApplicationBootstrap, OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown,
  Provider, ClassProvider, ValueProvider, FactoryProvider, ExistingProvider,
} from './core/di/index';
export { BootstrapError } from './core/bootstrap-error';

// Controllers and routes
export { Controller } from './core/decorators/controller';
export { Get, Post, Put, Patch, Delete, Head, Options, All } from './core/decorators/route';
export { Param, Query, Body, Headers, Req, Res, Ip } from './core/decorators/params';
export type { ResOptions } from './core/decorators/params';
export { createParamDecorator } from './core/decorators/create-param-decorator';
export type { CustomParamFactory } from './core/metadata/definitions';
export { HttpCode, Header, Redirect } from './core/decorators/response';
export { BodyLimit } from './core/decorators/body-limit';
export { UploadedFile, UploadedFiles, Multipart } from './core/decorators/uploaded-file';
export type { MultipartFile } from './core/body/multipart-form';
export type { MultipartOptions } from './core/body/multipart-options';
export { SetMetadata, applyDecorators } from './core/decorators/set-metadata';
export { Sse } from './core/decorators/sse';
export type { SseOptions } from './core/decorators/sse';
export type { MessageEvent } from './core/sse/message-event';
export type { ObservableLike } from './core/sse/observable-source';
export { SSE_ERROR, SseSourceError, SseEventError, SseBufferOverflowError, SseStreamError } from './core/sse/errors';

// Guards, interceptors, middleware, filters
export { UseGuards } from './core/decorators/use-guards';
export { UseInterceptors } from './core/decorators/use-interceptors';
export { UseFilters, Catch } from './core/decorators/use-filters';
export type { CanActivate, GuardLike } from './core/guards/can-activate';
export type { ExecutionContext, RouteInfo } from './core/guards/execution-context';
export type { CallHandler, Interceptor, NestInterceptor } from './core/interceptors';
export type { Middleware } from './core/middleware';
export { NextHandleCalledTwiceError } from './core/interceptors';
export { NextCalledTwiceError, NextAfterAnswerError } from './core/middleware';
export type { ExceptionFilter } from './core/exceptions/exception-filter';
export type { CorsOptions, CorsOrigin } from './core/cors';
export type { InterceptorLike } from './core/interceptors';
export type { ExceptionFilterLike } from './core/exceptions/exception-filter';
export type { ErrorBody } from './core/exceptions/http-exception';
export type { RequestHook, ResponseHook } from './core/dispatcher';

// Pipes
export {
  ParseIntPipe, ParseFloatPipe, ParseBoolPipe, ParseUUIDPipe, ParseEnumPipe, ParseArrayPipe, DefaultValuePipe,
} from './core/pipes/parse-pipes';
export { SchemaValidationPipe } from './core/pipes/schema-pipe';
export { ParseFilePipe, ParseFilePipeBuilder } from './core/pipes/parse-file-pipe';
export type { ParseFileOptions } from './core/pipes/parse-file-pipe';
export { FileValidator, MaxFileSizeValidator, FileTypeValidator } from './core/pipes/file-validators';
export type { MaxFileSizeValidatorOptions, FileTypeValidatorOptions } from './core/pipes/file-validators';
export type { PipeTransform, ArgumentMetadata, PipeLike } from './core/pipes/pipe';
export type { ParsePipeOptions, ParseUUIDPipeOptions, ParseArrayPipeOptions } from './core/pipes/parse-pipes';
export type { ValidationIssue } from './core/pipes/schema-pipe';
export type { StandardSchemaV1 } from './core/pipes/standard-schema';

// Exceptions
export {
  HttpException, BadRequestException, UnauthorizedException, PaymentRequiredException, ForbiddenException,
  NotFoundException, MethodNotAllowedException, NotAcceptableException, RequestTimeoutException,
  ConflictException, GoneException, PreconditionFailedException, PayloadTooLargeException,
  UnsupportedMediaTypeException, UnprocessableEntityException, TooManyRequestsException,
  InternalServerErrorException, NotImplementedException, BadGatewayException, ServiceUnavailableException,
  GatewayTimeoutException,
} from './core/exceptions/http-exception';
export type { HttpExceptionOptions } from './core/exceptions/http-exception';
export { HttpStatus } from './core/exceptions/http-status';

// Rate limiting
export {
  RateLimit, SkipRateLimit, MemoryStore, RedisStore, ClusterStore, createRedisClient,
  RateLimitConfigError, RateLimitKeyError, RateLimitStoreError,
} from './rate-limit/index';
export type {
  RateLimitOptions, RateLimitDecoratorOptions, RateLimitStore, HitResult, RateLimitPolicy, RateLimitAlgorithm,
  TrustProxy, RedisStoreOptions, MemoryStoreOptions, StoreErrorMode, ConnectedRedisClient,
} from './rate-limit/index';

// Static files
export { serveStatic, StaticModule } from './static/index';
export type { StaticOptions, StaticModuleOptions, SetHeaders } from './static/index';

// Ops
export type { Logger, LogLevel } from './ops/logger';

// Testing
export { inject, injectRaw } from './testing/inject';
export type { InjectOptions, InjectResponse, InjectRawOptions } from './testing/inject';
export { Test } from './app/testing-module/test';
export { TestingModule } from './app/testing-module/testing-module';
export { TestingModuleBuilder } from './app/testing-module/testing-module-builder';
export type { OverrideBy, OverrideModule } from './app/testing-module/testing-module-builder';
