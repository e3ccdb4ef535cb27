import { expect } from 'chai';
import { isSaneRequestId, RequestIdGenerator } from '../../src/ops/request-id';

describe('request ids', () => {
  it('keeps a UUID sent by the client', () => {
    expect(isSaneRequestId('0b6f1a4e-3c1d-4b8e-9a43-2f0e5f0d8c11')).to.equal(true);
  });

  it('refuses an id with spaces, quotes or control characters', () => {
    for (const bad of ['a b', 'a"b', 'a\u0001b', 'é', '']) expect(isSaneRequestId(bad), JSON.stringify(bad)).to.equal(false);
  });

  it('refuses an id longer than 128 characters', () => {
    expect(isSaneRequestId('a'.repeat(129))).to.equal(false);
    expect(isSaneRequestId('a'.repeat(128))).to.equal(true);
  });

  it('generates ids that are unique and themselves sane', () => {
    const generator = new RequestIdGenerator();
    const ids = new Set<string>();
    for (let i = 0; i < 10_000; i++) ids.add(generator.next());
    expect(ids.size).to.equal(10_000);
    for (const id of ids) expect(isSaneRequestId(id)).to.equal(true);
  });
});
