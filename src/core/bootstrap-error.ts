/**
 * Thrown by `createServer` when the application's metadata cannot be compiled: a missing
 * provider, a dependency cycle, two routes that match the same paths, an unsafe route
 * constraint. The message names the classes and methods at fault and says what to do; the
 * code (`WW_ERR_*`) is what to search the docs for.
 */
export class BootstrapError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(`${code}: ${message}`);
    this.name = 'BootstrapError';
  }
}
