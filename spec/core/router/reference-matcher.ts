/**
 * A deliberately naive router, the yardstick for the compiled RouteTable (Hono's
 * `common.case.test.ts` habit): routes are kept as structured segments, every request tries
 * every route one at a time, segment by segment, with no Map, no RegExp alternation and no
 * precomputation. Among the routes that match, the winner is chosen by comparing them segment
 * by segment from the left (static < constrained < param < wildcard), then by method tier
 * (own method < GET serving HEAD < ALL), then by declaration order. Equivalent spellings
 * (RFC 3986 §6.2.2) are made one by a regex over the whole path, unless an escape is malformed.
 */
export type RefSegment =
  | { kind: 'static'; text: string }
  | { kind: 'param'; name: string }
  | { kind: 'constrained'; name: string; constraint: string }
  | { kind: 'wildcard'; name: string };

export interface RefRoute {
  method: string;
  segments: RefSegment[];
  value: string;
  owner: string;
}

export type RefResult = { route: string; params: Record<string, string> } | { allow: string } | { status: number } | null;

const RANK = { static: 0, constrained: 1, param: 2, wildcard: 3 } as const;
const ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

class RefHttpError {
  constructor(readonly status: number) {}
}

export class ReferenceMatcher {
  private readonly routes: readonly RefRoute[];

  /**
   * `ignoreTrailingSlash`: one trailing slash is dropped from the request path and from the
   * patterns, and a wildcard also matches when nothing (not even a slash) follows its prefix.
   */
  constructor(
    routes: readonly RefRoute[],
    private readonly options: { maxParamLength?: number; ignoreTrailingSlash?: boolean } = {},
  ) {
    this.routes = options.ignoreTrailingSlash ? routes.map((r) => ({ ...r, segments: dropTrailingSlash(r.segments) })) : routes;
  }

  /** The owners of the first two routes of one method that match exactly the same paths. */
  conflict(): [string, string] | null {
    for (let j = 0; j < this.routes.length; j++) {
      for (let i = 0; i < j; i++) {
        const a = this.routes[i];
        const b = this.routes[j];
        if (a.method === b.method && sameShape(a.segments, b.segments)) return [a.owner, b.owner];
      }
    }
    return null;
  }

  match(method: string, requestPath: string): RefResult {
    const normal = normalForm(requestPath);
    const path = this.options.ignoreTrailingSlash && normal.length > 1 && normal.endsWith('/') ? normal.slice(0, -1) : normal;
    try {
      const winner = this.best(method, path);
      if (winner !== null) return { route: winner.route.value, params: this.params(winner.route, winner.captured) };
      return this.allow(path);
    } catch (e) {
      if (e instanceof RefHttpError) return { status: e.status };
      throw e;
    }
  }

  private declared(): string[] {
    const methods = new Set(this.routes.filter((r) => r.method !== 'ALL').map((r) => r.method));
    if (methods.has('GET')) methods.add('HEAD');
    return [...methods];
  }

  /** The routes a method may use, each with its tier. */
  private candidates(method: string): Array<{ route: RefRoute; tier: number; order: number }> {
    const out: Array<{ route: RefRoute; tier: number; order: number }> = [];
    const declared = this.declared().includes(method);
    this.routes.forEach((route, order) => {
      if (declared && route.method === method) out.push({ route, tier: 0, order });
      else if (declared && method === 'HEAD' && route.method === 'GET') out.push({ route, tier: 1, order });
      else if (route.method === 'ALL') out.push({ route, tier: 2, order });
    });
    return out;
  }

  private best(method: string, path: string): { route: RefRoute; captured: string[] } | null {
    let best: { route: RefRoute; tier: number; order: number; captured: string[] } | null = null;
    for (const c of this.candidates(method)) {
      const captured = matchRoute(c.route.segments, path, this.options.ignoreTrailingSlash);
      if (captured === null) continue;
      if (best === null || beats(c, best)) best = { ...c, captured };
    }
    return best;
  }

