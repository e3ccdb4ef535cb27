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
import type { AccessLogFormat } from '../ops/access-log';
import { instrument } from '../ops/instrument';
import { HttpMetrics } from '../ops/metrics/http-metrics';
import { WorkerMetricsLink } from '../ops/metrics/cluster-metrics';
import { createOpsController, type OpsRoutes } from '../ops/ops.controller';
import { App } from './app';
import { BootstrapWatch } from './bootstrap-watch';
import { EnhancerResolver } from './enhancer-resolver';
import type { ServerOptions } from './options';
import { serverOptionsFor } from './server-options';
import { rateLimitStoreFor, reportBootstrapFailure, roleFor, type ProcessRole } from './listener';
import { DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS, withShutdownDeadline } from './shutdown-deadline';
import type { Logger } from '../ops/logger';
import { describeReceived, validateServerOptions } from './validate-options';

export async function createServer(rootModule: ModuleImport, options: ServerOptions = {}): Promise<App> {
  return createServerOn(new Container(rootModule), options);
}

/**
 * @internal createServer on a container made elsewhere: Test.createTestingModule() builds one
 * with its overrides (and may have initialised it already, for `get()` before any app).
 * `beforeHooks` runs once every class the app needs is built, before any onModuleInit.
 */
export async function createServerOn(container: Container, options: ServerOptions = {}, beforeHooks?: () => void): Promise<App> {
  // Options first: a typo fails before any provider is built or any worker forked.
  validateServerOptions(options);
  const role = roleFor(options.workers);
  const watch = new BootstrapWatch();
  try {
    return await bootstrap(container, options, role, watch, beforeHooks);
  } catch (error) {
    reportBootstrapFailure(role, error);
    throw error;
  } finally {
    watch.stop();
  }
}

async function bootstrap(
  container: Container, options: ServerOptions, role: ProcessRole, watch: BootstrapWatch, beforeHooks: (() => void) | undefined,
): Promise<App> {
  const logger = resolveLogger(options.logger);
  const serverOptions = serverOptionsFor(options, logger);
  const requestTimeoutMs = timeoutOrNone(options.requestTimeoutMs);
  const routing = routingOptions(options);
  const cors = options.cors ? new Cors(options.cors === true ? true : options.cors) : undefined;
  watch.follow(container.awaiting, logger);
  const shutdownHooksTimeoutMs = options.shutdownHooksTimeoutMs === 0 ? Infinity
    : timeoutOrNone(options.shutdownHooksTimeoutMs) ?? DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS;
  const closers: Array<() => Promise<void>> = [];
  try {
    await container.init();
    const resolver = new EnhancerResolver(container);
    const errors = new ErrorResponder(logger);

    const entries = await compileControllers(
      container.controllers.map((ref) => ({ controller: ref.type, instance: ref.instance as object, scope: ref.module })),
      {
        globalPrefix: routing.globalPrefix,
        resolveClass: (cls, site, scope) => resolver.resolve(cls, scope as ModuleRef, site),
        errors,
      },
    );
    const ops = opsSettings(options);
    const metrics = ops.metricsPath !== undefined ? new HttpMetrics() : undefined;
    const metricsLink = metrics !== undefined && role === 'worker' ? new WorkerMetricsLink(metrics.registry) : undefined;
    let app: App | undefined;
    let opsEntries: typeof entries = [];
    if (ops.metricsPath !== undefined || ops.livenessPath !== undefined) {
      // The ops routes are an ordinary controller: same table, same 405/HEAD, no global prefix.
      // They are kept out of `routes`, so app-wide guards and the app-wide rate limit never
      // answer a kubelet's probe or a Prometheus scrape with 403 or 429.
      const { controller, instance } = createOpsController(ops, {
        renderMetrics: () => (metricsLink !== undefined ? metricsLink.render() : metrics!.render()),
        isReady: () => app !== undefined && !app.isClosing,
      });
      opsEntries = await compileControllers([{ controller, instance, scope: container.root }], {
        globalPrefix: '',
        resolveClass: (cls, site, scope) => resolver.resolve(cls, scope as ModuleRef, site),
        errors,
      });
    }
    const table = new RouteTable<CompiledRoute>({
      ignoreTrailingSlash: routing.ignoreTrailingSlash,
      maxParamLength: routing.maxParamLength,
    });
    for (const entry of [...entries, ...opsEntries]) table.add(entry.method, entry.pattern, entry.route, entry.owner);
    table.compile(); // BootstrapError WW_ERR_ROUTE_CONFLICT names both routes
    if (logger.debug) for (const e of entries) logger.debug(`route ${e.method} ${e.pattern} → ${e.owner}`);

    const root = container.root;
    const globalGuards = await enhancers<CanActivate>(options.guards ?? [], 'canActivate', 'global guard', 'the createServer options', {
      resolveClass: (cls, site) => resolver.resolve(cls, root, site),
    });
    const routes = entries.map((e) => e.route);
    // The rate limit is the first guard of all. It is always compiled, so @RateLimit works
    // without the app-wide option, and installed only when some route is limited — and then
    // only in the chains of the limited routes (its compileRoute answers false for the rest).
    // Every guard's compileRoute is called by the routes themselves (CompiledRoute.setGlobals).
    const rateLimit = createRateLimitGuard(options.rateLimit ?? {}, { store: rateLimitStoreFor(role) });
    for (const route of routes) rateLimit.compileRoute(route.info);
    const firstGuards: CanActivate[] = [];
    if (rateLimit.active) {
      firstGuards.push(rateLimit);
      closers.push(() => rateLimit.close());
    } else await rateLimit.close();
    // Guard chains now, so a compileRoute that throws fails bootstrap before any lifecycle hook
    // has run (the App sets the global interceptors on the same chains).
    const chainGuards = [...firstGuards, ...globalGuards];
    for (const route of routes) route.setGlobals(chainGuards, []);

    const dispatcher = new Dispatcher(table, errors, { cors, requestTimeoutMs });
    const server = new HttpServer(dispatcher.handle, serverOptions);
    metrics?.observeEngine(() => server.stats());
    if (metricsLink !== undefined) closers.push(async () => metricsLink.close());
    instrument(
      { onRequest: (hook) => dispatcher.onRequest.push(hook), onResponse: (hook) => dispatcher.onResponse.push(hook) },
      { requestId: ops.requestId, accessLog: ops.accessLog, metrics, logger },
    );
    // StaticModule.forRoot() imports: their folders are served ahead of the routes.
    for (const module of container.modules) {
      const mount = staticMountOf(module);
      if (mount !== undefined) dispatcher.middlewares.push(mountMiddleware(mount.middleware));
    }

    beforeHooks?.();
    await container.callInitHooks();
    await container.callBootstrapHooks();
    app = new App({
      server, container, dispatcher, errors, routes, resolver, logger, firstGuards, globalGuards, closers, role, workers: options.workers,
      shutdownTimeoutMs: timeoutOrNone(options.shutdownTimeoutMs),
      shutdownHooksTimeoutMs,
    });
    return app;
  } catch (error) {
    await releaseAfterFailedBootstrap(container, closers, shutdownHooksTimeoutMs, logger);
    throw error;
  }
}

