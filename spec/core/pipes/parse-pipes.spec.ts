import { expect } from 'chai';
import fc from 'fast-check';
import { HttpException } from '../../../src/core/exceptions/http-exception';
import type { ArgumentMetadata } from '../../../src/core/pipes/pipe';
import {
  DefaultValuePipe, ParseBoolPipe, ParseEnumPipe, ParseFloatPipe, ParseIntPipe, ParseUUIDPipe,
} from '../../../src/core/pipes/parse-pipes';

const meta: ArgumentMetadata = { type: 'param', metatype: String, data: 'id' };

function statusOf(fn: () => unknown): number | undefined {
  try {
    fn();
  } catch (error) {
    return error instanceof HttpException ? error.status : -1;
  }
  return undefined;
}

describe('ParseIntPipe', () => {
  const pipe = new ParseIntPipe();
  it('turns a decimal string into a number', () => {
    expect(pipe.transform('42', meta)).to.equal(42);
    expect(pipe.transform('-7', meta)).to.equal(-7);
  });
  it('refuses a string with trailing junk with 400 (parseInt would accept it)', () => {
    expect(statusOf(() => pipe.transform('12abc', meta))).to.equal(400);
  });
  it('refuses decimals, blanks, and integers past 2^53', () => {
    for (const v of ['1.5', '', ' ', '9007199254740993', undefined]) expect(statusOf(() => pipe.transform(v, meta))).to.equal(400);
  });
  it('names the parameter in its message', () => {
    try {
      pipe.transform('x', meta);
    } catch (error) {
      expect((error as Error).message).to.contain("param 'id'").and.contain('numeric string is expected');
    }
  });
  it('lets undefined through when optional', () => {
    expect(new ParseIntPipe({ optional: true }).transform(undefined, meta)).to.equal(undefined);
  });
  it('answers the configured status instead of 400', () => {
    expect(statusOf(() => new ParseIntPipe({ errorHttpStatusCode: 422 }).transform('x', meta))).to.equal(422);
  });
  it("refuses a sign, blanks, hex and exponents around the digits, as Nest's /^-?\\d+$/ does (regression: '+5' was 5)", () => {
    for (const v of ['+5', ' 5', '5 ', '0x10', '1e3', '', '-', '5\n']) expect(statusOf(() => pipe.transform(v, meta)), JSON.stringify(v)).to.equal(400);
  });
  it('refuses an integer string past the safe range instead of rounding it', () => {
    for (const v of ['9007199254740992', '-9007199254740992', '9007199254740993', '1'.repeat(400)]) {
      expect(statusOf(() => pipe.transform(v, meta)), v).to.equal(400);
    }
    expect(pipe.transform('9007199254740991', meta)).to.equal(Number.MAX_SAFE_INTEGER);
  });
  it("reads leading zeros as Nest does ('0012' is 12) and '-0' as 0, not -0", () => {
    expect(pipe.transform('0012', meta)).to.equal(12);
    expect(Object.is(pipe.transform('-0', meta), 0)).to.equal(true);
  });
  it('round-trips every safe integer', () => {
    fc.assert(fc.property(fc.maxSafeInteger(), (n) => pipe.transform(String(n), meta) === n));
  });
});

describe('ParseFloatPipe', () => {
  const pipe = new ParseFloatPipe();
  it('turns decimal and exponent strings into numbers', () => {
    expect(pipe.transform('3.25', meta)).to.equal(3.25);
    expect(pipe.transform('-1e3', meta)).to.equal(-1000);
    expect(pipe.transform('.5', meta)).to.equal(0.5);
  });
  it('refuses Infinity, NaN and junk with 400', () => {
    for (const v of ['Infinity', 'NaN', '1.2.3', 'abc', '']) expect(statusOf(() => pipe.transform(v, meta))).to.equal(400);
  });
});

describe('ParseBoolPipe', () => {
  const pipe = new ParseBoolPipe();
  it("reads 'true' and 'false'", () => {
    expect(pipe.transform('true', meta)).to.equal(true);
    expect(pipe.transform('false', meta)).to.equal(false);
  });
  it('refuses anything else with 400', () => {
    for (const v of ['1', 'yes', 'TRUE', '']) expect(statusOf(() => pipe.transform(v, meta))).to.equal(400);
  });
});

