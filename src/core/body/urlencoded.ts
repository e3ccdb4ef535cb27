import { parseFormPairs } from '../../http/query';
import { PayloadTooLargeException } from '../exceptions/http-exception';

/**
 * Most fields a form body may have: body-parser's and qs's default parameterLimit. Far above
 * any real form, and it bounds the objects and strings a single body can make us build.
 */
export const MAX_FORM_FIELDS = 1000;

/**
 * application/x-www-form-urlencoded (WHATWG URL §5.1): `+` is a space, percent-escapes are
 * UTF-8. A repeated key collects its values in an array. More than MAX_FORM_FIELDS fields →
 * 413. The result has no prototype and no `__proto__` field (parseFormPairs drops it).
 */
export function parseUrlEncoded(text: string): Record<string, string | string[]> {
  const out = parseFormPairs(text, MAX_FORM_FIELDS);
  if (out === undefined) {
    throw new PayloadTooLargeException(
      `The form body has more than ${MAX_FORM_FIELDS} fields; send fewer fields, or send the data as application/json`,
    );
  }
  return out;
}
