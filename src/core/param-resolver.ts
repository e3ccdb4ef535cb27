import type { Request } from '../http/request';
import type { Response } from '../http/response';
import type { ExecutionContext } from './guards/execution-context';
import type { ArgumentMetadata, PipeTransform } from './pipes/pipe';
import { isThenable } from './thenable';

/**
 * Takes a parameter's raw value from the request (one small function per parameter).
 * `context` is there only on routes that build one (see `ParamResolver.usesContext`).
 */
export type Extractor = (req: Request, res: Response, body: unknown, context: ExecutionContext | undefined) => unknown;

/**
 * One handler parameter: where its value comes from and the pipes it goes through, bound at
 * bootstrap. `resolve` stays synchronous unless the extractor (a custom decorator's factory)
 * or a pipe returns a promise.
 */
export class ParamResolver {
  constructor(
    private readonly extract: Extractor,
    private readonly pipes: readonly PipeTransform[],
    private readonly metadata: ArgumentMetadata,
    /**
     * The extractor is a custom decorator's factory: it reads the ExecutionContext (so the
     * route must build one) and may return a promise. Built-in extractors return values.
     */
    readonly usesContext = false,
  ) {}

  resolve(req: Request, res: Response, body: unknown, context: ExecutionContext | undefined): unknown {
    const value = this.extract(req, res, body, context);
    // Only a user factory can hand back a promise: a parsed body or the Request is never
    // probed for a `then` on the way to the pipes.
    if (this.usesContext && isThenable(value)) return this.continueAsync(value, 0);
    return this.pipe(value);
  }

  private pipe(value: unknown): unknown {
    for (let i = 0; i < this.pipes.length; i++) {
      value = this.pipes[i].transform(value, this.metadata);
      if (isThenable(value)) return this.continueAsync(value, i + 1);
    }
    return value;
  }

  private async continueAsync(pending: PromiseLike<unknown>, from: number): Promise<unknown> {
    let value = await pending;
    for (let i = from; i < this.pipes.length; i++) value = await this.pipes[i].transform(value, this.metadata);
    return value;
  }
}
