import type { Request } from '../http/request';
import type { Response } from '../http/response';
import type { ArgumentMetadata, PipeTransform } from './pipes/pipe';
import { isThenable } from './thenable';

/** Takes a parameter's raw value from the request (one small function per parameter). */
export type Extractor = (req: Request, res: Response, body: unknown) => unknown;

/**
 * One handler parameter: where its value comes from and the pipes it goes through, bound at
 * bootstrap. `resolve` stays synchronous unless a pipe returns a promise.
 */
export class ParamResolver {
  constructor(
    private readonly extract: Extractor,
    private readonly pipes: readonly PipeTransform[],
    private readonly metadata: ArgumentMetadata,
  ) {}

  resolve(req: Request, res: Response, body: unknown): unknown {
    let value = this.extract(req, res, body);
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
