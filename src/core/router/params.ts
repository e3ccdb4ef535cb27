/**
 * Params: captured from the RAW path (so `%2F` stays inside its segment), then percent-decoded
 * exactly once. Objects are built by a constructor generated per route at bootstrap, so every
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

/** Builds params from a RegExp match array: `new Ctor(match)`. */
export type ParamsConstructor = new (match: RegExpExecArray) => RouteParams;

/**
 * Generates `function P(m) { this["id"] = decode(m[3], max); ... }` for one route.
 * `names` are validated identifiers or '*', and JSON.stringify quotes them anyway.
 */
export function makeParamsConstructor(
  names: readonly string[],
  groups: readonly number[],
  limits: readonly number[],
): ParamsConstructor {
  let body = '';
  for (let k = 0; k < names.length; k++) {
    body += `this[${JSON.stringify(names[k])}] = decode(m[${groups[k]}], ${limits[k]});\n`;
  }
  const ctor = new Function('decode', `return function Params(m) {\n${body}}`)(decodeParam) as ParamsConstructor;
  ctor.prototype = Object.create(null);
  return ctor;
}
