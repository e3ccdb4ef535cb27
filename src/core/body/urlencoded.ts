/**
 * application/x-www-form-urlencoded (WHATWG URL §5.1): `+` is a space, percent-escapes are
 * UTF-8. The result has no prototype, so a field named `__proto__` is just a field; a
 * repeated key collects its values in an array.
 */
export function parseUrlEncoded(text: string): Record<string, string | string[]> {
  const out = Object.create(null) as Record<string, string | string[]>;
  if (text.length === 0) return out;
  let start = 0;
  while (start <= text.length) {
    let end = text.indexOf('&', start);
    if (end < 0) end = text.length;
    if (end > start) {
      const eq = text.indexOf('=', start);
      const hasValue = eq >= 0 && eq < end;
      const key = decode(text.slice(start, hasValue ? eq : end));
      const value = hasValue ? decode(text.slice(eq + 1, end)) : '';
      const prev = out[key];
      if (prev === undefined) out[key] = value;
      else if (Array.isArray(prev)) prev.push(value);
      else out[key] = [prev, value];
    }
    start = end + 1;
  }
  return out;
}

function decode(part: string): string {
  const spaced = part.indexOf('+') >= 0 ? part.replace(/\+/g, ' ') : part;
  if (spaced.indexOf('%') < 0) return spaced;
  try {
    return decodeURIComponent(spaced);
  } catch {
    // Malformed escapes are kept as sent, as browsers and the URL standard do.
    return spaced;
  }
}
