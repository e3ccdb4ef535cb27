import type { ExecutionContext } from '../guards/execution-context';

/** Handles an error a route threw; it answers through `host.getResponse()`. */
export interface ExceptionFilter<E = unknown> {
  catch(exception: E, host: ExecutionContext): void | Promise<void>;
}

/** A filter class (resolved once at bootstrap, through DI when it is injectable) or instance. */
export type ExceptionFilterLike = ExceptionFilter | (new (...args: any[]) => ExceptionFilter);
