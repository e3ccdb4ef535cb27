/**
 * The built-in conversion pipes. Each refuses a value it cannot convert with 400 (or the
 * status given in its options), naming what it expected, as NestJS's do.
 */
import { HttpException } from '../exceptions/http-exception';
import type { ArgumentMetadata, PipeTransform } from './pipe';

export interface ParsePipeOptions {
  /** status for a value that does not convert (default 400). */
  errorHttpStatusCode?: number;
  /** let `undefined`/`null` through unchanged instead of refusing them. */
  optional?: boolean;
}

abstract class ParsePipe<R> implements PipeTransform<unknown, R | undefined | null> {
  protected abstract readonly expected: string;
  constructor(protected readonly options: ParsePipeOptions = {}) {
    // Checked here, where the pipe is written: unchecked, a status HttpException refuses made
    // every refusal a 500 at request time, far from the cause.
    const status = options.errorHttpStatusCode;
    if (status !== undefined && (!Number.isInteger(status) || status < 400 || status > 599)) {
      throw new TypeError(`${new.target.name}: errorHttpStatusCode must be a 4xx or 5xx status, got ${JSON.stringify(status)}`);
    }
  }

  transform(value: unknown, metadata: ArgumentMetadata): R | undefined | null {
    if ((value === undefined || value === null) && this.options.optional) return value;
    const parsed = this.parse(value);
    if (parsed === INVALID) throw this.fail(metadata);
    return parsed as R;
  }

  protected abstract parse(value: unknown): R | typeof INVALID;

  protected fail(metadata: ArgumentMetadata, why: string = this.expected): HttpException {
    const where = metadata.data ? ` for ${metadata.type} '${metadata.data}'` : '';
    return new HttpException(this.options.errorHttpStatusCode ?? 400, `Validation failed${where} (${why})`);
  }
}

const INVALID: unique symbol = Symbol('invalid');

// Whole-string checks: parseInt('12abc') is 12, which would let junk through.
// Integers take Nest's grammar exactly: an optional minus and digits, so '+5', ' 5', '0x10'
// and '1e3' are refused (Number() reads all four). Leading zeros are allowed ('0012' is 12).
const INTEGER = /^-?\d+$/;
// Decimals take the usual float notation, sign and exponent included ('+1.5', '1e3'), as
// Nest's parseFloat does; not blanks, hex, 'Infinity' or an empty string, which Number() reads.
const DECIMAL = /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;

export class ParseIntPipe extends ParsePipe<number> {
  protected readonly expected = 'numeric string is expected';
  protected parse(value: unknown): number | typeof INVALID {
    if (typeof value === 'number') return Number.isSafeInteger(value) ? value + 0 : INVALID;
    if (typeof value !== 'string' || !INTEGER.test(value)) return INVALID;
    // Past 2^53 the string names an integer no number holds: refused, not rounded
    // ('9007199254740993' would be 9007199254740992, another id). `+ 0` turns '-0' into 0.
    const n = Number(value) + 0;
    return Number.isSafeInteger(n) ? n : INVALID;
  }
}

export class ParseFloatPipe extends ParsePipe<number> {
  protected readonly expected = 'numeric string is expected';
  protected parse(value: unknown): number | typeof INVALID {
    if (typeof value === 'number') return Number.isFinite(value) ? value : INVALID;
    if (typeof value !== 'string' || !DECIMAL.test(value)) return INVALID;
    const n = Number(value);
    return Number.isFinite(n) ? n : INVALID;
  }
}

export class ParseBoolPipe extends ParsePipe<boolean> {
  protected readonly expected = 'boolean string is expected';
  protected parse(value: unknown): boolean | typeof INVALID {
    if (value === true || value === 'true') return true;
    if (value === false || value === 'false') return false;
    return INVALID;
  }
}

export interface ParseUUIDPipeOptions extends ParsePipeOptions {
  /** accept only this version; any RFC 9562 version when absent. */
  version?: '1' | '2' | '3' | '4' | '5' | '6' | '7' | '8';
}

// RFC 9562 §4: 8-4-4-4-12 hex digits; the version nibble starts the third group and the
// variant bits (10xx → 8, 9, a, b) the fourth.
// Without a version, the Nil and Max UUIDs (§5.9, §5.10: all 0s, all Fs) are UUIDs too; Nest's
// default accepts them, and refusing them broke ids such as a Nil 'no tenant'.
const UUID_ANY = /^(?:[0-9a-f]{8}-[0-9a-f]{4}-[1-8][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}|0{8}-0{4}-0{4}-0{4}-0{12}|f{8}-f{4}-f{4}-f{4}-f{12})$/i;

export class ParseUUIDPipe extends ParsePipe<string> {
  protected readonly expected: string;
  private readonly pattern: RegExp;
  constructor(options: ParseUUIDPipeOptions = {}) {
    super(options);
    const v = options.version;
    // Unchecked, a version such as Nest's 'all' became part of the RegExp and refused every UUID.
    if (v !== undefined && !/^[1-8]$/.test(String(v))) {
      throw new TypeError(`ParseUUIDPipe: version must be '1' to '8' (RFC 9562 §4.2), got ${JSON.stringify(v)}; leave it out to accept any version`);
    }
    this.expected = v ? `uuid v${v} is expected` : 'uuid is expected';
    this.pattern = v
      ? new RegExp(`^[0-9a-f]{8}-[0-9a-f]{4}-${v}[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$`, 'i')
      : UUID_ANY;
  }
  protected parse(value: unknown): string | typeof INVALID {
    return typeof value === 'string' && this.pattern.test(value) ? value : INVALID;
  }
}

