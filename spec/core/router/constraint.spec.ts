import { expect } from 'chai';
import { BootstrapError } from '../../../src/core/bootstrap-error';
import { RouteTable } from '../../../src/core/router';

const OWNER = 'UsersController.findOne';

function addError(pattern: string): BootstrapError {
  const t = new RouteTable<string>();
  try {
    t.add('GET', pattern, 'v', OWNER);
  } catch (e) {
    expect(e).to.be.instanceOf(BootstrapError);
    return e as BootstrapError;
  }
  throw new Error(`expected ${pattern} to be refused`);
}

function accepted(pattern: string): RouteTable<string> {
  const t = new RouteTable<string>();
  t.add('GET', pattern, 'v', OWNER);
  t.compile();
  return t;
}

describe('route constraints', () => {
  describe('ReDoS refusals', () => {
    for (const [shape, pattern] of [
      ['a nested + quantifier', '/u/:id((?:a+)+)'],
      ['a nested * quantifier', '/u/:id((?:a*)*)'],
      ['an alternation inside a repeated group', '/u/:id((?:a|a)*)'],
      ['a quantifier inside a counted repeat', '/u/:id((?:\\d+){2,5})'],
      ['an optional inside a repeated group', '/u/:id((?:a?)+)'],
      ['a repeat of a group holding a deeper quantifier', '/u/:id((?:x(?:a+))+)'],
      ['a capturing nested quantifier (a+)+', '/u/:id((a+)+)'],
      ['two adjacent repeats of the same class', '/u/:id(\\w+\\w+)'],
      ['two repeats split by a character both can take', '/u/:id(\\w+a\\w+)'],
      ['two repeats split only by an optional character', '/u/:id(\\d*-?\\d+)'],
      ['two repeats split by a separator the first repeat can take', '/u/:id([\\w-]+-[\\w-]+)'],
      ['a repeat followed by an optional group starting with a shared character', '/u/:id(\\w+(?:x\\w+)?)'],
      ['a wide counted repeat beside an unbounded one', '/u/:id(\\w{1,50}\\w+)'],
      ['two dots with +', '/u/:id(.+.+)'],
    ]) {
      it(`refuses ${shape} with WW_ERR_UNSAFE_ROUTE_CONSTRAINT`, () => {
        expect(addError(pattern).code).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
      });
    }

    it('names the route owner and the pattern in the refusal', () => {
      const e = addError('/users/:id((?:a+)+)');
      expect(e.message).to.include(OWNER).and.include('/users/:id((?:a+)+)');
    });

    it('refuses a numbered backreference', () => {
      expect(addError('/u/:id(a\\1)').code).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
    });

    it('refuses a named backreference', () => {
      expect(addError('/u/:id(a\\k<x>)').code).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
    });

    for (const look of ['(?=a)', '(?!a)', '(?<=a)', '(?<!a)']) {
      it(`refuses the lookaround ${look}`, () => {
        expect(addError(`/u/:id(${look}\\w+)`).code).to.equal('WW_ERR_UNSAFE_ROUTE_CONSTRAINT');
      });
    }

  });

  describe('shapes that would break the combined RegExp', () => {
    it('refuses a capturing group and suggests (?:...)', () => {
      const e = addError('/u/:id((a|b)c)');
      expect([e.code, e.message.includes('(?:...)')]).to.deep.equal(['WW_ERR_BAD_ROUTE_PATTERN', true]);
    });

    it('refuses a named capturing group', () => {
      expect(addError('/u/:id((?<n>a))').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses anchors', () => {
      expect([addError('/u/:id(^\\d+)').code, addError('/u/:id(\\d+$)').code]).to.deep.equal(['WW_ERR_BAD_ROUTE_PATTERN', 'WW_ERR_BAD_ROUTE_PATTERN']);
    });

    it("refuses a '/' that could never match inside a segment", () => {
      expect(addError('/u/{id:a\\/b}').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses an empty constraint', () => {
      expect(addError('/u/:id()').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses an invalid regular expression', () => {
      expect(addError('/u/:id([z-a])').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses stacked quantifiers', () => {
      expect(addError('/u/:id(a{2}*)').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });

    it('refuses a dangling quantifier', () => {
      expect(addError('/u/:id(+a)').code).to.equal('WW_ERR_BAD_ROUTE_PATTERN');
    });
  });

  describe('accepted constraints', () => {
    for (const [name, pattern, yes, no] of [
      ['digits', '/u/:id(\\d+)', '123', '12a'],
      ['a character class', '/u/:id([a-z0-9-]+)', 'my-slug-2', 'My'],
      ['a counted repeat', '/u/{id:\\d{2,4}}', '123', '12345'],
      ['a top-level alternation', '/u/:id(json|xml)', 'xml', 'yaml'],
      ['a repeated group without inner quantifiers', '/u/:id((?:ab)+)', 'abab', 'aba'],
      ['an optional group holding a quantifier', '/u/:id(v\\d+(?:-\\w+)?)', 'v2-beta', 'v-beta'],
      ['a UUID', '/u/:id([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})', '123e4567-e89b-12d3-a456-426614174000', '123e4567'],
      ['a dot and escapes', '/u/:id(\\w+\\.json)', 'a.json', 'ajson'],
      ['a semantic version', '/u/:id(\\d+\\.\\d+\\.\\d+)', '1.20.3', '1.2'],
      ['repeats kept apart by a separator', '/u/:id([a-z]+-[a-z]+)', 'ab-cd', 'ab-'],
      ['a repeat closed by the first character of an optional group', '/u/:id(v\\d+(?:-\\w+)?)', 'v12-rc1', 'v-1'],
      ['a short counted repeat before an unbounded one', '/u/:id(\\d{1,3}\\w+)', '12ab', '1'],
      ['a repeat followed by a bounded alternation', '/u/:id([a-z]+(?:json|xml))', 'datajson', 'json'],
    ] as const) {
      it(`accepts ${name} and applies it`, () => {
        const t = accepted(pattern);
        expect([t.match('GET', `/u/${yes}`)?.params?.id, t.match('GET', `/u/${no}`)]).to.deep.equal([yes, null]);
      });
    }

    it('keeps \\D inside its segment', () => {
      expect(accepted('/u/:id(\\D+)/x').match('GET', '/u/a/b/x')).to.equal(null);
    });

    it('keeps a range spanning / inside its segment', () => {
      expect(accepted('/u/:id([!-~]+)/x').match('GET', '/u/a/b/x')).to.equal(null);
    });

    it('keeps a \\x2f escape from matching a /', () => {
      expect(accepted('/u/:id(a\\x2fb)/x').match('GET', '/u/a/b/x')).to.equal(null);
    });
  });
});
