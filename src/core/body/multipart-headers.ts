import { isUtf8 } from 'node:buffer';
import { BadRequestException } from '../exceptions/http-exception';

/** What a part's header section says about it (RFC 7578 §4.2, §4.4). */
export interface PartHeaders {
  /** the form field's name: Content-Disposition's `name` */
  name: string;
  /** Content-Disposition's `filename` (or `filename*`); undefined for a plain field */
  filename: string | undefined;
  /** the part's Content-Type, `text/plain` when absent (RFC 7578 §4.4) */
  contentType: string;
  /** Content-Transfer-Encoding as sent (RFC 7578 §4.7 deprecates it; reported, never decoded), '7bit' when absent */
  transferEncoding: string;
}

/**
 * Reads a part's header section: the bytes between the delimiter line and the blank line,
 * as UTF-8 — browsers send a filename's non-ASCII characters as raw UTF-8 there (WHATWG
 * HTML's multipart/form-data encoding), and reading them as latin-1 (busboy's default, so
 * multer's) garbles every such name.
 */
export function parsePartHeaders(section: Buffer): PartHeaders {
  let lastName = '';
  const lines = section.toString('utf8').split('\r\n');
  const values = new Map<string, string>();
  for (const line of lines) {
    if (line === '') continue;
    const first = line.charCodeAt(0);
    if ((first === 32 || first === 9) && lastName !== '') {
      // obs-fold (RFC 5322 §2.2.3): a line starting with white space continues the last field.
      values.set(lastName, values.get(lastName)! + ' ' + line.trim());
      continue;
    }
    const colon = line.indexOf(':');
    if (colon <= 0) throw malformed(`a part has a header line without a name and ':' (${JSON.stringify(line.slice(0, 60))})`);
    lastName = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    const prev = values.get(lastName);
    values.set(lastName, prev === undefined ? value : prev + ', ' + value);
  }
  const disposition = values.get('content-disposition');
  const contentType = values.get('content-type');
  const transferEncoding = values.get('content-transfer-encoding');
  if (disposition === undefined) {
    throw malformed('a part has no Content-Disposition header; every part of a multipart/form-data body needs Content-Disposition: form-data; name="…" (RFC 7578 §4.2)');
  }
  const { name, filename } = readDisposition(disposition);
  return {
    name,
    filename,
    contentType: contentType === undefined || contentType === '' ? 'text/plain' : contentType,
    transferEncoding: transferEncoding === undefined || transferEncoding === '' ? '7bit' : transferEncoding.toLowerCase(),
  };
}

/** `form-data; name="field"; filename="a.png"` → its name and filename (RFC 7578 §4.2). */
function readDisposition(value: string): { name: string; filename: string | undefined } {
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  if (type !== 'form-data') {
    throw malformed(`a part's Content-Disposition is '${type}', not 'form-data' (RFC 7578 §4.2)`);
  }
  const params = readParams(value, semi < 0 ? value.length : semi);
  const name = params.get('name');
  if (name === undefined) {
    throw malformed('a part\'s Content-Disposition has no name parameter; send Content-Disposition: form-data; name="…" (RFC 7578 §4.2)');
  }
  // RFC 6266 §4.3: filename* (RFC 8187 encoding) wins over filename when both are there.
  const extended = params.get('filename*');
  const filename = extended !== undefined ? decodeExtValue(extended) ?? params.get('filename') : params.get('filename');
  return { name, filename };
}

/** Parameters after `from` (a ';'): lower-cased names, unquoted values. A repeated name is refused. */
function readParams(text: string, from: number): Map<string, string> {
  const out = new Map<string, string>();
  const n = text.length;
  let i = from;
  while (i < n) {
    i++; // past ';'
    while (i < n && (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9)) i++;
    if (i >= n) break;
    let eq = i;
    while (eq < n && text.charCodeAt(eq) !== 0x3d && text.charCodeAt(eq) !== 0x3b) eq++;
    const key = text.slice(i, eq).trim().toLowerCase();
    if (eq >= n || text.charCodeAt(eq) === 0x3b) {
      i = eq; // a name with no value: not a parameter, nothing to read
      continue;
    }
    const { value, next } = readValue(text, eq + 1);
    if (out.has(key)) throw malformed(`a part's Content-Disposition gives '${key}' twice; send it once`);
    out.set(key, value);
    i = next;
  }
  return out;
}

/**
 * A token or a quoted-string from `at`; `next` is the following ';' or the end. In a
 * quoted-string `\"` and `\\` are escapes (RFC 9110 §5.6.4, what curl and Go send), but a
 * backslash before anything else is kept: browsers escape no backslash (they send `"` as
 * %22, WHATWG HTML), so `C:\temp\a.txt` from one stays as it was typed.
 */
function readValue(text: string, at: number): { value: string; next: number } {
  const n = text.length;
  while (at < n && (text.charCodeAt(at) === 32 || text.charCodeAt(at) === 9)) at++;
  if (text.charCodeAt(at) !== 0x22) {
    let end = text.indexOf(';', at);
    if (end < 0) end = n;
    return { value: text.slice(at, end).trim(), next: end };
  }
  let value = '';
  let i = at + 1;
  for (; i < n; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) break;
    if (c === 0x5c && i + 1 < n && (text.charCodeAt(i + 1) === 0x22 || text.charCodeAt(i + 1) === 0x5c)) i++;
    value += text[i];
  }
  if (i >= n) throw malformed('a part\'s Content-Disposition has a quoted value with no closing \'"\'');
  const next = text.indexOf(';', i);
  return { value, next: next < 0 ? n : next };
}

/**
 * An RFC 8187 ext-value, `UTF-8''%E2%82%AC.txt` (also ISO-8859-1); undefined when it cannot
 * be read, so the plain `filename` is used instead, as RFC 6266 §4.3 has it.
 */
function decodeExtValue(value: string): string | undefined {
  const first = value.indexOf("'");
  const second = first < 0 ? -1 : value.indexOf("'", first + 1);
  if (second < 0) return undefined;
  const charset = value.slice(0, first).toLowerCase();
  const encoded = value.slice(second + 1);
  if (charset !== 'utf-8' && charset !== 'iso-8859-1') return undefined;
  const bytes: number[] = [];
  for (let i = 0; i < encoded.length; i++) {
    const c = encoded.charCodeAt(i);
    if (c === 0x25 /* % */) {
      const byte = Number.parseInt(encoded.slice(i + 1, i + 3), 16);
      if (!/^[0-9a-fA-F]{2}$/.test(encoded.slice(i + 1, i + 3))) return undefined;
      bytes.push(byte);
      i += 2;
    } else if (c < 0x80) bytes.push(c);
    else return undefined; // RFC 8187 §3.2.1: attr-char only, the rest percent-encoded
  }
  const buffer = Buffer.from(bytes);
  if (charset === 'iso-8859-1') return buffer.toString('latin1');
  return isUtf8(buffer) ? buffer.toString('utf8') : undefined;
}

/** 400 for a body that breaks RFC 7578 / RFC 2046 framing, saying what is wrong. */
export function malformed(what: string): BadRequestException {
  return new BadRequestException(`The multipart/form-data body is malformed: ${what}`);
}
