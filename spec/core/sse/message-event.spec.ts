/** encodeEvent: the event-stream wire format (WHATWG HTML §9.2.6) and the events it refuses. */
import { expect } from 'chai';
import { SseEventError } from '../../../src/core/sse/errors';
import { encodeEvent } from '../../../src/core/sse/message-event';

const encode = (event: unknown) => encodeEvent(event, 'Feed.events');

describe('encodeEvent', () => {
  it('writes id, event and retry before the data, and a blank line after', () => {
    expect(encode({ data: 'hi', id: 3, event: 'tick', retry: 500 })).to.equal('id: 3\nevent: tick\nretry: 500\ndata: hi\n\n');
  });

  it('writes one data line per line of a string, splitting on CRLF, CR and LF alike', () => {
    expect(encode({ data: 'a\r\nb\rc\nd' })).to.equal('data: a\ndata: b\ndata: c\ndata: d\n\n');
  });

  it('keeps empty lines of the data, as the client joins them back', () => {
    expect(encode({ data: '\nx\n' })).to.equal('data: \ndata: x\ndata: \n\n');
  });

  it('sends non-string data as JSON, whose escaped newlines stay on one line', () => {
    expect(encode({ data: { a: 'x\ny' } })).to.equal('data: {"a":"x\\ny"}\n\n');
    expect(encode({ data: 42 })).to.equal('data: 42\n\n');
    expect(encode({ data: null })).to.equal('data: null\n\n');
  });

  for (const bad of ['x\ndata: forged', 'x\rretry: 1', 'x\r\nid: 9']) {
    it(`refuses an event type holding a line break (${JSON.stringify(bad)}) instead of letting it start a field`, () => {
      expect(() => encode({ data: 'd', event: bad })).to.throw(SseEventError, /Feed\.events.*event/);
    });
  }

  for (const bad of ['1\nevent: forged', '1\r', '1\u0000']) {
    it(`refuses an id holding CR, LF or NUL (${JSON.stringify(bad)})`, () => {
      expect(() => encode({ data: 'd', id: bad })).to.throw(SseEventError, /id/);
    });
  }

  it('refuses a retry that is not a whole number of ms >= 0', () => {
    for (const retry of [-1, 1.5, NaN, '100']) expect(() => encode({ data: 'd', retry })).to.throw(SseEventError, /retry/);
  });

  it('refuses what is not a { data } object, saying what to yield', () => {
    expect(() => encode('plain')).to.throw(SseEventError, /yield or emit objects `\{ data/);
    expect(() => encode({ id: 1 })).to.throw(SseEventError, /without data/);
    expect(() => encode(null)).to.throw(SseEventError);
  });

  it('refuses data that JSON cannot carry (a BigInt, a cycle, undefined)', () => {
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    for (const data of [1n, cycle, undefined]) expect(() => encode({ data })).to.throw(SseEventError, /JSON/);
  });
});
