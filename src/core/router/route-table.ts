/**
 * The route table: every route of an app, compiled once at bootstrap into per-method lookups.
 * "Raw path" below is the request path still percent-encoded (so `%2F` never splits a
 * segment), in normal form: `match()` first normalises it (normalize-path.ts, RFC 3986
 * §6.2.2), as parsePattern did the patterns, so `/users/%6De` finds `/users/me`.
 *
 *   - Static paths live in a Map per method, keyed by the raw path: the common request is one
 *     Map.get and returns a result object built at compile time (no allocation at all).
 *   - Dynamic paths of a method are grouped by their static segments, as a tree: at each
 *     depth, routes whose segment there is static go to a child keyed by its raw text
 *     (`/api/users/:id` under 'api', then 'users'); the others (a param or wildcard there)
 *     stay at that node. A lookup cuts the request's segment at each depth, descends by Map,
 *     and tries the node's own routes when nothing deeper matched — a static segment outranks
 *     a param, so the order is kept. A node of fewer than `splitAt` routes (8) is not split.
 *     So a lookup's cost follows the path's depth, not the size of the table, and a global
 *     prefix shared by every route does not defeat it. Each node's own routes are ONE
 *     RegExp: an alternation of their patterns in
 *     priority order, each alternative ending with an empty marker group `()` — the only
 *     groups there are — so `match.indexOf('', 1)` (a native scan) is the winner's group and
 *     `routeAtGroup` maps it to the route. Params are then cut from the raw path by segment
 *     position (params.ts), not captured: fewer groups make every exec cheaper.
 *
 * Priority (whatever the declaration order): segment by segment from the left,
 * static > constrained param > param > wildcard, so `/users/me` beats `/users/:id` and
 * `/users/:id(\d+)` beats `/users/:slug`. Equal ranks that can still match the same path
 * (`:id(\d+)` and `:code([0-9a-f]+)`) are NOT a conflict: the one declared first wins.
 *
 * Methods:
 *   - HEAD falls back to GET: HEAD's table holds the HEAD routes, then the GET routes.
 *   - `ALL` routes match every method. Path specificity decides first; on the SAME pattern an
 *     explicit method route beats an ALL route (so `@All('/x')` + `@Get('/x')` is no conflict:
 *     GET /x goes to the @Get handler, anything else to @All). For HEAD: HEAD > GET > ALL.
 *   - A path that matches under other methods only answers `{ allow }`: the `Allow` value for
 *     405 and for OPTIONS (RFC 9110 §10.2.1, §9.3.7): the matching methods, HEAD when GET is
 *     there, and OPTIONS always (the dispatcher answers OPTIONS itself).
 *
 * Trailing slash: strict by default (`/a` ≠ `/a/`, like Fastify); `ignoreTrailingSlash: true`
 * drops one trailing slash from patterns and paths (like Express). See route-pattern.ts.
 *
 * Conflicts: two routes of the same method (or two ALL routes) whose patterns match exactly the
 * same paths — the same path twice, `/a/:x` and `/a/{y}`, identical constraints — are a
 * BootstrapError 'WW_ERR_ROUTE_CONFLICT' naming both owners (unless `rejectConflicts: false`,
 * then the first declared wins).
 */
import { BootstrapError } from '../bootstrap-error';
import { normalizePath } from './normalize-path';
import { DEFAULT_MAX_PARAM_LENGTH, makeParamsConstructor, ParamsConstructor, ParamSlot, RouteParams } from './params';
import { parsePattern, ParsedPattern, SegmentKind } from './route-pattern';

export const ROUTE_CONFLICT = 'WW_ERR_ROUTE_CONFLICT';

export interface RouteTableOptions {
  /** longest decoded param, in characters; longer → 414. Wildcards are exempt. Default 100. */
  maxParamLength?: number;
  /** two routes matching the same paths → BootstrapError (default true); false: first wins */
  rejectConflicts?: boolean;
  /**
   * false (default, like Fastify): `/a` and `/a/` are different paths. true (like Express's
   * default): one trailing slash is dropped from patterns and request paths, so both find `/a`;
   * `/a` and `/a/` declared together are then a conflict, and a wildcard `/f/*` also answers `/f`.
   */
  ignoreTrailingSlash?: boolean;
  /** a node of the dynamic-route tree with fewer routes stays one RegExp (default 8; tuning). */
  splitAt?: number;
}

/** A route was found: `params` is shared and frozen for static routes — do not mutate it. */
export interface RouteFound<T> {
  readonly route: T;
  readonly params: RouteParams;
  readonly allow: undefined;
}

