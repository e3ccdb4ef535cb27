import { BadRequestException } from '../exceptions/http-exception';

/**
 * JSON.parse that never lets `__proto__`, `constructor` or `prototype` keys into the result,
 * so no later `Object.assign`/merge can be steered into a prototype (prototype pollution).
 * The reviver costs a call per value, so it runs only when the text could hold one of those
 * keys: it contains one of the words, or a `\u` escape, which can spell any of them
 * (`"\u005f_proto__"` is the key `__proto__`; RFC 8259 §7). An indexOf over the text is far
 * cheaper than the reviver.
 */
export function parseJsonSafe(text: string): unknown {
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
