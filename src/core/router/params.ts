/**
 * Params: captured from the RAW path in normal form (so `%2F` stays inside its segment; see
 * normalize-path.ts), then percent-decoded exactly once: normalising changes no decoded
 * value. Objects are built by a constructor generated per route at bootstrap, so every
 * params object of a route has the same hidden class from birth (no incremental shape
 * transitions, no dictionary mode) and a null prototype (`params.constructor` is not a param).
 */
import { HttpError } from '../../http/errors';

export const BAD_PATH_ENCODING = 'WW_ERR_BAD_PATH_ENCODING';
export const PARAM_TOO_LONG = 'WW_ERR_PARAM_TOO_LONG';

/** Default for `maxParamLength`: decoded UTF-16 code units, like find-my-way's default. */
export const DEFAULT_MAX_PARAM_LENGTH = 100;

export type RouteParams = Record<string, string>;

/** Decodes a raw param; `max` < 0 means no length limit (wildcards). */
export function decodeParam(raw: string, max: number): string {
  let value = raw;
  // most params have no escape: skip decodeURIComponent and its allocation entirely
  if (raw.indexOf('%') !== -1) {
    try {
      value = decodeURIComponent(raw);
    } catch {
      throw new HttpError(400, BAD_PATH_ENCODING, `The path contains an invalid percent-encoding in '${clip(raw)}'.`);
    }
  }
  if (max >= 0 && value.length > max) {
    throw new HttpError(414, PARAM_TOO_LONG, `A path parameter is longer than ${max} characters.`);
  }
  return value;
}

function clip(s: string): string {
  return s.length > 40 ? s.slice(0, 40) + '…' : s;
}

/** Builds the params of a matched route from the raw path: `new Ctor(rawPath)`. */
export type ParamsConstructor = new (rawPath: string) => RouteParams;

/** Where a param sits: its name, its segment index (0 = after the first '/'), its length limit. */
export interface ParamSlot {
  readonly name: string;
  readonly segment: number;
  readonly wildcard: boolean;
  readonly max: number;
}

/**
 * Generates, for one route, a constructor that cuts its params out of the raw path:
 *
 *   function Params(p) { var s = p.indexOf('/', 1); ... this["id"] = decode(p.slice(a, b), 100); }
 *
 * The RegExp only says WHICH route matched (capturing every param there would make each exec
 * build a match array with one slot per param of every route). A param is a whole segment and
 * nothing in a route can match a '/', so the n-th segment of the path is the n-th segment of
 * the route: a few native indexOf('/') calls find them. Names are validated identifiers or '*',
 * and JSON.stringify quotes them anyway.
 */
export function makeParamsConstructor(slots: readonly ParamSlot[]): ParamsConstructor {
  // `a` = index of the '/' that opens segment `at`
  let body = 'var a = 0, b;\n';
  let at = 0;
  for (const slot of slots) {
    for (; at < slot.segment; at++) body += 'a = p.indexOf("/", a + 1);\n';
    const name = JSON.stringify(slot.name);
    if (slot.wildcard) {
      // a === -1: `/files` matched `/files/*` without its slash (ignoreTrailingSlash)
      body += `this[${name}] = a === -1 ? "" : decode(p.slice(a + 1), -1);\n`;
    } else {
      body += 'b = p.indexOf("/", a + 1); if (b === -1) b = p.length;\n';
      body += `this[${name}] = decode(p.slice(a + 1, b), ${slot.max});\n`;
    }
  }
  let ctor: ParamsConstructor;
  try {
    ctor = new Function('decode', `return function Params(p) {\n${body}}`)(decodeParam) as ParamsConstructor;
  } catch {
    // code generation disabled (node --disallow-code-generation-from-strings): same result,
    // built by a loop
    ctor = loopConstructor(slots);
  }
  ctor.prototype = Object.create(null);
  return ctor;
}

/** The same constructor without code generation (exported for its spec). */
export function loopConstructor(slots: readonly ParamSlot[]): ParamsConstructor {
  return function Params(this: RouteParams, p: string) {
    let a = 0;
    let at = 0;
    for (const slot of slots) {
      for (; at < slot.segment; at++) a = p.indexOf('/', a + 1);
      if (slot.wildcard) {
        this[slot.name] = a === -1 ? '' : decodeParam(p.slice(a + 1), -1);
      } else {
        let b = p.indexOf('/', a + 1);
        if (b === -1) b = p.length;
        this[slot.name] = decodeParam(p.slice(a + 1, b), slot.max);
      }
    }
  } as unknown as ParamsConstructor;
}