/** The path exists, but not for this method: answer 405 (or OPTIONS) with this `Allow`. */
export interface MethodNotAllowed {
  readonly route: undefined;
  readonly params: undefined;
  readonly allow: string;
}

/** Found, method not allowed (`allow` defined), or null: no route has this path. */
export type RouteMatch<T> = RouteFound<T> | MethodNotAllowed | null;

export interface RouteDescription {
  readonly method: string;
  readonly pattern: string;
  readonly owner: string;
}

interface Entry<T> {
  readonly method: string;
  readonly pattern: string;
  readonly value: T;
  readonly owner: string;
  readonly parsed: ParsedPattern;
  readonly order: number;
}

/** A route as seen from one method's table: `tier` 0 own method, 1 GET serving HEAD, 2 ALL. */
interface Candidate<T> {
  readonly entry: Entry<T>;
  readonly tier: number;
}

class Found<T> implements RouteFound<T> {
  readonly allow = undefined;
  constructor(
    readonly route: T,
    readonly params: RouteParams,
  ) {}
}

class NotAllowed implements MethodNotAllowed {
  readonly route = undefined;
  readonly params = undefined;
  constructor(readonly allow: string) {}
}

class DynamicRoute<T> {
  constructor(
    readonly value: T,
    readonly Params: ParamsConstructor,
  ) {}
}

/** A node of the dynamic-route tree: routes sharing static segments up to its depth. */
interface DynamicGroup<T> {
  /** deeper nodes, by the raw text of the next segment when it is static; null: not split */
  readonly children: Map<string, DynamicGroup<T>> | null;
  /** this node's own routes (all of them when not split), as one RegExp; null: none */
  readonly regex: RegExp | null;
  readonly routeAtGroup: ReadonlyArray<DynamicRoute<T> | undefined>;
}

interface MethodTable<T> {
  readonly statics: Map<string, Found<T>>;
  readonly dynamic: DynamicGroup<T> | null;
}

const EMPTY_PARAMS: RouteParams = Object.freeze(Object.create(null));
const EMPTY_TABLE: MethodTable<never> = { statics: new Map(), dynamic: null };
const DEFAULT_SPLIT_AT = 8;
/** the order methods are listed in `Allow`; others follow alphabetically */
const METHOD_ORDER = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'];

export class RouteTable<T> {
  private readonly entries: Entry<T>[] = [];
  private readonly maxParamLength: number;
  private readonly rejectConflicts: boolean;
  private readonly ignoreTrailingSlash: boolean;
  private readonly splitAt: number;
  private tables = new Map<string, MethodTable<T>>();
  /** methods not declared anywhere: only ALL routes can answer them */
  private anyTable: MethodTable<T> = EMPTY_TABLE;
  /** declared methods in Allow order, with their tables, for the 405 path */
  private allowOrder: Array<[string, MethodTable<T>]> = [];
  private staticAllow = new Map<string, NotAllowed>();
  private allowByList = new Map<string, NotAllowed>();
  private compiled = false;
  private hasAllRoute = false;

  constructor(options: RouteTableOptions = {}) {
    this.maxParamLength = options.maxParamLength ?? DEFAULT_MAX_PARAM_LENGTH;
    this.rejectConflicts = options.rejectConflicts ?? true;
    this.ignoreTrailingSlash = options.ignoreTrailingSlash ?? false;
    this.splitAt = Math.max(1, options.splitAt ?? DEFAULT_SPLIT_AT);
  }

  /**
   * Declares a route. `method` is an HTTP method or 'ALL'; `owner` names who declared it
   * (`UsersController.findOne`) for errors. Throws BootstrapError on a malformed pattern or an
   * unsafe constraint. Call compile() after the last add().
   */
  add(method: string, pattern: string, value: T, owner: string): void {
    const m = method.toUpperCase();
    const parsed = parsePattern(pattern, `${m} ${pattern} (${owner})`, this.ignoreTrailingSlash);
    this.entries.push({ method: m, pattern, value, owner, parsed, order: this.entries.length });
    this.compiled = false;
  }

  /** Every declared route, in declaration order (for the route map logged at startup). */
  routes(): ReadonlyArray<RouteDescription> {
    return this.entries.map(({ method, pattern, owner }) => ({ method, pattern, owner }));
  }

