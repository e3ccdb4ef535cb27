/**
 * What a Connection needs from the server that owns it: settings, the coarse clock, the
 * handler seam and error reporting. An interface, so the connection does not import the server.
 */
import type { ParserLimits } from './types';
import type { Request } from './request';
import type { Response } from './response';
import type { Connection } from './connection';

export interface ConnectionHost {
  readonly limits: Readonly<ParserLimits>;
  /** coarse clock (ms), advanced by the server's sweep; what timeouts are measured with. */
  readonly now: number;
  /** startDraining() or close() was called: every last response says Connection: close. */
  readonly draining: boolean;
  readonly maxPipelined: number;
  readonly headersTimeoutMs: number;
  readonly keepAliveTimeoutMs: number;
  readonly bodyTimeoutMs: number;
  /** close(): how long a just-opened or just-answered connection waits for its client's next request. */
  readonly drainGraceMs: number;
  /** the lingering close's bounds (LINGER_TOTAL_MS, LINGER_IDLE_MS in connection.ts). */
  readonly lingerTotalMs: number;
  readonly lingerIdleMs: number;
  /** runs the handler; a throw or rejection comes back through connection.handlerFailed(). */
  dispatch(req: Request, res: Response): void;
  reportError(err: unknown, phase: string, req?: Request): void;
  /** refreshes and returns the coarse clock (once per socket read). */
  touch(): number;
  connectionClosed(conn: Connection): void;
  /** counts a request the parser refused (for metrics), by the status it is answered with. */
  countParseError(status: number): void;
}
