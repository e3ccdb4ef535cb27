import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { inject } from '../../src/testing/inject';

describe('inject() and an answer whose body never ends', () => {
  const server = new HttpServer((_req, res) => {
    // An event stream: the head and a first event go out, the body never ends.
    res.setHeader('Content-Type', 'text/event-stream');
    res.write('data: hello\n\n');
  }, { onError: () => {} });

  it('says the answer started and its body did not end, not that nothing answered (regression: "a handler that never answers?" for an event stream)', async () => {
    let error: Error | undefined;
    try {
      await inject(server, { url: '/events', timeoutMs: 200 });
    } catch (e) {
      error = e as Error;
    }
    expect(error?.message).to.match(/^inject: the 200 answer to GET \/events began, but its body had not ended within 200 ms/);
  });
});
