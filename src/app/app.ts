/**
 * The running application: the engine server, the container and the dispatcher, with the
 * methods users call after `createServer` (listen, inject, close, get, use, use-global-*).
 */
import type { HttpServer } from '../http/server';
import type { Container } from '../core/di/container';
import type { InjectionToken } from '../core/di/token';
import { FilterEntry } from '../core/exceptions/filter-entry';
import type { ErrorResponder } from '../core/exceptions/error-responder';
import type { ExceptionFilter, ExceptionFilterLike } from '../core/exceptions/exception-filter';
import type { CanActivate, GuardLike } from '../core/guards/can-activate';
import type { Interceptor, InterceptorLike } from '../core/interceptors';
import type { Dispatcher, RequestHook, ResponseHook } from '../core/dispatcher';
import { mountMiddleware, type Middleware } from '../core/middleware';
import { checkEnhancer, enhancers } from '../core/route-compiler';
import type { CompiledRoute } from '../core/route';
import type { FrameworkLogger } from '../core/logger';
import { inject, type InjectOptions, type InjectResponse } from '../testing/inject';
import { serveStatic, type StaticOptions } from '../static';
import type { EnhancerResolver } from './enhancer-resolver';
import { RateLimitGuard } from '../rate-limit/rate-limit.guard';
import { AlreadyListeningError, AppClosedError, createListener, type Listener, type ProcessRole } from './listener';
import type { ServerOptions } from './options';
import { withShutdownDeadline } from './shutdown-deadline';
import { onSignalWhileClosing } from '../cluster/repeated-signal';

export interface AppParts {
  server: HttpServer;
  container: Container;
  dispatcher: Dispatcher;
  errors: ErrorResponder;
  routes: readonly CompiledRoute[];
  resolver: EnhancerResolver;
  logger: FrameworkLogger;
  /** guards that run before the user's global guards (the rate limit). */
  firstGuards: readonly CanActivate[];
  globalGuards: readonly CanActivate[];
  /** features' resources released on close, after the server (e.g. the rate-limit store). */
  closers?: ReadonlyArray<() => Promise<void>>;
  /** single process, or the primary / a worker of `workers: N`. */
  role?: ProcessRole;
  workers?: ServerOptions['workers'];
  /** close() forces busy connections after this long (engine default 10 s). */
  shutdownTimeoutMs?: number;
  /** close() rejects, naming the hook, when the shutdown hooks have not settled after this long (Infinity: never). */
  shutdownHooksTimeoutMs: number;
}

const DEFAULT_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT'];
export class App {
  private readonly server: HttpServer;
  private readonly container: Container;
  private readonly dispatcher: Dispatcher;
  private readonly errors: ErrorResponder;
  private readonly routes: readonly CompiledRoute[];
  private readonly resolver: EnhancerResolver;
  private readonly logger: FrameworkLogger;
  private readonly firstGuards: readonly CanActivate[];
  private readonly closers: ReadonlyArray<() => Promise<void>>;
  private readonly shutdownTimeoutMs: number | undefined;
  private readonly shutdownHooksTimeoutMs: number;
  private readonly listener: Listener;
  private readonly globalGuards: CanActivate[];
  private readonly globalInterceptors: Interceptor[] = [];
  /** `useGlobal*` with classes resolves through DI asynchronously; serving waits for it. */
  private pending: Promise<void> = Promise.resolve();
  private pendingSteps = 0;
  private closing: Promise<void> | undefined;
  private listenCalled = false;
  private signalHandlers: Array<[NodeJS.Signals, () => void]> = [];
  /** when the first shutdown signal arrived (0: none yet); the process exits when its close is done. */
  private firstSignalAt = 0;