/** Accepts only the values of a TypeScript enum (or any object of allowed values). */
export class ParseEnumPipe<T extends Record<string, string | number>> extends ParsePipe<T[keyof T]> {
  protected readonly expected: string;
  private readonly allowed = new Map<string, T[keyof T]>();
  constructor(enumType: T, options: ParsePipeOptions = {}) {
    super(options);
    if (!enumType || typeof enumType !== 'object') throw new TypeError('ParseEnumPipe needs an enum object');
    for (const key of Object.keys(enumType)) {
      // A numeric enum also maps its values back to names ({ A: 0, '0': 'A' }): skip those.
      // Every number has one, not just 0, 1, 2…: `A = -1` gives '-1': 'A', `B = 1.5` gives
      // '1.5': 'B', and reading only digit keys let the names 'A' and 'B' through as values.
      const name = enumType[key];
      if (typeof name === 'string' && typeof enumType[name] === 'number' && String(enumType[name]) === key) continue;
      const v = enumType[key] as T[keyof T];
      this.allowed.set(String(v), v);
    }
    this.expected = `enum string is expected: one of ${[...this.allowed.keys()].join(', ')}`;
  }
  protected parse(value: unknown): T[keyof T] | typeof INVALID {
    if (typeof value !== 'string' && typeof value !== 'number') return INVALID;
    const hit = this.allowed.get(String(value));
    return hit === undefined ? INVALID : hit;
  }
}

export interface ParseArrayPipeOptions extends ParsePipeOptions {
  /** converts each item: Number, String or Boolean; items are left as they are without it. */
  items?: NumberConstructor | StringConstructor | BooleanConstructor;
  /** splits a string value (default ','); an array, such as a repeated query key, is taken as is. */
  separator?: string;
}

/**
 * `?ids=1,2,3` or `?ids=1&ids=2` → [1, 2, 3] with `new ParseArrayPipe({ items: Number })`.
 * A bad item is refused naming its index, as Nest does (`[1] item must be a number`).
 */
export class ParseArrayPipe extends ParsePipe<unknown[]> {
  protected readonly expected = 'parsable array expected';
  private readonly separator: string;
  constructor(options: ParseArrayPipeOptions = {}) {
    super(options);
    const { items, separator = ',' } = options;
    // Nest validates object items with class-validator, which we do not have: say what to use.
    if (items !== undefined && items !== Number && items !== String && items !== Boolean) {
      const name = typeof items === 'function' ? (items as Function).name : JSON.stringify(items);
      throw new TypeError(`ParseArrayPipe: items must be Number, String or Boolean, got ${name}; validate arrays of objects with a Standard Schema, e.g. @Body(z.array(schema))`);
    }
    if (typeof separator !== 'string' || separator === '') {
      throw new TypeError(`ParseArrayPipe: separator must be a non-empty string, got ${JSON.stringify(separator)}`);
    }
    this.separator = separator;
  }

  override transform(value: unknown, metadata: ArgumentMetadata): unknown[] | undefined | null {
    if ((value === undefined || value === null) && this.options.optional) return value;
    // An empty string ('?ids=') is refused as Nest does: split, it was the list [''], one
    // empty item no one sent. Leave the key out (with `optional`) to send no list.
    const list = typeof value === 'string' && value !== '' ? value.split(this.separator) : value;
    if (!Array.isArray(list)) throw this.fail(metadata);
    const items = (this.options as ParseArrayPipeOptions).items;
    if (items === undefined) return list;
    return list.map((item, index) => {
      const converted = convertItem(item, items);
      if (converted === INVALID) throw this.fail(metadata, `[${index}] item must be ${items === Number ? 'a number' : 'a boolean value'}`);
      return converted;
    });
  }

  protected parse(): typeof INVALID {
    return INVALID; // transform decides; kept for the base class.
  }
}

function convertItem(item: unknown, items: ParseArrayPipeOptions['items']): unknown {
  if (items === String) return typeof item === 'string' ? item : String(item);
  if (items === Number) {
    if (typeof item === 'number') return Number.isFinite(item) ? item : INVALID;
    return typeof item === 'string' && DECIMAL.test(item) ? Number(item) : INVALID;
  }
  if (item === true || item === 'true') return true;
  if (item === false || item === 'false') return false;
  return INVALID;
}

/** Replaces a missing value (`undefined`, `null`, `NaN`) with a default. */
export class DefaultValuePipe<T = unknown> implements PipeTransform<unknown, unknown> {
  constructor(private readonly defaultValue: T) {}
  transform(value: unknown): unknown {
    if (value === undefined || value === null || (typeof value === 'number' && Number.isNaN(value))) {
      return this.defaultValue;
    }
    return value;
  }
}