  private allow(path: string): RefResult {
    const methods = this.declared().filter((m) => this.candidates(m).some((c) => matchRoute(c.route.segments, path, this.options.ignoreTrailingSlash) !== null));
    if (methods.length === 0) return null;
    methods.sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0));
    if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
    return { allow: methods.join(', ') };
  }

  private params(route: RefRoute, captured: string[]): Record<string, string> {
    const params: Record<string, string> = {};
    let k = 0;
    for (const seg of route.segments) {
      if (seg.kind === 'static') continue;
      const raw = captured[k++];
      let value: string;
      try {
        value = decodeURIComponent(raw);
      } catch {
        throw new RefHttpError(400);
      }
      if (seg.kind !== 'wildcard' && value.length > (this.options.maxParamLength ?? 100)) throw new RefHttpError(414);
      params[seg.name] = value;
    }
    return params;
  }
}

/** The raw captures of a route on a path, or null; one path segment per route segment. */
export function matchRoute(segments: readonly RefSegment[], path: string, wildcardMatchesNothing = false): string[] | null {
  if (path[0] !== '/') return null;
  const parts = path.slice(1).split('/');
  const captured: string[] = [];
  for (let i = 0; i < segments.length; i++) {
    const seg = segments[i];
    if (seg.kind === 'wildcard') {
      if (i === parts.length && wildcardMatchesNothing) {
        captured.push('');
        return captured;
      }
      if (i >= parts.length) return null;
      captured.push(parts.slice(i).join('/'));
      return captured;
    }
    if (i >= parts.length) return null;
    const part = parts[i];
    if (seg.kind === 'static') {
      if (part !== encodeURIComponent(seg.text)) return null;
    } else {
      if (part === '') return null;
      if (seg.kind === 'constrained' && !new RegExp(`^(?:${seg.constraint})$`).test(part)) return null;
      captured.push(part);
    }
  }
  return parts.length === segments.length ? captured : null;
}

/** Escaped unreserved characters decoded, other escapes upper-cased; untouched if one is malformed. */
function normalForm(path: string): string {
  if (/%(?![0-9A-Fa-f]{2})/.test(path)) return path;
  return path.replace(/%([0-9A-Fa-f]{2})/g, (escape, hex: string) => {
    const c = String.fromCharCode(parseInt(hex, 16));
    return /^[A-Za-z0-9\-._~]$/.test(c) ? c : escape.toUpperCase();
  });
}

function dropTrailingSlash(segments: RefSegment[]): RefSegment[] {
  const last = segments[segments.length - 1];
  return segments.length > 1 && last.kind === 'static' && last.text === '' ? segments.slice(0, -1) : segments;
}

function beats(a: { route: RefRoute; tier: number; order: number }, b: { route: RefRoute; tier: number; order: number }): boolean {
  const sa = a.route.segments;
  const sb = b.route.segments;
  for (let i = 0; i < Math.min(sa.length, sb.length); i++) {
    if (sa[i].kind !== sb[i].kind) return RANK[sa[i].kind] < RANK[sb[i].kind];
  }
  // both match yet one is longer: its extra segment is a wildcard matching nothing
  // (ignoreTrailingSlash), less specific than the route that simply ends there
  if (sa.length !== sb.length) return sa.length < sb.length;
  if (a.tier !== b.tier) return a.tier < b.tier;
  return a.order < b.order;
}

function sameShape(a: readonly RefSegment[], b: readonly RefSegment[]): boolean {
  if (a.length !== b.length) return false;
  return a.every((s, i) => {
    const t = b[i];
    if (s.kind !== t.kind) return false;
    if (s.kind === 'static') return s.text === (t as { text: string }).text;
    if (s.kind === 'constrained') return s.constraint === (t as { constraint: string }).constraint;
    return true;
  });
}

function rank(method: string): number {
  const i = ORDER.indexOf(method);
  return i < 0 ? 99 : i;
}
