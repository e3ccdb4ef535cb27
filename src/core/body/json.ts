import { BadRequestException } from '../exceptions/http-exception';

/**
 * Deepest nesting of arrays and objects accepted. JSON.parse itself does not recurse, but
 * the reviver below does, and so does every later walk of the value (JSON.stringify,
 * validators, cloning): a body nested 100,000 deep overflows the stack there, far from the
 * cause, as a 500. 1000 is Jackson's default: far beyond real documents, far below a stack.
 * It also keeps the check off the hot path: a text of at most 2 × 1000 characters cannot
 * nest deeper, so the usual API body (a few KiB at most) is never scanned; the scan costs a
 * third of JSON.parse's time where it does run.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * JSON.parse that never lets `__proto__`, `constructor` or `prototype` keys into the result,
 * so no later `Object.assign`/merge can be steered into a prototype (prototype pollution).
 * The reviver costs a call per value, so it runs only when the text could hold one of those
 * keys: it contains one of the words, or a `\u` escape, which can spell any of them
 * (`"\u005f_proto__"` is the key `__proto__`; RFC 8259 §7). An indexOf over the text is far
 * cheaper than the reviver.
 */
export function parseJsonSafe(text: string): unknown {
  refuseDeepNesting(text);
  try {
    if (text.indexOf('proto') < 0 && text.indexOf('constructor') < 0 && text.indexOf('\\u') < 0) {
      return JSON.parse(text);
    }
    return JSON.parse(text, dropDangerousKeys);
  } catch (error) {
    throw new BadRequestException(`The request body is not valid JSON: ${(error as Error).message}`);
  }
}

function dropDangerousKeys(key: string, value: unknown): unknown {
  // Returning undefined from a reviver deletes the property.
  if (key === '__proto__' || key === 'constructor' || key === 'prototype') return undefined;
  return value;
}

function refuseDeepNesting(text: string): void {
  // Valid JSON nested deeper than MAX has more than MAX brackets open and as many closed.
  if (text.length <= 2 * MAX_JSON_DEPTH || !nestsDeeperThan(text, MAX_JSON_DEPTH)) return;
  throw new BadRequestException(
    `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels; send a flatter document`,
  );
}

/** Whether brackets outside strings nest deeper than `max`. One pass, no allocation. */
function nestsDeeperThan(text: string, max: number): boolean {
  let depth = 0;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22 /* " */) i = endOfString(text, i);
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > max) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth--;
  }
  return false;
}

/** Index of the quote closing the string that opens at `open` (RFC 8259 §7: `\` escapes the next character), or the end. */
function endOfString(text: string, open: number): number {
  const n = text.length;
  for (let i = open + 1; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x5c /* \ */) i++;
    else if (c === 0x22) return i;
  }
  return n;
}
