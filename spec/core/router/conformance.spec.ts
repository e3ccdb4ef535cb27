/**
 * The compiled RouteTable and the naive ReferenceMatcher must give the same answer — route,
 * params, Allow list or error status — for generated route sets and paths. Segments come from
 * a tiny alphabet so routes collide, shadow and conflict often; paths are mostly built from the
 * routes so that they match, with values that exercise constraints, %-escapes (%2F, bad
 * escapes, escaped unreserved characters, lower-case hex) and the param length limit; static
 * segments are sometimes sent with every character escaped.
 */
import { expect } from 'chai';
import fc from 'fast-check';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { HttpError } from '../../../src/http/errors';
import { RouteTable } from '../../../src/core/router';
import { ReferenceMatcher, RefResult, RefRoute, RefSegment } from './reference-matcher';

const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'OPTIONS', 'PATCH', 'PROPFIND'];
const ROUTE_METHODS = ['GET', 'GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'ALL'];
const STATIC = ['a', 'b', 'ab', '', 'é', 'x y'];
const CONSTRAINTS = ['\\d+', '[a-z]+', '[ab]', '\\d', 'a|b', '.+', '[^b]+', '(?:ab)+', '\\w+\\.txt'];
const VALUES = ['a', 'b', 'ab', '1', '12', 'c', '%41', '%2F', 'a%2fb', '%zz', '%C3', 'f.txt', 'x'.repeat(101), '%41'.repeat(34), '%61', '%7e%2e', '%c3%a9', '%%34%31'];

const segmentArb: fc.Arbitrary<RefSegment> = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...STATIC).map((text): RefSegment => ({ kind: 'static', text })) },
  { weight: 2, arbitrary: fc.constant<RefSegment>({ kind: 'param', name: '' }) },
  { weight: 2, arbitrary: fc.constantFrom(...CONSTRAINTS).map((constraint): RefSegment => ({ kind: 'constrained', name: '', constraint })) },
);

const routeArb = fc
  .record({
    method: fc.constantFrom(...ROUTE_METHODS),
    segments: fc.array(segmentArb, { minLength: 0, maxLength: 3 }),
    wildcard: fc.nat({ max: 3 }).map((n) => n === 0),
    braces: fc.boolean(),
  })
  .map(({ method, segments, wildcard, braces }) => {
    const segs: RefSegment[] = segments.map((s, i) => (s.kind === 'static' ? s : { ...s, name: `p${i}` }));
    if (wildcard) segs.push({ kind: 'wildcard', name: 'rest' });
    if (segs.length === 0) segs.push({ kind: 'static', text: '' });
    return { method, segments: segs, braces };
  });

function render(segments: readonly RefSegment[], braces: boolean): string {
  return (
    '/' +
    segments
      .map((s) => {
        switch (s.kind) {
          case 'static':
            return s.text;
          case 'param':
            return braces ? `{${s.name}}` : `:${s.name}`;
          case 'constrained':
            return braces ? `{${s.name}:${s.constraint}}` : `:${s.name}(${s.constraint})`;
          case 'wildcard':
            return `*${s.name}`;
        }
      })
      .join('/')
  );
}

/** A path built from a route's shape (so it likely matches), from a random choice stream. */
function pathFrom(segments: readonly RefSegment[], pick: () => number): string {
  const value = (): string => VALUES[pick() % VALUES.length];
  const parts = segments.map((s) => {
    if (s.kind === 'static') return pick() % 3 === 0 ? escapeEvery(s.text) : encodeURIComponent(s.text);
    if (s.kind === 'wildcard') return Array.from({ length: pick() % 4 }, value).join('/');
    return value();
  });
  return '/' + parts.join('/');
}

/** `ab` as `%61%62`, `é` as `%c3%a9`: an equivalent spelling (RFC 3986 §6.2.2), lower-case hex. */
function escapeEvery(text: string): string {
  return [...Buffer.from(text)].map((b) => '%' + b.toString(16).padStart(2, '0')).join('');
}

function compiledAnswer(table: RouteTable<string>, method: string, path: string): RefResult {
  try {
    const m = table.match(method, path);
    if (m === null) return null;
    if (m.allow !== undefined) return { allow: m.allow };
    return { route: m.route, params: { ...m.params } };
  } catch (e) {
    if (e instanceof HttpError) return { status: e.status };
    throw e;
  }
}

describe('RouteTable conformance with the reference matcher', () => {
  it('gives the same route, params, Allow list or error for every generated case', () => {
    fc.assert(
      fc.property(
        fc.array(routeArb, { minLength: 1, maxLength: 8 }),
        fc.array(fc.tuple(fc.constantFrom(...METHODS, 'own', 'own', 'own', 'own'), fc.nat(), fc.array(fc.nat({ max: 1000 }), { minLength: 8, maxLength: 8 })), {
          minLength: 1,
          maxLength: 25,
        }),
        fc.boolean(),
        // how small a node of the dynamic-route tree may be split: 1 splits every static segment
        fc.constantFrom(1, 2, 8),
        (generated, requests, ignoreTrailingSlash, splitAt) => {
          const routes: RefRoute[] = generated.map((r, i) => ({ method: r.method, segments: r.segments, value: `r${i}`, owner: `C.m${i}` }));
          const table = new RouteTable<string>({ ignoreTrailingSlash, splitAt });
          generated.forEach((r, i) => table.add(r.method, render(r.segments, r.braces), routes[i].value, routes[i].owner));
          const reference = new ReferenceMatcher(routes, { ignoreTrailingSlash });
          try {
            table.compile();
          } catch (e) {
            // a set the table refuses must be one the reference also sees as conflicting
            expect(e).to.be.instanceOf(BootstrapError);
            expect((e as BootstrapError).code).to.equal('WW_ERR_ROUTE_CONFLICT');
            const pair = reference.conflict();
            expect(pair, `reference sees no conflict, table says: ${(e as Error).message}`).to.not.equal(null);
            expect((e as Error).message).to.include(`(${pair![0]})`).and.include(`(${pair![1]})`);
            return;
          }
          expect(reference.conflict(), 'the table accepted a set the reference sees as conflicting').to.equal(null);
          const described = routes.map((r, i) => `${r.method} ${render(r.segments, generated[i].braces)}`).join(', ');
          for (const [methodChoice, which, choices] of requests) {
            let k = 0;
            const pick = (): number => choices[k++ % choices.length];
            // most requests use the method of the route their path is built from
            const own = routes[which % routes.length].method;
            const method = methodChoice !== 'own' ? methodChoice : own === 'ALL' ? 'PATCH' : own;
            // 1 in 8 paths is random noise from a route of another shape; the rest follow a route
            const shape = routes[which % routes.length].segments;
            const path = which % 8 === 0 ? pathFrom(routes[(which >> 3) % routes.length].segments.slice(0, 1 + (pick() % 3)), pick) : pathFrom(shape, pick);
            const expected = reference.match(method, path);
            expect(compiledAnswer(table, method, path), `${method} ${path} with ${described}`).to.deep.equal(expected);
          }
        },
      ),
      { numRuns: 400 },
    );
  });
});
