import { expect } from 'chai';
import fc from 'fast-check';
import { MAX_JSON_DEPTH, parseJsonSafe } from '../../../src/core/body/json';
import { HttpException } from '../../../src/core/exceptions/http-exception';

/** The status and message of the HttpException `fn` throws. */
function statusAndMessage(fn: () => unknown): [number, string] {
  try {
    fn();
  } catch (error) {
    expect(error).to.be.instanceOf(HttpException);
    return [(error as HttpException).status, (error as HttpException).message];
  }
  return expect.fail('should have thrown');
}

describe('parseJsonSafe', () => {
  const DANGEROUS = new Set(['__proto__', 'constructor', 'prototype']);

  it('parses ordinary JSON as JSON.parse does', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      // fast-check likes to generate these very keys; JSON holding them is the next property's
      fc.pre(![...DANGEROUS].some((key) => text.includes(`"${key}":`)));
      expect(parseJsonSafe(text)).to.deep.equal(JSON.parse(text));
    }));
  });

  it('parses any JSON as JSON.parse does, minus the __proto__, constructor and prototype keys', () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => {
      const text = JSON.stringify(value);
      const reference = JSON.parse(text, (key, v) => (DANGEROUS.has(key) ? undefined : v));
      expect(parseJsonSafe(text)).to.deep.equal(reference);
    }), { numRuns: 300 });
  });

  it('drops __proto__ keys so they never reach an object', () => {
    const out = parseJsonSafe('{"a":1,"__proto__":{"polluted":true},"b":{"__proto__":{"x":1}}}') as Record<string, unknown>;
    expect(Object.prototype.hasOwnProperty.call(out, '__proto__')).to.equal(false);
    expect(Object.keys(out)).to.deep.equal(['a', 'b']);
    expect(({} as Record<string, unknown>).polluted).to.equal(undefined);
  });

  it('drops constructor and prototype keys at any depth', () => {
    const out = parseJsonSafe('{"constructor":{"prototype":{"p":1}},"list":[{"prototype":1,"k":2}]}');
    expect(out).to.deep.equal({ list: [{ k: 2 }] });
  });

  it('drops the keys when they are spelled with \\u escapes', () => {
    const out = parseJsonSafe('{"\\u005f_proto__":{"polluted":true},"constructo\\u0072":{"protot\\u0079pe":{"p":1}},"k":"\\u0041"}');
    expect(out).to.deep.equal({ k: 'A' });
  });

  it('drops the keys however their letters are escaped', () => {
    fc.assert(fc.property(
      fc.constantFrom(...DANGEROUS),
      fc.array(fc.boolean(), { minLength: 11, maxLength: 11 }),
      (key, escapeAt) => {
        const spelled = [...key].map((ch, i) => (escapeAt[i] ? `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}` : ch)).join('');
        expect(parseJsonSafe(`{"${spelled}":{"x":1},"kept":1}`)).to.deep.equal({ kept: 1 });
      },
    ));
  });

  it('answers 400 for JSON nested 100,000 deep (regression: it was accepted, and the first recursive walk of it overflowed the stack as a 500)', () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    expect(statusAndMessage(() => parseJsonSafe(deep))).to.deep.equal([400, `The request body nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels; send a flatter document`]);
  });

  it('answers the same 400 for deep JSON that holds the dropped keys', () => {
    const deep = '{"prototype":'.repeat(50_000) + '1' + '}'.repeat(50_000);
    expect(statusAndMessage(() => parseJsonSafe(deep))[1]).to.contain(`deeper than ${MAX_JSON_DEPTH} levels`);
  });

  it('accepts 1000 levels of nesting and refuses 1001', () => {
    expect(MAX_JSON_DEPTH).to.equal(1000);
    const nested = (depth: number) => '{"a":'.repeat(depth - 1) + '[]' + '}'.repeat(depth - 1);
    expect(() => parseJsonSafe(nested(1000))).not.to.throw();
    expect(statusAndMessage(() => parseJsonSafe(nested(1001)))[0]).to.equal(400);
  });

  it('does not count brackets inside strings, escaped quotes included, as nesting', () => {
    const text = JSON.stringify({ s: '['.repeat(MAX_JSON_DEPTH + 50) + '\\"' + '{'.repeat(MAX_JSON_DEPTH + 50), t: ['"[['] });
    expect(parseJsonSafe(text)).to.deep.equal(JSON.parse(text));
  });

  it('parses a text holding a \\u escape without a reviver (regression: a reviver call per value made one escape in a 1 MiB array of numbers cost 10-25 times JSON.parse)', () => {
    // Counted, not timed: a reviver is JSON.parse's second argument, called once per value.
    const original = JSON.parse;
    const revivers: unknown[] = [];
    JSON.parse = ((text: string, reviver?: unknown) => {
      revivers.push(reviver);
      return original(text);
    }) as typeof JSON.parse;
    try {
      expect(parseJsonSafe('[0,1,2,"\\u0041",{"\\u005f_proto__":{"x":1},"ok":true}]')).to.deep.equal([0, 1, 2, 'A', { ok: true }]);
    } finally {
      JSON.parse = original;
    }
    expect(revivers).to.deep.equal([undefined]);
  });

  it('answers 400 for malformed JSON', () => {
    try {
      parseJsonSafe('{"a":');
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(HttpException);
      expect((error as HttpException).status).to.equal(400);
    }
  });
});