describe('ParseUUIDPipe', () => {
  it('accepts an RFC 9562 UUID of any version', () => {
    const pipe = new ParseUUIDPipe();
    expect(pipe.transform('123e4567-e89b-12d3-a456-426614174000', meta)).to.equal('123e4567-e89b-12d3-a456-426614174000');
    expect(pipe.transform('0190a5e2-5c3b-7d4e-8f00-123456789abc', meta)).to.be.a('string');
  });
  it('accepts the Nil and Max UUIDs of RFC 9562 §5.9 and §5.10 when no version is asked for', () => {
    const pipe = new ParseUUIDPipe();
    expect(pipe.transform('00000000-0000-0000-0000-000000000000', meta)).to.equal('00000000-0000-0000-0000-000000000000');
    expect(pipe.transform('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', meta)).to.equal('FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF');
    expect(statusOf(() => new ParseUUIDPipe({ version: '4' }).transform('00000000-0000-0000-0000-000000000000', meta))).to.equal(400);
  });
  it('refuses a malformed UUID with 400', () => {
    const pipe = new ParseUUIDPipe();
    for (const v of ['123e4567e89b12d3a456426614174000', 'not-a-uuid', '123e4567-e89b-02d3-a456-426614174000']) {
      expect(statusOf(() => pipe.transform(v, meta))).to.equal(400);
    }
  });
  it('refuses another version when one is asked for', () => {
    const v4 = new ParseUUIDPipe({ version: '4' });
    expect(statusOf(() => v4.transform('123e4567-e89b-12d3-a456-426614174000', meta))).to.equal(400);
    expect(v4.transform('9b2f1c3e-4d5a-4b6c-9d7e-0f1a2b3c4d5e', meta)).to.be.a('string');
  });
});

describe('ParseEnumPipe', () => {
  enum Color { Red = 'red', Blue = 'blue' }
  enum Level { Low, High }
  it('accepts a value of a string enum', () => {
    expect(new ParseEnumPipe(Color).transform('red', meta)).to.equal(Color.Red);
  });
  it('accepts a numeric enum value sent as a string and returns the number', () => {
    expect(new ParseEnumPipe(Level).transform('1', meta)).to.equal(Level.High);
  });
  it('refuses a value outside the enum, and a numeric enum member name, with 400', () => {
    expect(statusOf(() => new ParseEnumPipe(Color).transform('green', meta))).to.equal(400);
    expect(statusOf(() => new ParseEnumPipe(Level).transform('High', meta))).to.equal(400);
  });
  it('refuses the member names of a numeric enum with negative or fractional values (regression: returned the name)', () => {
    enum Odd { Below = -1, Half = 1.5, Two = 2 }
    const pipe = new ParseEnumPipe(Odd);
    expect(statusOf(() => pipe.transform('Below', meta))).to.equal(400);
    expect(statusOf(() => pipe.transform('Half', meta))).to.equal(400);
    expect([pipe.transform('-1', meta), pipe.transform('1.5', meta), pipe.transform('2', meta)]).to.deep.equal([-1, 1.5, 2]);
  });
  it('keeps a string enum member whose value looks like a number', () => {
    enum Code { A = '1', B = 'B' }
    expect([new ParseEnumPipe(Code).transform('1', meta), new ParseEnumPipe(Code).transform('B', meta)]).to.deep.equal(['1', 'B']);
  });
});

describe('DefaultValuePipe', () => {
  const pipe = new DefaultValuePipe(10);
  it('replaces undefined, null and NaN', () => {
    expect(pipe.transform(undefined)).to.equal(10);
    expect(pipe.transform(null)).to.equal(10);
    expect(pipe.transform(NaN)).to.equal(10);
  });
  it('keeps a value that is there', () => {
    expect(pipe.transform('3')).to.equal('3');
  });
  it("keeps an empty string, as Nest does: '?limit=' is a value, which ParseIntPipe then refuses", () => {
    expect(pipe.transform('')).to.equal('');
  });
});

describe('parse pipe options', () => {
  it('refuses an errorHttpStatusCode that is not a 4xx or 5xx where the pipe is made (regression: every refusal became a 500)', () => {
    expect(() => new ParseIntPipe({ errorHttpStatusCode: 200 })).to.throw(TypeError, /ParseIntPipe.*errorHttpStatusCode.*200/);
    expect(() => new ParseBoolPipe({ errorHttpStatusCode: '422' as unknown as number })).to.throw(TypeError, /ParseBoolPipe/);
  });

  it('refuses a UUID version that is not 1 to 8 where the pipe is made (regression: every UUID was refused)', () => {
    expect(() => new ParseUUIDPipe({ version: 'all' as '4' })).to.throw(TypeError, /ParseUUIDPipe.*"all"/);
    expect(() => new ParseUUIDPipe({ version: '9' as '4' })).to.throw(TypeError);
  });
});
