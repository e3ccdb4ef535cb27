import { expect } from 'chai';
import { HttpServer } from '../../src/http/server';
import { injectRaw } from '../../src/testing/inject';

describe('MemorySocket (the socket under inject)', () => {
  it('counts the bytes it carried as a net.Socket does, so the engine\'s byte figures (and /metrics) see inject() traffic (regression: both stayed 0)', async () => {
    const server = new HttpServer((_req, res) => res.text('hello'), { onError: () => {} });
    const request = 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n';
    const answer = await injectRaw(server, request);
    const stats = server.stats();
    expect([stats.bytesReceived, stats.bytesSent]).to.deep.equal([Buffer.byteLength(request), answer.length]);
  });
});
