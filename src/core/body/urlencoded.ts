import { parseFormPairs } from '../../http/query';

/**
 * application/x-www-form-urlencoded (WHATWG URL §5.1): `+` is a space, percent-escapes are
 * UTF-8. The result has no prototype, so a field named `__proto__` is just a field; a
 * repeated key collects its values in an array. The query's parser, so the two agree.
 */
export function parseUrlEncoded(text: string): Record<string, string | string[]> {
  return parseFormPairs(text, Infinity)!;
}