  /** Builds the Maps and RegExps. Throws BootstrapError 'WW_ERR_ROUTE_CONFLICT'. */
  compile(): void {
    if (this.rejectConflicts) this.checkConflicts();
    const declared = new Set(this.entries.filter((e) => e.method !== 'ALL').map((e) => e.method));
    if (declared.has('GET')) declared.add('HEAD');
    const all = this.entries.filter((e) => e.method === 'ALL').map((entry) => ({ entry, tier: 2 }));
    const tables = new Map<string, MethodTable<T>>();
    for (const method of declared) {
      const own = this.entries.filter((e) => e.method === method).map((entry) => ({ entry, tier: 0 }));
      const get = method === 'HEAD' ? this.entries.filter((e) => e.method === 'GET').map((entry) => ({ entry, tier: 1 })) : [];
      tables.set(method, this.buildTable([...own, ...get, ...all]));
    }
    this.tables = tables;
    this.hasAllRoute = all.length > 0;
    this.anyTable = this.buildTable(all);
    this.allowOrder = [...declared].sort(byAllowOrder).map((m) => [m, tables.get(m)!]);
    this.allowByList = new Map();
    this.staticAllow = new Map();
    for (const table of tables.values()) {
      for (const path of table.statics.keys()) {
        const allow = this.computeAllow(path);
        if (allow !== null) this.staticAllow.set(path, allow);
      }
    }
    this.compiled = true;
  }

  /**
   * The `Allow` of `OPTIONS *` (RFC 9110 §9.3.7: the server as a whole): every method some
   * route declares, HEAD with GET, and OPTIONS, which the dispatcher answers on any path.
   */
  serverAllow(): string {
    const methods = this.allowOrder.map(([method]) => method);
    if (!methods.includes('OPTIONS')) methods.push('OPTIONS');
    return methods.join(', ');
  }

  /** Some route answers `method` on some path: it is declared (HEAD with GET), or an ALL route is. */
  answersMethod(method: string): boolean {
    return this.hasAllRoute || this.tables.has(method);
  }

  /**
   * Looks up the request path (no query, not decoded); params are cut from its normal form.
   * Throws HttpError 400 'WW_ERR_BAD_PATH_ENCODING' or 414 'WW_ERR_PARAM_TOO_LONG' while
   * decoding params.
   */
  match(method: string, path: string): RouteMatch<T> {
    if (!this.compiled) throw new Error('RouteTable.match() called before compile()');
    let rawPath = normalizePath(path);
    if (this.ignoreTrailingSlash && rawPath.length > 1 && rawPath.charCodeAt(rawPath.length - 1) === 47 /* / */) {
      rawPath = rawPath.slice(0, -1);
    }
    const table = this.tables.get(method) ?? this.anyTable;
    const found = table.statics.get(rawPath);
    if (found !== undefined) return found;
    const route = matchDynamic(table, rawPath);
    if (route !== undefined) return new Found(route.value, new route.Params(rawPath));
    // not hot: a 404 or a 405
    return this.staticAllow.get(rawPath) ?? this.computeAllow(rawPath);
  }

  private computeAllow(rawPath: string): NotAllowed | null {
    let list = '';
    let options = false;
    for (const [method, table] of this.allowOrder) {
      if (table.statics.has(rawPath) || matchDynamic(table, rawPath) !== undefined) {
        list += list === '' ? method : ', ' + method;
        if (method === 'OPTIONS') options = true;
      }
    }
    if (list === '') return null;
    // the dispatcher answers OPTIONS for any existing path, so it is always allowed
    if (!options) list += ', OPTIONS';
    let result = this.allowByList.get(list);
    if (result === undefined) {
      result = new NotAllowed(list);
      this.allowByList.set(list, result);
    }
    return result;
  }

  private checkConflicts(): void {
    const seen = new Map<string, Entry<T>>();
    for (const e of this.entries) {
      const key = e.method + ' ' + e.parsed.conflictKey;
      const first = seen.get(key);
      if (first === undefined) {
        seen.set(key, e);
        continue;
      }
      throw new BootstrapError(
        ROUTE_CONFLICT,
        `${e.method} ${e.pattern} (${e.owner}) matches the same paths as ${first.method} ${first.pattern} (${first.owner}). ` +
          'Remove one, or make them differ by a static segment or a constraint.',
      );
    }
  }

  private buildTable(candidates: Candidate<T>[]): MethodTable<T> {
    const ordered = candidates.slice().sort(byPriority);
    const statics = new Map<string, Found<T>>();
    // sorted, so each node's alternatives are in priority order too
    const dynamic: Entry<T>[] = [];
    for (const { entry } of ordered) {
      const { parsed } = entry;
      if (parsed.isStatic) {
        // the first one in is the winner (own method before GET-for-HEAD before ALL)
        if (!statics.has(parsed.rawPath)) statics.set(parsed.rawPath, new Found(entry.value, EMPTY_PARAMS));
        continue;
      }
      dynamic.push(entry);
    }
    return { statics, dynamic: dynamic.length === 0 ? null : this.buildGroup(dynamic, 0) };
  }

