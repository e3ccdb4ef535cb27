import { BadRequestException } from '../exceptions/http-exception';
import type { ArgumentMetadata, PipeTransform } from './pipe';
import type { StandardSchemaV1 } from './standard-schema';
import { isThenable } from '../thenable';

export interface ValidationIssue {
  /** dotted path into the value ('' for the value itself). */
  path: string;
  message: string;
}

/**
 * Validates a value against any Standard Schema; the schema's output (coerced, defaulted)
 * replaces the value. Failure answers 400 naming each issue's path and message.
 */
export class SchemaValidationPipe implements PipeTransform {
  constructor(private readonly schema: StandardSchemaV1) {}

  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    const result = this.schema['~standard'].validate(value);
    // Most schemas validate synchronously: stay sync then, so the request stays promise-free.
    // Any thenable, not `instanceof Promise`: a promise of another realm (a vm context, some
    // test runners) read as a result has no `issues`, and validation passed without a word.
    if (isThenable(result)) return Promise.resolve(result).then((r) => unwrap(r, metadata));
    return unwrap(result, metadata);
  }
}

function unwrap(result: StandardSchemaV1.Result<unknown>, metadata: ArgumentMetadata): unknown {
  if (!result.issues) return (result as StandardSchemaV1.SuccessResult<unknown>).value;
  const issues: ValidationIssue[] = result.issues.map((issue) => ({
    path: formatPath(issue.path),
    message: issue.message,
  }));
  const where = metadata.data ? `${metadata.type} '${metadata.data}'` : metadata.type;
  const summary = issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ');
  throw new BadRequestException({
    statusCode: 400,
    error: 'Bad Request',
    message: `Validation failed for ${where}: ${summary}`,
    issues,
  });
}

function formatPath(path: StandardSchemaV1.Issue['path']): string {
  if (!path || path.length === 0) return '';
  return path
    .map((segment) => String(typeof segment === 'object' && segment !== null ? segment.key : segment))
    .join('.');
}
