import type { StandardSchemaV1 } from './standard-schema';

/** Facts about the parameter a pipe transforms. */
export interface ArgumentMetadata {
  /** where the value came from. */
  type: 'param' | 'query' | 'body' | 'headers' | 'custom';
  /** the parameter's declared type (`design:paramtypes`), when known. */
  metatype: unknown;
  /** the decorator's property name (`@Param('id')` → 'id'). */
  data: string | undefined;
}

/** Transforms or validates a parameter's value; may throw an HttpException. */
export interface PipeTransform<T = any, R = any> {
  transform(value: T, metadata: ArgumentMetadata): R | Promise<R>;
}

/** What may follow a parameter decorator's name: a pipe class, a pipe instance, or a schema. */
export type PipeLike = PipeTransform | (new (...args: any[]) => PipeTransform) | StandardSchemaV1;