  constructor(parts: AppParts) {
    this.server = parts.server;
    this.container = parts.container;
    this.dispatcher = parts.dispatcher;
    this.errors = parts.errors;
    this.routes = parts.routes;
    this.resolver = parts.resolver;
    this.logger = parts.logger;
    this.firstGuards = parts.firstGuards;
    this.closers = parts.closers ?? [];
    this.shutdownTimeoutMs = parts.shutdownTimeoutMs;
    this.shutdownHooksTimeoutMs = parts.shutdownHooksTimeoutMs;
    // The rate limit's own store, built from its options: under `workers` the primary counts
    // every worker's hits in it (else `rateLimit.maxKeys` would not apply there).
    const rateLimit = parts.firstGuards.find((guard): guard is RateLimitGuard => guard instanceof RateLimitGuard);
    this.listener = createListener(parts.role ?? 'single', this.server, parts.workers, this.logger, (signal) => this.close(signal), rateLimit?.memoryStore);
    this.globalGuards = parts.globalGuards.slice();
    this.applyGlobals();
  }

  /**
   * Starts listening; port 0 picks a free port. Resolves with the bound address. With
   * `workers: N`, the primary forks the workers (which run this same script and listen on
   * the shared socket) and resolves once all of them listen; SIGTERM/SIGINT then close it.
   */
  async listen(port: number, host?: string): Promise<{ port: number; address: string; family: string }> {
    if (this.closing !== undefined) throw new AppClosedError();
    if (this.listenCalled) throw new AlreadyListeningError();
    this.listenCalled = true;
    await this.pending;
    const address = await this.listener.listen(port, host);
    if (this.listener.role === 'primary' && this.signalHandlers.length === 0) this.enableShutdownHooks();
    return address;
  }

  /** 'single', or 'primary' / 'worker' under the `workers` option. */
  get role(): ProcessRole {
    return this.listener.role;
  }

  /** One request through the real parser, connection and dispatcher, without a port. */
  async inject(options: InjectOptions): Promise<InjectResponse> {
    await this.pending;
    return inject(this.server, options);
  }

  /**
   * Graceful: stops accepting, lets in-flight requests finish (idle keep-alive connections
   * close), then runs the providers' shutdown hooks; rejects naming the hook if they have not
   * settled within `shutdownHooksTimeoutMs`. Calling it again returns the same promise.
   */
  close(signal?: string): Promise<void> {
    this.closing ??= this.shutdown(signal);
    return this.closing;
  }

  /** true once `close()` was called (readiness probes answer 503 from then on). */
  get isClosing(): boolean {
    return this.closing !== undefined;
  }

  private async shutdown(signal?: string): Promise<void> {
    try {
      await this.listener.close(signal);
      await this.server.close({ timeoutMs: this.shutdownTimeoutMs });
      for (const close of this.closers) await close();
    } finally {
      try {
        await withShutdownDeadline(this.container.callShutdownHooks(signal), this.shutdownHooksTimeoutMs, this.container.awaiting);
      } finally {
        // Only now: see enableShutdownHooks.
        for (const [sig, handler] of this.signalHandlers) process.removeListener(sig, handler);
        this.signalHandlers = [];
      }
    }
  }

  /** A provider (or controller) instance from the application's container. */
  get<T = any>(token: InjectionToken<T>): T {
    return this.container.get(token);
  }

  /** The engine server (for `handleConnection`, or to attach to an existing socket). */
  getHttpServer(): HttpServer {
    return this.server;
  }

  /** Middleware for every request, or for a path prefix (`app.use('/admin', mw)`). */
  use(prefixOrMiddleware: string | Middleware, middleware?: Middleware): this {
    this.dispatcher.middlewares.push(mountMiddleware(prefixOrMiddleware, middleware));
    return this;
  }

  /**
   * Serves the files under `root` at `prefix` (path-safe; conditional and range requests).
   * Where no file exists the request goes on to the routes (unless `fallthrough: false`).
   * The options and the folder are checked now: a typo throws a BootstrapError here.
   */
  useStatic(prefix: string, root: string, options?: StaticOptions): this {
    // The static middleware checks its own prefix (same rule as app.use), so mount it app-wide.
    return this.use(serveStatic(prefix, root, options));
  }

