import { Injectable, type CanActivate, type ExecutionContext } from '../../src/index';

/** Writes need `X-Api-Key`; the key comes from the environment (default `sample-key`). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly key = process.env.API_KEY ?? 'sample-key';

  canActivate(context: ExecutionContext): boolean {
    return context.getRequest().header('x-api-key') === this.key;
  }
}
