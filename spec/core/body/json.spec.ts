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

  it('costs about what JSON.parse costs when the text holds a \\u escape (regression: a reviver call per value made one escape in a 1 MiB array cost ten times as much)', () => {
    // One escape, or the word 'proto' anywhere, sent the whole body through a per-value
    // reviver. Compared with JSON.parse of the same text, best of three, so that a busy
    // machine slows both sides alike; the bound is loose (the bug was 8-12x).
    const text = '[' + '0,'.repeat(500_000) + '"\\u0041"]';
    const best = (fn: () => unknown) => {
      let min = Infinity;
      for (let i = 0; i < 3; i++) {
        const start = performance.now();
        fn();
        min = Math.min(min, performance.now() - start);
      }
      return min;
    };
    const plain = best(() => JSON.parse(text));
    const safe = best(() => parseJsonSafe(text));
    expect(safe / plain, `parseJsonSafe ${safe.toFixed(1)} ms, JSON.parse ${plain.toFixed(1)} ms`).to.be.below(4);
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
