/**
 * fast-check generators of valid HTTP/1.1 requests, each with the messages the parser must
 * report for it, for the split-invariance and fuzz specs.
 */
import fc from 'fast-check';

export interface ExpectedMessage {
  method: string;
  target: string;
  path: string;
  query: string;
  headers: string[];
  body: Buffer;
  trailers: string[] | null;
}

export interface GeneratedRequest {
  bytes: Buffer;
  expected: ExpectedMessage;
}

const TCHARS = "!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
const PATH_CHARS = "abcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@%";
/** field names the parser gives a meaning to, kept out of the random ones. */
const RESERVED = new Set(['host', 'content-length', 'transfer-encoding', 'connection', 'expect', 'upgrade', 'te', 'trailer']);

const token = (max: number) =>
  fc.string({ unit: fc.constantFrom(...TCHARS.split('')), minLength: 1, maxLength: max });

const fieldName = token(20).filter((n) => !RESERVED.has(n.toLowerCase()));

/** a value as the parser reports it: no leading/trailing OWS, any field-vchar or obs-text inside. */
const fieldValue = fc
  .array(fc.oneof(fc.integer({ min: 0x21, max: 0x7e }), fc.integer({ min: 0x80, max: 0xff }), fc.constantFrom(0x20, 0x09)), { maxLength: 30 })
  .map((codes) => String.fromCharCode(...codes).replace(/^[ \t]+|[ \t]+$/g, ''));

const ows = fc.constantFrom('', ' ', '\t', '  ', ' \t');

const field = fc.record({ name: fieldName, value: fieldValue, before: ows, after: ows });

const segment = fc.string({ unit: fc.constantFrom(...PATH_CHARS.split('')), maxLength: 12 });
const pathArb = fc.array(segment, { minLength: 1, maxLength: 5 }).map((s) => '/' + s.join('/'));
const queryArb = fc.option(fc.string({ unit: fc.constantFrom(...(PATH_CHARS + '?/').split('')), maxLength: 20 }), { nil: undefined });

const extension = fc.oneof(
  fc.constant(''),
  token(8).map((n) => `;${n}`),
  fc.tuple(token(8), token(8)).map(([n, v]) => `;${n}=${v}`),
  fc.tuple(token(8), fc.string({ unit: fc.constantFrom(...'ab c;=,\\"'.split('')), maxLength: 10 })).map(
    ([n, v]) => `;${n}="${v.replace(/[\\"]/g, (c) => '\\' + c)}"`,
  ),
);

const bodyArb = fc.uint8Array({ maxLength: 300 }).map((a) => Buffer.from(a));

type Framing =
  | { kind: 'none' }
  | { kind: 'length'; body: Buffer }
  | { kind: 'chunked'; chunks: { data: Buffer; ext: string }[]; lastExt: string; trailers: { name: string; value: string }[] };

const framingArb: fc.Arbitrary<Framing> = fc.oneof(
  fc.constant({ kind: 'none' as const }),
  bodyArb.map((body) => ({ kind: 'length' as const, body })),
  fc.record({
    kind: fc.constant('chunked' as const),
    chunks: fc.array(fc.record({ data: bodyArb.filter((b) => b.length > 0), ext: extension }), { maxLength: 4 }),
    lastExt: extension,
    trailers: fc.array(fc.record({ name: fieldName, value: fieldValue }), { maxLength: 3 }),
  }),
);

export const requestArb: fc.Arbitrary<GeneratedRequest> = fc
  .record({
    method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'FOO'),
    path: pathArb,
    query: queryArb,
    hostCase: fc.constantFrom('Host', 'host', 'HOST'),
    fields: fc.array(field, { maxLength: 8 }),
    framing: framingArb,
    hexUpper: fc.boolean(),
  })
  .map(({ method, path, query, hostCase, fields, framing, hexUpper }) => {
    const target = query === undefined ? path : `${path}?${query}`;
    const lines = [`${method} ${target} HTTP/1.1`, `${hostCase}: localhost`];
    const headers = ['host', 'localhost'];
    for (const f of fields) {
      lines.push(`${f.name}:${f.before}${f.value}${f.after}`);
      headers.push(f.name.toLowerCase(), f.value);
    }
    const parts: Buffer[] = [];
    let body: Buffer = Buffer.alloc(0);
    let trailers: string[] | null = null;
    if (framing.kind === 'length') {
      lines.push(`Content-Length: ${framing.body.length}`);
      headers.push('content-length', String(framing.body.length));
      body = framing.body;
      parts.push(framing.body);
    } else if (framing.kind === 'chunked') {
      lines.push('Transfer-Encoding: chunked');
      headers.push('transfer-encoding', 'chunked');
      for (const c of framing.chunks) {
        const size = c.data.length.toString(16);
        parts.push(Buffer.from(`${hexUpper ? size.toUpperCase() : size}${c.ext}\r\n`, 'latin1'), c.data, Buffer.from('\r\n'));
      }
      body = Buffer.concat(framing.chunks.map((c) => c.data));
      parts.push(Buffer.from(`0${framing.lastExt}\r\n`));
      for (const t of framing.trailers) {
        parts.push(Buffer.from(`${t.name}: ${t.value}\r\n`, 'latin1'));
        (trailers ??= []).push(t.name.toLowerCase(), t.value);
      }
      parts.push(Buffer.from('\r\n'));
    }
    const head = Buffer.from(lines.join('\r\n') + '\r\n\r\n', 'latin1');
    const q = target.indexOf('?');
    return {
      bytes: Buffer.concat([head, ...parts]),
      expected: {
        method,
        target,
        path: q < 0 ? target : target.slice(0, q),
        query: q < 0 ? '' : target.slice(q + 1),
        headers,
        body,
        trailers,
      },
    };
  });

/** several requests back to back on one connection. */
export const pipelineArb = fc.array(requestArb, { minLength: 1, maxLength: 4 });

/** cut points inside a buffer of length n, sorted, for splitting a stream into fragments. */
export function splitAt(buf: Buffer, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => c % (buf.length + 1)))].sort((a, b) => a - b);
  const out: Buffer[] = [];
  let last = 0;
  for (const p of points) {
    out.push(buf.subarray(last, p));
    last = p;
  }
  out.push(buf.subarray(last));
  return out;
}
