/**
 * NestJS's ParseFilePipe: `@UploadedFile(new ParseFilePipe({ validators: [...] }))` refuses a
 * missing file and runs each validator on the file, or on each file of `@UploadedFiles()`.
 * The first failure answers with `errorHttpStatusCode` (400) and a message naming the field,
 * the file and what failed, or throws what `exceptionFactory` makes of that message.
 */
import type { MultipartFile } from '../body/multipart-form';
import { unknownKeyMessage } from '../did-you-mean';
import { HttpException } from '../exceptions/http-exception';
import { isThenable } from '../thenable';
import { FileTypeValidator, type FileTypeValidatorOptions, type FileValidator, MaxFileSizeValidator, type MaxFileSizeValidatorOptions } from './file-validators';
import type { ArgumentMetadata, PipeTransform } from './pipe';

export interface ParseFileOptions {
  /** run in order on each file; the first that fails answers. */
  validators?: FileValidator<any, any>[];
  /** status of the refusal (default 400); a 4xx or 5xx. */
  errorHttpStatusCode?: number;
  /** makes what is thrown from the message, instead of an HttpException with errorHttpStatusCode. */
  exceptionFactory?: (error: string) => unknown;
  /** false lets a request without a file (undefined, or no files) through unchecked. Default true. */
  fileIsRequired?: boolean;
}

const OPTION_NAMES = ['validators', 'errorHttpStatusCode', 'exceptionFactory', 'fileIsRequired'] as const;

export class ParseFilePipe implements PipeTransform<unknown, unknown> {
  private readonly validators: readonly FileValidator<any, any>[];
  private readonly fileIsRequired: boolean;
  private readonly exceptionFactory: (error: string) => unknown;

  constructor(options: ParseFileOptions = {}) {
    // Every mistake here fails where the pipe is written: unchecked, a misspelt
    // `fileIsRequred: false` would refuse every request without a file, far from its cause.
    const wrong = optionsProblem(options);
    if (wrong !== undefined) throw new TypeError(`ParseFilePipe: ${wrong}`);
    const status = options.errorHttpStatusCode ?? 400;
    this.validators = [...(options.validators ?? [])];
    this.fileIsRequired = options.fileIsRequired ?? true;
    this.exceptionFactory = options.exceptionFactory ?? ((error) => new HttpException(status, error));
  }

  /** The validators, in order (Nest's accessor). */
  getValidators(): FileValidator<any, any>[] {
    return [...this.validators];
  }

  /** Stays synchronous unless a validator returns a promise. */
  transform(value: unknown, metadata?: ArgumentMetadata): unknown {
    if (noFilesIn(value)) {
      if (!this.fileIsRequired) return value;
      const field = typeof metadata?.data === 'string' ? ` in field '${metadata.data}'` : '';
      throw this.exceptionFactory(`File is required${field}`);
    }
    if (this.validators.length === 0) return value;
    return this.check(Array.isArray(value) ? value : [value], 0, 0, value);
  }

  /** Validators from `first` on the file at `index`, then all of them on the files after it. */
  private check(files: readonly unknown[], index: number, first: number, value: unknown): unknown {
    for (let f = index; f < files.length; f++) {
      const file = files[f];
      for (let v = f === index ? first : 0; v < this.validators.length; v++) {
        const validator = this.validators[v];
        const ok = validator.isValid(file);
        if (isThenable(ok)) {
          return Promise.resolve(ok).then((passed) => {
            if (!passed) throw this.refusal(validator, file);
            return this.check(files, f, v + 1, value);
          });
        }
        if (!ok) throw this.refusal(validator, file);
      }
    }
    return value;
  }

  private refusal(validator: FileValidator<any, any>, file: unknown): unknown {
    return this.exceptionFactory(`${describe(file)}: ${validator.buildErrorMessage(file)}`);
  }
}

/**
 * NestJS's ParseFilePipeBuilder: `new ParseFilePipeBuilder().addFileTypeValidator({ fileType:
 * 'jpeg' }).addMaxSizeValidator({ maxSize: 1000 }).build({ errorHttpStatusCode: 422 })`.
 * `build()` empties the builder, so one builder can make several pipes.
 */
export class ParseFilePipeBuilder {
  private validators: FileValidator<any, any>[] = [];

  addMaxSizeValidator(options: MaxFileSizeValidatorOptions): this {
    return this.addValidator(new MaxFileSizeValidator(options));
  }

  addFileTypeValidator(options: FileTypeValidatorOptions): this {
    return this.addValidator(new FileTypeValidator(options));
  }

  addValidator(validator: FileValidator<any, any>): this {
    this.validators.push(validator);
    return this;
  }

  build(options: Omit<ParseFileOptions, 'validators'> = {}): ParseFilePipe {
    const pipe = new ParseFilePipe({ ...options, validators: this.validators });
    this.validators = [];
    return pipe;
  }
}

/** Nest's rule: undefined, null, or an empty list is no file. */
function noFilesIn(value: unknown): boolean {
  return value === undefined || value === null || (Array.isArray(value) && value.length === 0);
}

/** "File 'me.png' in field 'avatar'", for the message: with several files, which one failed. */
function describe(file: unknown): string {
  const { originalname, fieldname } = (file ?? {}) as Partial<MultipartFile>;
  const name = typeof originalname === 'string' ? ` '${originalname}'` : '';
  const field = typeof fieldname === 'string' ? ` in field '${fieldname}'` : '';
  return `File${name}${field}`;
}

function optionsProblem(options: ParseFileOptions): string | undefined {
  if (options === null || typeof options !== 'object') return `options must be an object, got ${JSON.stringify(options)}`;
  const unknown = unknownKeyMessage(options, OPTION_NAMES, '');
  if (unknown !== undefined) return unknown;
  const { validators, errorHttpStatusCode: status, exceptionFactory, fileIsRequired } = options;
  if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
    return `errorHttpStatusCode must be a 4xx or 5xx status, got ${JSON.stringify(status)}`;
  }
  if (validators !== undefined) {
    if (!Array.isArray(validators)) return 'validators must be an array of FileValidator instances';
    const bad = validators.findIndex((v) => typeof v?.isValid !== 'function' || typeof v?.buildErrorMessage !== 'function');
    if (bad >= 0) return `validators[${bad}] is not a FileValidator (it needs isValid(file) and buildErrorMessage(file)); pass an instance: new MaxFileSizeValidator({ maxSize })`;
  }
  if (exceptionFactory !== undefined && typeof exceptionFactory !== 'function') return 'exceptionFactory must be a function (error: string) => exception';
  if (fileIsRequired !== undefined && typeof fileIsRequired !== 'boolean') return `fileIsRequired must be true or false, got ${JSON.stringify(fileIsRequired)}`;
  return undefined;
}
