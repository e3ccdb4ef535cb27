import { BadRequestException, PayloadTooLargeException } from '../exceptions/http-exception';
import type { PartHeaders } from './multipart-headers';
import type { MultipartLimits } from './multipart-options';
import type { PartSink } from './multipart-parser';

/**
 * One uploaded file, held in memory. Multer's field names (memoryStorage), so a NestJS
 * handler typed `Express.Multer.File` reads the same properties.
 */
export interface MultipartFile {
  /** the form field the file came in */
  fieldname: string;
  /** the file's name as the client sent it — never a path to trust */
  originalname: string;
  /** Content-Transfer-Encoding as sent, '7bit' when absent (multer's `encoding`); never decoded */
  encoding: string;
  /** the part's Content-Type as the client sent it ('text/plain' when absent, RFC 7578 §4.4); not checked against the bytes */
  mimetype: string;
  /** bytes */
  size: number;
  buffer: Buffer;
}

/** A multipart/form-data body, read: its text fields and its files, in the order sent. */
export class MultipartForm {
  constructor(
    /** repeated names collect an array; no prototype, no `__proto__` key */
    readonly fields: Record<string, string | string[]>,
    readonly files: MultipartFile[],
  ) {}
}

/** Which file fields a route reads, with how many files each may hold; undefined: any. */
export type FileFieldRule = ReadonlyMap<string, number> | undefined;

const PartKind = { Field: 0, File: 1, Skipped: 2 } as const;
type PartKind = (typeof PartKind)[keyof typeof PartKind];

/**
 * Builds a MultipartForm from the parser's parts, enforcing the limits as the bytes arrive:
 * a file past maxFileSize is refused at its first byte too many, not after the whole upload.
 */
export class MultipartFormBuilder implements PartSink {
  private readonly fields: Record<string, string | string[]> = Object.create(null);
  private readonly files: MultipartFile[] = [];
  private readonly perField = new Map<string, number>();
  private parts = 0;
  private fieldCount = 0;
  private kind: PartKind = PartKind.Skipped;
  private headers: PartHeaders | undefined;
  private chunks: Buffer[] = [];
  private size = 0;

  constructor(private readonly limits: MultipartLimits, private readonly fileFields: FileFieldRule) {}

  partStart(headers: PartHeaders): void {
    const limits = this.limits;
    if (++this.parts > limits.maxParts) {
      throw new PayloadTooLargeException(`The form has more than ${limits.maxParts} parts (maxParts); send fewer fields and files`);
    }
    this.headers = headers;
    this.chunks = [];
    this.size = 0;
    if (headers.filename === undefined) {
      if (++this.fieldCount > limits.maxFields) {
        throw new PayloadTooLargeException(`The form has more than ${limits.maxFields} fields (maxFields); send fewer fields`);
      }
      this.kind = PartKind.Field;
      return;
    }
    if (headers.filename === '') {
      // What a browser sends for a file input left empty (WHATWG HTML: filename="" and no
      // bytes): no file was chosen. Multer drops it too.
      this.kind = PartKind.Skipped;
      return;
    }
    this.checkFileField(headers.name);
    if (this.files.length + 1 > limits.maxFiles) {
      throw new PayloadTooLargeException(`The form has more than ${limits.maxFiles} files (maxFiles); send fewer files`);
    }
    this.kind = PartKind.File;
  }

  partData(bytes: Buffer): void {
    if (this.kind === PartKind.Skipped) return;
    this.size += bytes.length;
    const name = this.headers!.name;
    if (this.kind === PartKind.File) {
      if (this.size > this.limits.maxFileSize) {
        throw new PayloadTooLargeException(
          `The file in field '${name}' is larger than the limit of ${this.limits.maxFileSize} bytes (maxFileSize); send a smaller file`,
        );
      }
    } else if (this.size > this.limits.maxFieldSize) {
      throw new PayloadTooLargeException(
        `The field '${name}' is longer than the limit of ${this.limits.maxFieldSize} bytes (maxFieldSize); send a shorter value, or send it as a file`,
      );
    }
    this.chunks.push(bytes);
  }

  partEnd(): void {
    const headers = this.headers!;
    const bytes = this.chunks.length === 1 ? Buffer.from(this.chunks[0]) : Buffer.concat(this.chunks, this.size);
    this.chunks = [];
    if (this.kind === PartKind.File) {
      this.files.push({
        fieldname: headers.name,
        originalname: headers.filename!,
        encoding: headers.transferEncoding,
        mimetype: headers.contentType,
        size: bytes.length,
        buffer: bytes,
      });
    } else if (this.kind === PartKind.Field) {
      this.addField(headers.name, bytes.toString('utf8'));
    }
    this.kind = PartKind.Skipped;
  }

  result(): MultipartForm {
    return new MultipartForm(this.fields, this.files);
  }

  /**
   * A route that names its file fields takes files in those only, as many as it reads
   * (multer's "Unexpected field"): a file nobody reads is not held in memory.
   */
  private checkFileField(name: string): void {
    const rule = this.fileFields;
    if (rule === undefined) return;
    const allowed = rule.get(name);
    if (allowed === undefined) {
      const names = [...rule.keys()].map((n) => `'${n}'`).join(', ');
      throw new BadRequestException(`Unexpected file field '${name}': ${names === '' ? 'this route takes no files' : `this route takes files in ${names}`}`);
    }
    const count = (this.perField.get(name) ?? 0) + 1;
    if (count > allowed) {
      throw new BadRequestException(`The field '${name}' takes ${allowed === 1 ? 'one file' : `at most ${allowed} files`}; send ${allowed === 1 ? 'one' : 'fewer'}`);
    }
    this.perField.set(name, count);
  }

  /**
   * As the urlencoded parser does: a repeated name collects an array, and `__proto__` is
   * dropped, so `Object.assign(new Dto(), fields)` cannot be handed a prototype.
   */
  private addField(name: string, value: string): void {
    if (name === '__proto__') return;
    const prev = this.fields[name];
    if (prev === undefined) this.fields[name] = value;
    else if (typeof prev === 'string') this.fields[name] = [prev, value];
    else prev.push(value);
  }
}
