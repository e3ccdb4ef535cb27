/**
 * The options of sending one file (`Response.file(path, options)`, and every file a static
 * mount sends), checked and turned into ready header values once — not per request.
 */
export interface FileSendOptions {
  /** Send a weak ETag (`W/"size-mtime"`) and answer If-None-Match with 304. Default true. */
  etag?: boolean;
  /** Send Last-Modified and answer If-Modified-Since with 304. Default true. */
  lastModified?: boolean;
  /** Cache-Control max-age in seconds. Default 0: caches keep the file but ask every time (cheap with a 304). */
  maxAge?: number;
  /** Add `immutable` to Cache-Control: the file at this URL never changes (fingerprinted names). Default false. */
  immutable?: boolean;
  /** A Cache-Control value of your own (wins over maxAge/immutable), or false to send none. */
  cacheControl?: string | false;
  /** The Content-Type to send instead of the one the extension gives. */
  contentType?: string;
}

/** Checked options with their header values computed. */
export interface FilePolicy {
  readonly etag: boolean;
  readonly lastModified: boolean;
  /** the Cache-Control value, or undefined to send none */
  readonly cacheControl: string | undefined;
  /** a fixed Content-Type, or undefined to type by extension */
  readonly contentType: string | undefined;
}

const KEYS: ReadonlySet<string> = new Set(['etag', 'lastModified', 'maxAge', 'immutable', 'cacheControl', 'contentType']);

/** A bad file-sending option, found when the options are compiled: a programmer's error, thrown at once. */
export class FileOptionsError extends TypeError {
  readonly code = 'WW_ERR_FILE_OPTIONS';
  constructor(message: string) {
    super(`WW_ERR_FILE_OPTIONS: ${message}`);
    this.name = 'FileOptionsError';
  }
}

function fileOptionsError(message: string): FileOptionsError {
  return new FileOptionsError(message);
}

// No header value may carry CR, LF or NUL (RFC 9110 §5.5): they would split the response.
function isSafeHeaderValue(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 0x0d || c === 0x0a || c === 0x00) return false;
  }
  return true;
}

/**
 * Checks `options` and computes the header values. `extraKeys` are keys a caller (the static
 * mount) adds on top and has checked itself. Throws WW_ERR_FILE_OPTIONS naming the bad key.
 */
export function compileFileOptions(options: FileSendOptions = {}, extraKeys?: ReadonlySet<string>): FilePolicy {
  if (options === null || typeof options !== 'object') throw fileOptionsError(`options must be an object, got ${options === null ? 'null' : typeof options}.`);
  for (const key of Object.keys(options)) {
    if (!KEYS.has(key) && !extraKeys?.has(key)) {
      throw fileOptionsError(`unknown option '${key}'. Known: ${[...KEYS, ...(extraKeys ?? [])].join(', ')}.`);
    }
  }
  const { etag = true, lastModified = true, maxAge = 0, immutable = false, cacheControl, contentType } = options;
  if (typeof etag !== 'boolean') throw fileOptionsError(`etag must be true or false, got ${String(etag)}.`);
  if (typeof lastModified !== 'boolean') throw fileOptionsError(`lastModified must be true or false, got ${String(lastModified)}.`);
  if (typeof immutable !== 'boolean') throw fileOptionsError(`immutable must be true or false, got ${String(immutable)}.`);
  if (typeof maxAge !== 'number' || !Number.isInteger(maxAge) || maxAge < 0 || maxAge > 0x7fffffff) {
    throw fileOptionsError(`maxAge is in whole seconds, 0 to 2147483647 (RFC 9111 §1.2.2), got ${String(maxAge)}.`);
  }
  if (cacheControl !== undefined && cacheControl !== false && (typeof cacheControl !== 'string' || cacheControl === '' || !isSafeHeaderValue(cacheControl))) {
    throw fileOptionsError('cacheControl must be a non-empty header value without CR/LF, or false.');
  }
  if (contentType !== undefined && (typeof contentType !== 'string' || contentType === '' || !isSafeHeaderValue(contentType))) {
    throw fileOptionsError('contentType must be a non-empty header value without CR/LF.');
  }
  let cache: string | undefined;
  if (cacheControl === false) cache = undefined;
  else if (typeof cacheControl === 'string') cache = cacheControl;
  else cache = `public, max-age=${maxAge}${immutable ? ', immutable' : ''}`;
  return Object.freeze({ etag, lastModified, cacheControl: cache, contentType });
}

/** The policy of `compileFileOptions()` with no options: shared, so `Response.file(path)` allocates none. */
export const DEFAULT_FILE_POLICY: FilePolicy = compileFileOptions();
