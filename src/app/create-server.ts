/**
 * `createServer(AppModule, options)`: builds the container, compiles every controller's
 * routes once, and puts the dispatcher behind the engine. Everything that reads metadata
 * happens here; serving a request reads none.
 */
import { HttpServer } from '../http/server';
import { BootstrapError } from '../core/bootstrap-error';
import { Cors } from '../core/cors';
import { Container } from '../core/di/container';
import type { ModuleImport } from '../core/di/module';
import type { ModuleRef } from '../core/di/module-ref';
import { Dispatcher } from '../core/dispatcher';
import { ErrorResponder } from '../core/exceptions/error-responder';
import { FRAMEWORK_ERROR } from '../core/framework-errors';
import type { CanActivate } from '../core/guards/can-activate';
import { compileControllers, enhancers } from '../core/route-compiler';
import type { CompiledRoute } from '../core/route';
import { RouteTable } from '../core/router';
import { resolveLogger } from '../ops/logger';
import { createRateLimitGuard } from '../rate-limit/rate-limit.guard';
import { staticMountOf } from '../static';
import { mountMiddleware } from '../core/middleware';
import { App } from './app';
import { EnhancerResolver } from './enhancer-resolver';
import type { ServerOptions } from './options';
import { serverOptionsFor } from './server-options';
import { rateLimitStoreFor, reportBootstrapFailure, roleFor, type ProcessRole } from './listener';

export async function createServer(rootModule: ModuleImport, options: ServerOptions = {}): Promise<App> {
  const role = roleFor(options.workers);
  try {
    return await bootstrap(rootModule, options, role);
  } catch (error) {
    reportBootstrapFailure(role, error);
    throw error;
  }
}

async function bootstrap(rootModule: ModuleImport, options: ServerOptions, role: ProcessRole): Promise<App> {
  const logger = resolveLogger(options.logger);
  // Options first: a typo fails before any provider is built.
  const serverOptions = serverOptionsFor(options, logger);
  const requestTimeoutMs = checkTimeout(options.requestTimeoutMs);
  const cors = options.cors ? new Cors(options.cors === true ? true : options.cors) : undefined;
  const container = new Container(rootModule);
  await container.init();
  const resolver = new EnhancerResolver(container);
  const errors = new ErrorResponder(logger);

  const entries = await compileControllers(
    container.controllers.map((ref) => ({ controller: ref.type, instance: ref.instance as object, scope: ref.module })),
    {
      globalPrefix: options.globalPrefix ?? '',
      resolveClass: (cls, site, scope) => resolver.resolve(cls, scope as ModuleRef, site),
      errors,
    },
  );
  const table = new RouteTable<CompiledRoute>();
  for (const entry of entries) table.add(entry.method, entry.pattern, entry.route, entry.owner);
  table.compile(); // BootstrapError WW_ERR_ROUTE_CONFLICT names both routes
  if (logger.debug) for (const e of entries) logger.debug(`route ${e.method} ${e.pattern} → ${e.owner}`);

  const root = container.root;
  const globalGuards = await enhancers<CanActivate>(options.guards ?? [], 'canActivate', 'global guard', 'the createServer options', {
    resolveClass: (cls, site) => resolver.resolve(cls, root, site),
  });
  const routes = entries.map((e) => e.route);
  // The rate limit is the first guard of all. It is always compiled, so @RateLimit works
  // without the app-wide option, and installed only when some route is limited.
  const rateLimit = createRateLimitGuard(options.rateLimit ?? {}, { store: rateLimitStoreFor(role) });
  for (const route of routes) rateLimit.compileRoute(route.info);
  const firstGuards: CanActivate[] = [];
  const closers: Array<() => Promise<void>> = [];
  if (rateLimit.active) {
    firstGuards.push(rateLimit);
    closers.push(() => rateLimit.close());
  } else await rateLimit.close();
  for (const guard of globalGuards) {
    if (typeof guard.compileRoute === 'function') for (const route of routes) guard.compileRoute(route.info);
  }

  const dispatcher = new Dispatcher(table, errors, { cors, requestTimeoutMs });
  const server = new HttpServer(dispatcher.handle, serverOptions);
  // StaticModule.forRoot() imports: their folders are served ahead of the routes.
  for (const module of container.modules) {
    const mount = staticMountOf(module);
    if (mount !== undefined) dispatcher.middlewares.push(mountMiddleware(mount.middleware));
  }

  await container.callInitHooks();
  await container.callBootstrapHooks();
  return new App({
    server, container, dispatcher, errors, routes, resolver, logger, firstGuards, globalGuards, closers, role, workers: options.workers,
  });
}

function checkTimeout(ms: number | undefined): number | undefined {
  if (ms === undefined || ms === 0) return undefined;
  if (!Number.isFinite(ms) || ms < 0) {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `requestTimeoutMs must be a number of milliseconds > 0 (or 0 for none), got ${ms}`);
  }
  return ms;
}