  /** Guards for every route, after the rate limit and before class and method guards. */
  useGlobalGuards(...guards: GuardLike[]): this {
    return this.addGlobals(guards, 'canActivate', 'global guard', (list) => {
      // each route calls the new guards' compileRoute as applyGlobals rebuilds its chain
      this.globalGuards.push(...(list as CanActivate[]));
    });
  }

  /** Interceptors around every route, outside the class and method ones. */
  useGlobalInterceptors(...interceptors: InterceptorLike[]): this {
    return this.addGlobals(interceptors, 'intercept', 'global interceptor', (list) => {
      this.globalInterceptors.push(...(list as Interceptor[]));
    });
  }

  /** Filters tried after a route's own, for every error including 404 and 405. */
  useGlobalFilters(...filters: ExceptionFilterLike[]): this {
    return this.addGlobals(filters, 'catch', 'global exception filter', (list) => {
      for (const filter of list as ExceptionFilter[]) this.errors.globalFilters.push(new FilterEntry(filter));
    });
  }

  /** The ops seam: called at each request head, before routing. */
  onRequest(hook: RequestHook): this {
    this.dispatcher.onRequest.push(hook);
    return this;
  }

  /** The ops seam: called when each response is finished or aborted. */
  onResponse(hook: ResponseHook): this {
    this.dispatcher.onResponse.push(hook);
    return this;
  }

  /** SIGTERM/SIGINT (or the given signals) → `close()`, then the process exits. */
  enableShutdownHooks(signals: readonly NodeJS.Signals[] = DEFAULT_SIGNALS): this {
    for (const signal of signals) {
      // Once per signal: a second handler would take the one signal for a repeated one.
      if (this.signalHandlers.some(([known]) => known === signal)) continue;
      // Listening until the close is done: a repeat would otherwise meet Node's default action
      // and kill the process mid-drain, its shutdown hooks unrun. The repeat that npm makes of
      // one Ctrl-C is ignored; a later one is an operator insisting, as a second Ctrl-C is in
      // most servers: exit now, with the code a shell gives a death by that signal.
      const handler = (): void => {
        if (this.firstSignalAt !== 0) return onSignalWhileClosing(signal, this.firstSignalAt, this.logger, { warnEcho: true });
        this.firstSignalAt = Date.now();
        this.close(signal).then(
          () => process.exit(0),
          (error: unknown) => {
            this.logger.error(`shutdown after ${signal} failed`, error);
            process.exit(1);
          },
        );
      };
      process.on(signal, handler);
      this.signalHandlers.push([signal, handler]);
    }
    return this;
  }

  private addGlobals(items: readonly unknown[], method: string, kind: string, apply: (list: unknown[]) => void): this {
    if (this.pendingSteps === 0 && items.every((item) => typeof item !== 'function')) {
      // Instances only: nothing to build, so they take effect at once (and throw here if bad).
      apply(items.map((item) => checkEnhancer(item, item, method, kind, 'the application')));
      this.applyGlobals();
      return this;
    }
    const root = this.container.root;
    this.pendingSteps++;
    const step = this.pending.then(async () => {
      try {
        const list = await enhancers<unknown>(items, method, kind, 'the application', {
          resolveClass: (cls, site) => this.resolver.resolve(cls, root, site),
        });
        apply(list);
        this.applyGlobals();
      } finally {
        this.pendingSteps--;
      }
    });
    this.pending = step;
    // Surfaces at the next listen()/inject(), not as an unhandled rejection now.
    step.catch(() => undefined);
    return this;
  }

  private applyGlobals(): void {
    const guards = this.firstGuards.length > 0 ? [...this.firstGuards, ...this.globalGuards] : this.globalGuards;
    for (const route of this.routes) route.setGlobals(guards, this.globalInterceptors);
  }
}
