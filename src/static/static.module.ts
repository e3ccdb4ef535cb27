/**
 * `StaticModule.forRoot({ prefix, root, ...options })`: static files as a module import, for
 * apps that configure everything in `@Module({ imports })`. Same middleware as `serveStatic`;
 * the composition layer finds it in the module graph (`staticMountOf`) and mounts it ahead of
 * the routes, so a route can answer where no file exists (fallthrough).
 */
import { BootstrapError } from '../core/bootstrap-error';
import { Module, type DynamicModule } from '../core/di';
import type { Middleware } from '../core/middleware';
import { serveStatic } from './serve-static';
import type { StaticOptions } from './options';
import { normalizePrefix, refuseUnknownStaticKeys } from './options';

export interface StaticModuleOptions extends StaticOptions {
  /** The folder to serve (relative to the working directory, or absolute). */
  root: string;
  /** The URL prefix to serve it at. Default '/'. */
  prefix?: string;
}

/** One configured mount: what the composition layer passes to `app.use(prefix, middleware)`. */
export interface StaticMount {
  readonly prefix: string;
  readonly root: string;
  readonly middleware: Middleware;
}

/** The injection token of a mount; each `forRoot()` module provides its own. */
export const STATIC_MOUNT = Symbol('wirework:StaticMount');

@Module({})
export class StaticModule {
  /**
   * Serves `root` at `prefix`. The options and the folder are checked here, at import time
   * (BootstrapError WW_ERR_STATIC_OPTIONS / WW_ERR_STATIC_ROOT). Import it once per folder.
   */
  static forRoot(options: StaticModuleOptions): DynamicModule {
    if (options === null || typeof options !== 'object') {
      throw new BootstrapError('WW_ERR_STATIC_OPTIONS', "StaticModule.forRoot() takes an object: forRoot({ prefix: '/static', root: 'public' }).");
    }
    refuseUnknownStaticKeys(options, 'StaticModule.forRoot()', ['root', 'prefix']);
    const { root, prefix = '/', ...rest } = options;
    const mount: StaticMount = Object.freeze({ prefix: normalizePrefix(prefix), root, middleware: serveStatic(prefix, root, rest) });
    // Not exported: two forRoot() imports would export the same token to their importer.
    return { module: StaticModule, providers: [{ provide: STATIC_MOUNT, useValue: mount }] };
  }
}

/**
 * The mount a module of the graph carries, if it is a `StaticModule.forRoot()` import:
 * `for (const m of graph.modules) { const s = staticMountOf(m); if (s) app.use(s.prefix, s.middleware) }`.
 */
export function staticMountOf(module: { readonly type: Function; readonly dynamic?: DynamicModule }): StaticMount | undefined {
  if (module.type !== StaticModule || module.dynamic === undefined) return undefined;
  for (const provider of module.dynamic.providers ?? []) {
    if (typeof provider === 'object' && provider !== null && 'provide' in provider && provider.provide === STATIC_MOUNT && 'useValue' in provider) {
      return provider.useValue as StaticMount;
    }
  }
  return undefined;
}
