/**
 * NestJS's file validators, for `ParseFilePipe`: each says whether one uploaded file passes
 * and, when it does not, why. Write your own by extending `FileValidator`.
 */
import type { MultipartFile } from '../body/multipart-form';
import { hasSignature, matchesSignature, mediaTypeEssence } from './file-signatures';

/**
 * A check of one uploaded file. `isValid` may return a promise (a virus scan, a probe of
 * the image); `buildErrorMessage` is called only when it said false, with the same file.
 */
export abstract class FileValidator<TOptions = Record<string, any>, TFile = MultipartFile> {
  constructor(protected readonly validationOptions: TOptions) {}
  abstract isValid(file?: TFile): boolean | Promise<boolean>;
  abstract buildErrorMessage(file: TFile): string;
}

export interface MaxFileSizeValidatorOptions {
  /** bytes; a file must be smaller (Nest's rule: `size < maxSize`). */
  maxSize: number;
  /** replaces the default message; a function gets maxSize. */
  message?: string | ((maxSize: number) => string);
}

/** Refuses a file of `maxSize` bytes or more. */
export class MaxFileSizeValidator extends FileValidator<MaxFileSizeValidatorOptions> {
  constructor(options: MaxFileSizeValidatorOptions) {
    // Checked where it is written: a maxSize of '1mb' compared as NaN would refuse every file.
    const maxSize = (options as Partial<MaxFileSizeValidatorOptions> | undefined)?.maxSize;
    if (typeof maxSize !== 'number' || !(maxSize >= 0) || maxSize === Infinity) {
      throw new TypeError(`MaxFileSizeValidator: maxSize must be a number of bytes (0 or more), got ${JSON.stringify(maxSize)}`);
    }
    super({ ...options });
  }

  isValid(file?: MultipartFile): boolean {
    return file !== undefined && file !== null && typeof file.size === 'number' && file.size < this.validationOptions.maxSize;
  }

  buildErrorMessage(file?: MultipartFile): string {
    const { maxSize, message } = this.validationOptions;
    if (typeof message === 'function') return message(maxSize);
    if (typeof message === 'string') return message;
    if (typeof file?.size === 'number') return `Validation failed (current file size is ${file.size}, expected size is less than ${maxSize})`;
    return `Validation failed (expected size is less than ${maxSize})`;
  }
}

export interface FileTypeValidatorOptions {
  /**
   * The allowed type. A string is found anywhere in the file's type, literally ('jpeg'
   * passes image/jpeg; 'image/' any image); a RegExp is tested against it. The type is
   * compared in lower case without parameters (`image/PNG; x=y` is `image/png`).
   */
  fileType: string | RegExp;
  /** don't check the bytes of a file that claims PNG, JPEG, GIF, WebP, PDF or ZIP. */
  skipMagicNumbersValidation?: boolean;
  /**
   * Accepted for code from Nest 11, where a file whose bytes are not recognised fails unless
   * this is set. Here it changes nothing: a type with no signature is always judged by its
   * declared type.
   */
  fallbackToMimetype?: boolean;
  /** replaces the default message; a function gets the file and these options. */
  errorMessage?: string | ((context: { file?: MultipartFile; config: Omit<FileTypeValidatorOptions, 'errorMessage'> }) => string);
}

/**
 * Passes a file whose declared type (its part's Content-Type, the client's claim) matches
 * `fileType` and, when it claims one of the types in file-signatures.ts, whose first bytes
 * are that type's.
 */
export class FileTypeValidator extends FileValidator<FileTypeValidatorOptions> {
  private readonly matches: (essence: string) => boolean;

  constructor(options: FileTypeValidatorOptions) {
    const fileType = (options as Partial<FileTypeValidatorOptions> | undefined)?.fileType;
    if (!(fileType instanceof RegExp) && (typeof fileType !== 'string' || fileType === '')) {
      throw new TypeError(`FileTypeValidator: fileType must be a media type string ('image/png', 'jpeg') or a RegExp, got ${JSON.stringify(fileType)}`);
    }
    super({ ...options });
    if (typeof fileType === 'string') {
      // Literal, unlike Nest's String#match, where 'image/svg+xml' is a regex that never matches.
      const wanted = fileType.toLowerCase();
      this.matches = (essence) => essence.includes(wanted);
    } else {
      // search(), not test(): a /g or /y RegExp's lastIndex would make test() answer in turn.
      this.matches = (essence) => essence.search(fileType) !== -1;
    }
  }

  isValid(file?: MultipartFile): boolean {
    return this.problem(file) === undefined;
  }

  buildErrorMessage(file?: MultipartFile): string {
    const { errorMessage, ...config } = this.validationOptions;
    if (typeof errorMessage === 'function') return errorMessage({ file, config });
    if (typeof errorMessage === 'string') return errorMessage;
    const expected = String(this.validationOptions.fileType);
    if (this.problem(file) === 'bytes') {
      return `Validation failed (the file's content is not ${mediaTypeEssence(file!.mimetype)}, the type it was sent as; expected type is ${expected})`;
    }
    if (typeof file?.mimetype === 'string') return `Validation failed (current file type is ${file.mimetype}, expected type is ${expected})`;
    return `Validation failed (expected type is ${expected})`;
  }

  private problem(file: MultipartFile | undefined): 'type' | 'bytes' | undefined {
    if (file === undefined || file === null || typeof file.mimetype !== 'string') return 'type';
    const essence = mediaTypeEssence(file.mimetype);
    if (!this.matches(essence)) return 'type';
    if (this.validationOptions.skipMagicNumbersValidation === true || !hasSignature(essence)) return undefined;
    return Buffer.isBuffer(file.buffer) && matchesSignature(essence, file.buffer) ? undefined : 'bytes';
  }
}
