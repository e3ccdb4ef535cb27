import { META } from '../metadata/keys';
import type { ExceptionFilter } from './exception-filter';

/** A filter instance and the exception types its @Catch names (read once, at bootstrap). */
export class FilterEntry {
  readonly types: readonly Function[];
  constructor(readonly filter: ExceptionFilter) {
    this.types = (Reflect.getMetadata(META.catch, filter.constructor) as Function[] | undefined) ?? [];
  }

  matches(error: unknown): boolean {
    if (this.types.length === 0) return true;
    for (const type of this.types) if (error instanceof (type as new () => unknown)) return true;
    return false;
  }
}
