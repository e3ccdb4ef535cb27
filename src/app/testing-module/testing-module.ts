import type { App } from '../app';
import { createServerOn } from '../create-server';
import type { ServerOptions } from '../options';
import { DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS, withShutdownDeadline } from '../shutdown-deadline';
import type { Container } from '../../core/di/container';
import type { Overrides } from '../../core/di/overrides';
import type { InjectionToken } from '../../core/di/token';
import { testingModuleUsed, unusedEnhancerOverride } from './testing-errors';

/**
 * A compiled testing module: every provider and controller built, overrides in place.
 * `get()` reads an instance; `createApp()` makes the one app on top of it, and closing that
 * app closes everything the module built.
 */
export class TestingModule {
  private app: Promise<App> | undefined;
  private closing: Promise<void> | undefined;

  /** @internal made by TestingModuleBuilder.compile(). */
  constructor(
    private readonly container: Container,
    private readonly overrides: Overrides,
  ) {}

  /**
   * The instance for `token` (a provider anywhere in the graph, the root's view first, or a
   * controller), the override's where there is one; as `app.get()`, it throws
   * WW_ERR_UNKNOWN_PROVIDER when nothing provides it. Its onModuleInit runs at `createApp()`.
   */
  get<T = any>(token: InjectionToken<T>): T {
    return this.container.get(token);
  }

  /**
   * The app, as `createServer(AppModule, options)` makes it (same options), on this module's
   * instances: routes compiled, lifecycle hooks run, ready for `inject()` and `listen(0)`.
   * Nest's `createNestApplication()` and `app.init()` in one call. Rejects with
   * WW_ERR_UNKNOWN_OVERRIDE for an overrideGuard/Interceptor/Pipe/Filter that nothing
   * used, before any onModuleInit runs. One app per TestingModule: compile() again for another.
   */
  createApp(options: ServerOptions = {}): Promise<App> {
    if (this.closing !== undefined) return Promise.reject(testingModuleUsed('createApp() after close(): compile() the testing module again.'));
    if (this.app !== undefined) {
      return Promise.reject(testingModuleUsed(
        'createApp() was already called on this TestingModule: it makes one app, which owns its instances (closing it runs their shutdown hooks). compile() again for another.',
      ));
    }
    if (options !== null && typeof options === 'object' && options.workers !== undefined && options.workers !== 0) {
      // Workers run the entry script (mocha here), not this test: they would build the app without its overrides.
      return Promise.reject(new TypeError('createApp() serves from the test process: the workers option is not available (forked workers would build the app without the overrides).'));
    }
    this.app = createServerOn(this.container, options, () => {
      const unused = this.overrides.unusedProviders('enhancer')[0];
      if (unused !== undefined) throw unusedEnhancerOverride(unused);
    });
    return this.app;
  }

  /**
   * Closes the app if one was made (as `app.close()`), else runs the shutdown hooks of what
   * the module built. Calling it again returns the same promise.
   */
  close(): Promise<void> {
    this.closing ??= this.app !== undefined
      ? this.app.then((app) => app.close(), () => undefined) // a failed createApp() already ran them
      : withShutdownDeadline(this.container.callShutdownHooks(), DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS, this.container.awaiting);
    return this.closing;
  }
}
