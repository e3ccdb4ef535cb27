/**
 * File uploads (multipart/form-data, RFC 7578), NestJS's way minus the interceptor: the
 * parameter decorators say which files a route reads, `@Multipart()` sets its limits.
 */
import { META } from '../metadata/keys';
import { ParamSource } from '../metadata/definitions';
import { defineOn } from '../metadata/append';
import type { PipeLike } from '../pipes/pipe';
import { multipartOptionsProblem, type MultipartOptions } from '../body/multipart-options';
import type { ClassOrMethodDecorator } from './set-metadata';
import { pipeName, recordParam } from './params';

function fileDecorator(source: ParamSource, label: string) {
  return (fieldOrPipe?: string | PipeLike, ...pipes: PipeLike[]): ParameterDecorator => {
    const name = typeof fieldOrPipe === 'string' ? fieldOrPipe : undefined;
    const all = typeof fieldOrPipe === 'string' || fieldOrPipe === undefined ? pipes : [fieldOrPipe, ...pipes];
    const shown = [...(name !== undefined ? [`'${name}'`] : []), ...all.map(pipeName)];
    return recordParam({ source, name, pipes: all, decorator: `@${label}(${shown.join(', ')})` });
  };
}

/**
 * The file uploaded in field `field` — `{ fieldname, originalname, encoding, mimetype, size,
 * buffer }` as multer gives it — or undefined when the form has none. Without a field: the
 * form's first file. A route with only named `@UploadedFile`s refuses a file in any other
 * field, and a second file in the same field, with 400 (multer's "Unexpected field").
 */
export const UploadedFile = fileDecorator(ParamSource.UploadedFile, 'UploadedFile');

/**
 * The uploaded files, in the order sent: all of them, or those of one field (`[]` when none).
 * `@UploadedFiles()` takes files in any field; `@UploadedFiles('photos')` in 'photos', up to maxFiles.
 */
export const UploadedFiles = fileDecorator(ParamSource.UploadedFiles, 'UploadedFiles');

/**
 * The route (or every route of the controller) reads multipart/form-data, with these limits
 * (MULTIPART_DEFAULTS for the rest; a method's options win over its class's, key by key).
 * Not needed to take files — `@UploadedFile()` does that with the defaults — but needed for
 * a route that takes a form of text fields only through `@Body()`.
 */
export function Multipart(options: MultipartOptions = {}): ClassOrMethodDecorator {
  const wrong = multipartOptionsProblem(options);
  if (wrong !== undefined) throw new TypeError(`@Multipart(): ${wrong}.`);
  const copy = { ...options };
  return ((target: object, property?: string | symbol) => {
    defineOn(META.multipart, copy, target, property);
  }) as ClassOrMethodDecorator;
}