  /** `entries` share their static segments before `depth`; they stay in priority order. */
  private buildGroup(entries: Entry<T>[], depth: number): DynamicGroup<T> {
    // the root always splits: one Map.get keeps even a small table from one shared RegExp
    if (depth > 0 && entries.length < this.splitAt) return { children: null, ...this.buildRegex(entries) };
    const byText = new Map<string, Entry<T>[]>();
    const own: Entry<T>[] = [];
    for (const entry of entries) {
      const seg = entry.parsed.segments[depth];
      if (seg === undefined || seg.kind !== SegmentKind.Static) own.push(entry);
      else if (byText.has(seg.text)) byText.get(seg.text)!.push(entry);
      else byText.set(seg.text, [entry]);
    }
    const children = new Map<string, DynamicGroup<T>>();
    for (const [text, list] of byText) children.set(text, this.buildGroup(list, depth + 1));
    return { children, ...this.buildRegex(own) };
  }

  private buildRegex(entries: Entry<T>[]): Pick<DynamicGroup<T>, 'regex' | 'routeAtGroup'> {
    const routeAtGroup: Array<DynamicRoute<T> | undefined> = [undefined]; // group 0 is the whole match
    const alternatives: string[] = [];
    let group = 1;
    for (const { parsed, value } of entries) {
      let source = '';
      const slots: ParamSlot[] = [];
      parsed.segments.forEach((seg, index) => {
        source += '/';
        switch (seg.kind) {
          case SegmentKind.Static:
            source += escapeRegExp(seg.text);
            return;
          case SegmentKind.Param:
            source += '[^/]+';
            break;
          case SegmentKind.Constrained:
            // (?=[^/]) keeps a constrained param non-empty like a plain one
            source += `(?=[^/])(?:${seg.compiled})`;
            break;
          case SegmentKind.Wildcard:
            // non-strict: `/files` is `/files/` with its trailing slash dropped, so it matches too
            if (this.ignoreTrailingSlash) source = source.slice(0, -1) + '(?:/[^]*)?';
            else source += '[^]*';
            break;
        }
        const wildcard = seg.kind === SegmentKind.Wildcard;
        slots.push({ name: seg.text, segment: index, wildcard, max: wildcard ? -1 : this.maxParamLength });
      });
      routeAtGroup[group++] = new DynamicRoute(value, makeParamsConstructor(slots));
      alternatives.push(source + '()');
    }
    return { regex: alternatives.length === 0 ? null : new RegExp(`^(?:${alternatives.join('|')})$`), routeAtGroup };
  }
}

/** The dynamic route for a raw path, or undefined. */
function matchDynamic<T>(table: MethodTable<T>, rawPath: string): DynamicRoute<T> | undefined {
  return table.dynamic === null ? undefined : matchGroup(table.dynamic, rawPath, 1);
}

/** `start`: where the path's segment at this node's depth begins; -1: the path has no more. */
function matchGroup<T>(group: DynamicGroup<T>, rawPath: string, start: number): DynamicRoute<T> | undefined {
  if (group.children !== null && start >= 0 && group.children.size !== 0) {
    const slash = rawPath.indexOf('/', start);
    const child = group.children.get(slash < 0 ? rawPath.slice(start) : rawPath.slice(start, slash));
    if (child !== undefined) {
      const found = matchGroup(child, rawPath, slash < 0 ? -1 : slash + 1);
      if (found !== undefined) return found;
    }
  }
  if (group.regex === null) return undefined;
  const m = group.regex.exec(rawPath);
  return m === null ? undefined : group.routeAtGroup[m.indexOf('', 1)];
}

/** Segment ranks left to right, then fewer segments, then tier, then declaration order. */
function byPriority<T>(a: Candidate<T>, b: Candidate<T>): number {
  const sa = a.entry.parsed.segments;
  const sb = b.entry.parsed.segments;
  const n = Math.min(sa.length, sb.length);
  for (let i = 0; i < n; i++) {
    if (sa[i].kind !== sb[i].kind) return sa[i].kind - sb[i].kind;
  }
  return sa.length - sb.length || a.tier - b.tier || a.entry.order - b.entry.order;
}

function byAllowOrder(a: string, b: string): number {
  const ia = METHOD_ORDER.indexOf(a);
  const ib = METHOD_ORDER.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return a < b ? -1 : a > b ? 1 : 0;
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}
