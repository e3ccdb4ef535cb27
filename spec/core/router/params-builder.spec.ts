import { expect } from 'chai';
import { loopConstructor, makeParamsConstructor, ParamSlot } from '../../../src/core/router/params';

const SLOTS: ParamSlot[] = [
  { name: 'org', segment: 1, wildcard: false, max: 100 },
  { name: 'repo', segment: 3, wildcard: false, max: 100 },
  { name: 'rest', segment: 4, wildcard: true, max: -1 },
];
const PATHS = ['/orgs/acme/repos/web/src/a%20b.ts', '/orgs/a%2Fb/repos/x/', '/orgs/o/repos/r/a/b/c'];

describe('params constructors', () => {
  it('cut each param out of its segment of the raw path', () => {
    const Params = makeParamsConstructor(SLOTS);
    expect({ ...new Params(PATHS[0]) }).to.deep.equal({ org: 'acme', repo: 'web', rest: 'src/a b.ts' });
  });

  it('build the same params without code generation', () => {
    const generated = makeParamsConstructor(SLOTS);
    const looped = loopConstructor(SLOTS);
    expect(PATHS.map((p) => ({ ...new looped(p) }))).to.deep.equal(PATHS.map((p) => ({ ...new generated(p) })));
  });
});
