/**
 * Which of a file's stored encodings a request accepts, best first (RFC 9110 §12.5.3), for
 * the `preCompressed` option. Pure: one header value in, an ordered list out.
 *
 *   no Accept-Encoding         → identity only: "no preference" does not promise the client
 *                                can decode anything (§12.5.3), so the plain file is safest
 *   empty value                → identity only (the client wants no content coding)
 *   `gzip;q=0`, `*;q=0`        → that coding (or every unlisted one) is refused
 *   `*`                        → any coding not listed by name, identity included
 *   `x-gzip`                   → gzip (§8.4.1.3)
 *   a bad element (`gzip;q=2`, `gzip;level=9`) → ignored, as if not sent
 *
 * Order: higher q first; at equal q a coding named outright before one only `*` admits;
 * then br before gzip (smaller) — except among codings only `*` admits, where gzip comes
 * first, as @fastify/static does: `*` comes from old or generic clients, and gzip is the
 * coding every decoder has. Identity comes last at equal q, and when the header does not
 * mention it (neither by name nor by `*`) it is the fallback after every positive q.
 */

export type StoredCoding = 'br' | 'gzip';
export type Coding = StoredCoding | 'identity';

const IDENTITY_ONLY: readonly Coding[] = Object.freeze(['identity']);

// RFC 9110 §12.4.2: qvalue = ( "0" [ "." 0*3DIGIT ] ) / ( "1" [ "." 0*3("0") ] ).
const QVALUE = /^(?:0(?:\.\d{0,3})?|1(?:\.0{0,3})?)$/;

interface Weights {
  br?: number;
  gzip?: number;
  identity?: number;
  star?: number;
}

/** The element's coding and q, or null when the element is malformed (then it is ignored). */
function parseElement(element: string): { coding: string; q: number } | null {
  const parts = element.split(';');
  const coding = parts[0].trim().toLowerCase();
  if (coding === '' || !/^[!#$%&'*+\-.^_`|~0-9a-z]+$/.test(coding)) return null;
  let q = 1;
  for (let i = 1; i < parts.length; i++) {
    const param = parts[i].trim();
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'q') return null; // weight is the only parameter (§12.5.3)
    const value = param.slice(eq + 1).trim();
    if (!QVALUE.test(value)) return null;
    q = Number(value);
  }
  return { coding, q };
}

function weightsOf(header: string): Weights {
  const w: Weights = {};
  for (const element of header.split(',')) {
    if (element.trim() === '') continue; // the list rule allows empty elements (§5.6.1)
    const parsed = parseElement(element);
    if (parsed === null) continue;
    const key = parsed.coding === 'x-gzip' ? 'gzip' : parsed.coding === '*' ? 'star' : parsed.coding;
    // The first mention wins: a later `gzip` does not undo `gzip;q=0`.
    if ((key === 'br' || key === 'gzip' || key === 'identity' || key === 'star') && w[key] === undefined) w[key] = parsed.q;
  }
  return w;
}

interface Candidate {
  coding: Coding;
  q: number;
  named: boolean;
  /** tie-break at equal q and naming: higher first */
  rank: number;
}

/** The codings to try for `header` (the request's Accept-Encoding), best first. Never empty. */
export function codingsToTry(header: string | undefined): readonly Coding[] {
  if (header === undefined || header.trim() === '') return IDENTITY_ONLY;
  const w = weightsOf(header);
  const candidates: Candidate[] = [];
  for (const coding of ['br', 'gzip'] as const) {
    const named = w[coding] !== undefined;
    const q = w[coding] ?? w.star ?? 0;
    if (q > 0) candidates.push({ coding, q, named, rank: named ? (coding === 'br' ? 2 : 1) : coding === 'gzip' ? 2 : 1 });
  }
  const identityQ = w.identity ?? w.star;
  if (identityQ !== undefined && identityQ > 0) candidates.push({ coding: 'identity', q: identityQ, named: w.identity !== undefined, rank: 0 });
  candidates.sort((a, b) => b.q - a.q || Number(b.named) - Number(a.named) || b.rank - a.rank);
  const order: Coding[] = candidates.map((c) => c.coding);
  // Identity not mentioned: acceptable by default, after any coding the client asked for.
  // Identity refused (`identity;q=0`, or `*;q=0` without identity): still the last resort —
  // RFC 9110 §12.1 lets a server disregard negotiation instead of answering 406, and a plain
  // file is what the same client gets from a mount without preCompressed.
  if (!order.includes('identity')) order.push('identity');
  return order;
}
