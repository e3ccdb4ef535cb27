/** What the framework logs through (the `logger` option; `src/ops/logger.ts` fits it). */
export interface FrameworkLogger {
  log(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
  debug?(message: string, ...meta: unknown[]): void;
}
