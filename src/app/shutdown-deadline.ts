/**
 * The shutdown hooks' own deadline. A hook whose promise never settles (a client's close()
 * waiting on a server that never answers) would hold close() — and a SIGTERM'd process —
 * forever; Kubernetes would SIGKILL it after its grace period without a word on why. After
 * `shutdownHooksTimeoutMs`, close() rejects naming the hook it is stuck on, so the process
 * exits (code 1, with enableShutdownHooks) and the log says which hook to fix.
 */
import type { Awaiting } from '../core/di/awaiting';
import { FRAMEWORK_ERROR } from '../core/framework-errors';

export const DEFAULT_SHUTDOWN_HOOKS_TIMEOUT_MS = 10_000;

export class ShutdownHookTimeoutError extends Error {
  readonly code = FRAMEWORK_ERROR.SHUTDOWN_HOOK_TIMEOUT;
  constructor(readonly hook: string | undefined, readonly timeoutMs: number) {
    super(
      `${FRAMEWORK_ERROR.SHUTDOWN_HOOK_TIMEOUT}: ${hook ?? 'a shutdown hook'} did not settle within ${timeoutMs} ms (shutdownHooksTimeoutMs); ` +
        'the hooks after it did not run. Make its promise resolve or reject (give the call it awaits a timeout), or raise shutdownHooksTimeoutMs.',
    );
    this.name = 'ShutdownHookTimeoutError';
  }
}

/** `hooks`, or a ShutdownHookTimeoutError naming what `awaiting` is stuck on after `timeoutMs` (Infinity: no deadline). */
export function withShutdownDeadline(hooks: Promise<void>, timeoutMs: number, awaiting: Awaiting): Promise<void> {
  if (timeoutMs === Infinity) return hooks;
  let timer: NodeJS.Timeout | undefined;
  // Not unref'd: a stuck hook that holds nothing open would otherwise let Node exit with
  // code 0, its shutdown silently unfinished.
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ShutdownHookTimeoutError(awaiting.label, timeoutMs)), timeoutMs);
  });
  return Promise.race([hooks, deadline]).finally(() => clearTimeout(timer));
}