/**
 * A bootstrap that failed part way (a provider factory, an onModuleInit, a bad route) has
 * built providers that may hold pools, sockets or timers: their shutdown hooks run, as close()
 * would run them, so the process can exit and a test that expects the failure leaks nothing.
 * The bootstrap's own error is what createServer rejects with; a hook's failure is logged.
 */
async function releaseAfterFailedBootstrap(
  container: Container, closers: ReadonlyArray<() => Promise<void>>, hooksTimeoutMs: number, logger: Logger,
): Promise<void> {
  try {
    await withShutdownDeadline(container.callShutdownHooks(), hooksTimeoutMs, container.awaiting);
  } catch (error) {
    logger.error('createServer failed, and the shutdown hooks run on what it had built failed too', error);
  }
  for (const close of closers) await close().catch((error: unknown) => logger.error('createServer failed, and closing what it had opened failed too', error));
}

interface OpsSettings extends OpsRoutes {
  requestId: boolean;
  accessLog: AccessLogFormat | false;
}

/** The ops options, defaults applied: off unless asked for. */
function opsSettings(options: ServerOptions): OpsSettings {
  const metrics = options.metrics;
  const health = options.health;
  const accessLog = options.accessLog === true ? 'text' : (options.accessLog ?? false);
  if (accessLog !== false && accessLog !== 'text' && accessLog !== 'json') {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `accessLog must be true, false, 'text' or 'json', got ${String(accessLog)}`);
  }
  return {
    metricsPath: metrics ? opsPath((metrics === true ? undefined : metrics.path) ?? '/metrics', 'metrics.path') : undefined,
    livenessPath: health ? opsPath((health === true ? undefined : health.livenessPath) ?? '/healthz', 'health.livenessPath') : undefined,
    readinessPath: health ? opsPath((health === true ? undefined : health.readinessPath) ?? '/readyz', 'health.readinessPath') : undefined,
    requestId: options.requestId ?? accessLog !== false,
    accessLog,
  };
}

function opsPath(path: string, name: string): string {
  if (typeof path !== 'string' || !path.startsWith('/')) {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `${name} must be a path starting with '/', got ${String(path)}`);
  }
  return path;
}

/**
 * The router's options, checked: a `globalPrefix` that is not a string crashed the route
 * compiler with a raw TypeError or mounted every route under a wrong path, and a
 * `maxParamLength` of NaN or below 0 silently switched the 414 limit off.
 */
function routingOptions(options: ServerOptions): { globalPrefix: string; ignoreTrailingSlash?: boolean; maxParamLength?: number } {
  const { globalPrefix = '', ignoreTrailingSlash, maxParamLength } = options;
  if (typeof globalPrefix !== 'string') {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `globalPrefix must be a string such as 'api', got ${describeReceived(globalPrefix)}`);
  }
  if (ignoreTrailingSlash !== undefined && typeof ignoreTrailingSlash !== 'boolean') {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `ignoreTrailingSlash must be true or false, got ${describeReceived(ignoreTrailingSlash)}`);
  }
  if (maxParamLength !== undefined && (!Number.isSafeInteger(maxParamLength) || maxParamLength < 1)) {
    throw new BootstrapError(FRAMEWORK_ERROR.INVALID_OPTION, `maxParamLength must be a whole number of characters, 1 or more, got ${describeReceived(maxParamLength)}`);
  }
  return { globalPrefix, ignoreTrailingSlash, maxParamLength };
}

/** A checked timeout (validateServerOptions), with 0 meaning none. */
function timeoutOrNone(ms: number | undefined): number | undefined {
  return ms === undefined || ms === 0 ? undefined : ms;
}
