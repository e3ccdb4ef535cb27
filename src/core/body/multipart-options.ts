import { unknownKeyMessage } from '../did-you-mean';

/**
 * Limits on a multipart/form-data body (`@Multipart({ … })` on a controller or a route).
 * The route's body limit (`bodyLimit`, `@BodyLimit`) bounds the whole body on top of these.
 */
export interface MultipartOptions {
  /** Largest file, in bytes. Default: none of its own — the body limit bounds it. Past it → 413. */
  maxFileSize?: number;
  /** Most files in one body. Default 10. Past it → 413. */
  maxFiles?: number;
  /** Most text fields (parts without a filename). Default 1000. Past it → 413. */
  maxFields?: number;
  /** Longest text field value, in bytes. Default 1 MiB. Past it → 413. */
  maxFieldSize?: number;
  /** Most parts, files and fields together. Default 1000. Past it → 413. */
  maxParts?: number;
}

export type MultipartLimits = Required<MultipartOptions>;

export const MULTIPART_DEFAULTS: Readonly<MultipartLimits> = Object.freeze({
  maxFileSize: Infinity,
  maxFiles: 10,
  maxFields: 1000,
  maxFieldSize: 1024 * 1024,
  maxParts: 1000,
});

const KEYS: readonly (keyof MultipartOptions)[] = ['maxFileSize', 'maxFiles', 'maxFields', 'maxFieldSize', 'maxParts'];

/** What is wrong with `@Multipart(options)`, or undefined. Checked where the decorator is applied. */
export function multipartOptionsProblem(options: unknown): string | undefined {
  if (options === undefined) return undefined;
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    return `its argument is an options object such as { maxFileSize: 5_000_000 }, got ${options === null ? 'null' : typeof options}`;
  }
  const unknownKey = unknownKeyMessage(options, KEYS, '');
  if (unknownKey !== undefined) return unknownKey;
  for (const key of KEYS) {
    const value = (options as Record<string, unknown>)[key];
    if (value === undefined) continue;
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
      return `${key} is a whole number >= 0, got ${typeof value === 'string' ? `'${value}'` : String(value)}`;
    }
  }
  return undefined;
}
