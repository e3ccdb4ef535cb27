/** @Sse(): a GET route, and options refused where the decorator is written. */
import { expect } from 'chai';
import { Sse } from '../../../src/core/decorators/sse';
import { META } from '../../../src/core/metadata/keys';

describe('@Sse', () => {
  it('registers a GET route and notes its options with the defaults filled in', () => {
    class Feed {
      @Sse('events', { heartbeatMs: 0 })
      events() {}
    }
    expect(Reflect.getMetadata(META.routes, Feed.prototype, 'events')).to.deep.equal([{ method: 'GET', path: 'events' }]);
    expect(Reflect.getMetadata(META.sse, Feed.prototype, 'events')).to.deep.equal({ heartbeatMs: 0, bufferSize: 1024 });
  });

  it('refuses a heartbeatMs that is not a whole number of ms from 0 to 2^31-1', () => {
    for (const heartbeatMs of [-1, 1.5, 2 ** 31, NaN]) expect(() => Sse('x', { heartbeatMs })).to.throw(TypeError, /heartbeatMs/);
  });

  it('refuses a bufferSize below 1', () => {
    for (const bufferSize of [0, -3, 2.5]) expect(() => Sse('x', { bufferSize })).to.throw(TypeError, /bufferSize/);
  });

  it('refuses an unknown option, naming the known ones', () => {
    expect(() => Sse('x', { heartbeat: 5 } as never)).to.throw(TypeError, /unknown option 'heartbeat'.*heartbeatMs and bufferSize/);
  });
});
