import { BadRequestException } from '../exceptions/http-exception';

/**
 * Deepest nesting of arrays and objects accepted. JSON.parse itself does not recurse, but
 * every later walk of the value does (JSON.stringify, validators, cloning): a body nested
 * 100,000 deep overflows the stack there, far from the cause, as a 500. 1000 is Jackson's
 * default: far beyond real documents, far below a stack. It also keeps the check off the hot
 * path: a text of at most 2 × 1000 characters cannot nest deeper, so the usual API body (a
 * few KiB at most) is never scanned; the scan costs a third of JSON.parse's time where it
 * does run.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * JSON.parse that never lets `__proto__`, `constructor` or `prototype` keys into the result,
 * so no later `Object.assign`/merge can be steered into a prototype (prototype pollution).
 * The result is walked only when the text could hold one of those keys: it contains one of
 * the words, or a `\u` escape, which can spell any of them (`"\u005f_proto__"` is the key
 * `__proto__`; RFC 8259 §7). An indexOf over the text is far cheaper than any walk.
 *
 * A walk after parsing, not a JSON.parse reviver: the reviver is a call per value, numbers
 * and strings included, and made one escape in a 1 MiB array of numbers cost 10-25 times
 * what JSON.parse does; the walk looks at objects and arrays only (secure-json-parse, which
 * Fastify uses, does the same).
 */
export function parseJsonSafe(text: string): unknown {
  refuseDeepNesting(text);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new BadRequestException(`The request body is not valid JSON: ${(error as Error).message}`);
  }
  if (text.indexOf('proto') < 0 && text.indexOf('constructor') < 0 && text.indexOf('\\u') < 0) return value;
  dropDangerousKeys(value);
  return value;
}

const hasOwn = Object.prototype.hasOwnProperty;
const DANGEROUS_KEYS = ['__proto__', 'constructor', 'prototype'] as const;

/**
 * Deletes the three keys from every object in the value. JSON.parse makes each of them an
 * own data property (even `__proto__`), which `delete` removes without touching any
 * prototype. A stack rather than recursion, so that no nesting can overflow it.
 */
function dropDangerousKeys(root: unknown): void {
  if (root === null || typeof root !== 'object') return;
  const pending: object[] = [root];
  while (pending.length > 0) {
    const node = pending.pop()!;
    if (Array.isArray(node)) {
      for (let i = 0; i < node.length; i++) {
        const item: unknown = node[i];
        if (item !== null && typeof item === 'object') pending.push(item);
      }
      continue;
    }
    const record = node as Record<string, unknown>;
    for (const key of DANGEROUS_KEYS) if (hasOwn.call(record, key)) delete record[key];
    for (const key in record) {
      const item = record[key];
      if (item !== null && typeof item === 'object') pending.push(item);
    }
  }
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
