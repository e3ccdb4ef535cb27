import { expect } from 'chai';
import vm from 'node:vm';
import { z } from 'zod';
import { BadRequestException } from '../../../src/core/exceptions/http-exception';
import { SchemaValidationPipe } from '../../../src/core/pipes/schema-pipe';
import { isStandardSchema, type StandardSchemaV1 } from '../../../src/core/pipes/standard-schema';

const meta = { type: 'body' as const, metatype: Object, data: undefined };

describe('SchemaValidationPipe', () => {
  const schema = z.object({ name: z.string(), age: z.number().int().min(0), tags: z.array(z.string()).default([]) });

  it('recognises a zod 4 schema as a Standard Schema', () => {
    expect(isStandardSchema(schema)).to.equal(true);
    expect(isStandardSchema({ transform() {} })).to.equal(false);
    expect(isStandardSchema(null)).to.equal(false);
  });

  it("returns the schema's output (defaults applied)", () => {
    expect(new SchemaValidationPipe(schema).transform({ name: 'a', age: 3 }, meta)).to.deep.equal({ name: 'a', age: 3, tags: [] });
  });

  it('throws 400 listing each issue with its path and message', () => {
    try {
      new SchemaValidationPipe(schema).transform({ name: 5, age: -1 }, meta);
      expect.fail('should have thrown');
    } catch (error) {
      expect(error).to.be.instanceOf(BadRequestException);
      const body = (error as BadRequestException).getResponse() as { issues: { path: string; message: string }[]; message: string };
      expect(body.issues.map((i) => i.path)).to.deep.equal(['name', 'age']);
      expect(body.issues.every((i) => i.message.length > 0)).to.equal(true);
      expect(body.message).to.contain('name:').and.contain('age:');
    }
  });

  it('joins nested paths with dots, including path segments given as { key }', () => {
    const custom: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'test', validate: () => ({ issues: [{ message: 'bad', path: ['items', { key: 2 }, 'id'] }] }) },
    };
    try {
      new SchemaValidationPipe(custom).transform({}, meta);
      expect.fail('should have thrown');
    } catch (error) {
      const body = (error as BadRequestException).getResponse() as { issues: { path: string }[] };
      expect(body.issues[0].path).to.equal('items.2.id');
    }
  });

  it('awaits a schema that validates asynchronously', async () => {
    const asyncSchema: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'test', validate: async (v) => ({ value: { wrapped: v } }) },
    };
    const out = new SchemaValidationPipe(asyncSchema).transform(1, meta);
    expect(out).to.be.instanceOf(Promise);
    expect(await out).to.deep.equal({ wrapped: 1 });
  });

  it('refuses with 400 when an async schema answers with a promise of another realm (regression: validation was skipped)', async () => {
    // A Promise made in a vm context (as under some test runners) is not `instanceof Promise` here.
    const failing = { issues: [{ message: 'too short' }] };
    const foreign: StandardSchemaV1 = {
      '~standard': { version: 1, vendor: 'test', validate: () => vm.runInNewContext('Promise.resolve(result)', { result: failing }) },
    };
    const error = await Promise.resolve(new SchemaValidationPipe(foreign).transform('x', meta)).then(() => undefined, (e: unknown) => e);
    expect(error).to.be.instanceOf(BadRequestException);
  });

  it('stays synchronous for a synchronous schema', () => {
    expect(new SchemaValidationPipe(z.string()).transform('x', meta)).to.equal('x');
  });
});
