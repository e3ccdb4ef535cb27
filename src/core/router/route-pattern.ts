/**
 * Route pattern syntax, parsed once at bootstrap into segments:
 *
 *   /users/me            static segments, compared byte for byte with the raw request path,
 *                        both in normal form (normalize-path.ts): case-sensitive; characters a
 *                        client must percent-encode, such as spaces or non-ASCII, are encoded
 *                        here so `/café` matches `/caf%C3%A9` and `/caf%c3%a9`, and escaped
 *                        unreserved characters are decoded, so `/users/%6De` is `/users/me`
 *   /users/:id           a param: one whole, non-empty segment
 *   /users/{id}          the same param, brace syntax
 *   /users/:id(\d+)      a constrained param; `{id:\d+}` is the same in brace syntax.
 *                        The constraint must match the whole raw segment (see constraint.ts)
 *   /files/*path         a wildcard: the rest of the path after the slash, '/' included, EMPTY
 *                        INCLUDED (Fastify's habit): `/files/` matches with path = ''. `/files`
 *                        (no slash) does not. Bare `*` is named '*'. Last segment only.
 *
 * A param or wildcard is a whole segment: `/:name.json` or `/v{n}` are refused rather than
 * half-supported. A ':' anywhere but the start of a segment is literal (`/things:batchGet`).
 *
 * Trailing slash: strict by default, like Fastify — `/a` and `/a/` are different routes and
 * different paths, so one of them 404s unless both are declared. With the RouteTable option
 * `ignoreTrailingSlash` (Express's non-strict habit) one trailing slash is dropped from
 * patterns and request paths alike, so `/a/` finds `/a`, and `/files` finds `/files/*path`
 * with path = ''.
 */
import { BootstrapError } from '../bootstrap-error';
import { BAD_ROUTE_PATTERN, compileConstraint } from './constraint';
import { encodePath } from './normalize-path';

export const SegmentKind = { Static: 0, Constrained: 1, Param: 2, Wildcard: 3 } as const;
export type SegmentKind = (typeof SegmentKind)[keyof typeof SegmentKind];

export interface Segment {
  /** also the priority rank: static < constrained param < param < wildcard */
  readonly kind: SegmentKind;
  /** static: the raw (percent-encoded) text, in normal form; otherwise the param name */
  readonly text: string;
  /** constrained params: the user's source and the rewritten source embedded in the RegExp */
  readonly constraint?: string;
  readonly compiled?: string;
}

export interface ParsedPattern {
  readonly segments: readonly Segment[];
  /** true when every segment is static: the route lives in the static Map under `rawPath` */
  readonly isStatic: boolean;
  /** the raw path, in normal form, a static route answers ('' for dynamic routes) */
  readonly rawPath: string;
  /** equal keys ⇔ the two patterns match exactly the same paths (param names aside) */
  readonly conflictKey: string;
}

const NAME = /^[A-Za-z_$][A-Za-z0-9_$]*/;

/**
 * Parses `pattern`; `where` (`GET /x (Class.method)`) names the route in errors. With
 * `ignoreTrailingSlash` a pattern's trailing slash is dropped (`/a/` is `/a`), as the router
 * drops it from request paths.
 */
export function parsePattern(pattern: string, where: string, ignoreTrailingSlash = false): ParsedPattern {
  const bad = (why: string): never => {
    throw new BootstrapError(BAD_ROUTE_PATTERN, `${where}: ${why}.`);
  };
  if (pattern[0] !== '/') bad(`a route pattern starts with '/', got '${pattern}'`);
  const segments: Segment[] = [];
  const names = new Set<string>();
  let i = 1;
  for (;;) {
    const c = pattern[i];
    let seg: Segment;
    if (c === ':' || c === '{' || c === '*') {
      const name = c === '*' ? (NAME.exec(pattern.slice(i + 1))?.[0] ?? '*') : NAME.exec(pattern.slice(i + 1))?.[0];
      if (name === undefined) return bad(`'${c}' at position ${i} must be followed by a parameter name such as id`);
      i += 1 + (name === '*' ? 0 : name.length);
      let constraint: string | undefined;
      if (c === ':' && pattern[i] === '(') {
        const end = closing(pattern, i, '(', ')');
        if (end < 0) bad(`missing ')' after the constraint of :${name}`);
        constraint = pattern.slice(i + 1, end);
        i = end + 1;
      } else if (c === '{') {
        if (pattern[i] === ':') {
          const end = closing(pattern, i, '{', '}', 1);
          if (end < 0) bad(`missing '}' after the constraint of {${name}}`);
          constraint = pattern.slice(i + 1, end);
          i = end;
        }
        if (pattern[i] !== '}') bad(`missing '}' after {${name}`);
        i++;
      }
      if (i < pattern.length && pattern[i] !== '/') {
        bad(`a parameter must be a whole segment, but '${c === '*' ? '*' : c}${name}' is followed by '${pattern[i]}'`);
      }
      if (names.has(name)) bad(`parameter '${name}' appears twice`);
      names.add(name);
      if (c === '*') {
        if (i < pattern.length) bad(`the wildcard *${name === '*' ? '' : name} must be the last segment`);
        seg = { kind: SegmentKind.Wildcard, text: name };
      } else if (constraint !== undefined) {
        seg = { kind: SegmentKind.Constrained, text: name, constraint, compiled: compileConstraint(constraint, where) };
      } else {
        seg = { kind: SegmentKind.Param, text: name };
      }
    } else {
      let end = pattern.indexOf('/', i);
      if (end < 0) end = pattern.length;
      const text = pattern.slice(i, end);
      if (/[{}]/.test(text)) bad(`'{' or '}' inside the static segment '${text}': a {param} must be a whole segment`);
      seg = { kind: SegmentKind.Static, text: encodePath(text) };
      i = end;
    }
    segments.push(seg);
    if (i >= pattern.length) break;
    i++; // the '/'
  }
  if (ignoreTrailingSlash && segments.length > 1) {
    const last = segments[segments.length - 1];
    if (last.kind === SegmentKind.Static && last.text === '') segments.pop();
  }
  const isStatic = segments.every((s) => s.kind === SegmentKind.Static);
  const rawPath = isStatic ? '/' + segments.map((s) => s.text).join('/') : '';
  const conflictKey = segments
    .map((s) => (s.kind === SegmentKind.Static ? 's' + s.text : s.kind === SegmentKind.Constrained ? 'c' + s.constraint : s.kind === SegmentKind.Param ? 'p' : 'w'))
    .join('\u0000');
  return { segments, isStatic, rawPath, conflictKey };
}

/**
 * Index of the `close` that ends the group opened at `open` (depth counted, escapes and
 * character classes skipped); -1 if none. `depth0` is the depth already open.
 */
function closing(s: string, openAt: number, open: string, close: string, depth0 = 0): number {
  let depth = depth0;
  let inClass = false;
  for (let i = openAt; i < s.length; i++) {
    const c = s[i];
    if (c === '\\') i++;
    else if (inClass) inClass = c !== ']';
    else if (c === '[') inClass = true;
    else if (c === open) depth++;
    else if (c === close && --depth === 0) return i;
  }
  return -1;
}
