import { expect } from 'chai';
import * as net from 'node:net';
import { firstListening } from '../../src/load/target-address';

/** A listener on 127.0.0.1 only, as `app.listen(port, '127.0.0.1')` makes. */
async function listenOnIPv4(): Promise<net.Server> {
  const server = net.createServer((socket) => socket.destroy());
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  return server;
}

describe('firstListening', () => {
  it('picks the first address that accepts a connection, as for localhost resolving to ::1 then 127.0.0.1', async () => {
    const server = await listenOnIPv4();
    try {
      const port = (server.address() as net.AddressInfo).port;
      expect(await firstListening(['::1', '127.0.0.1'], port, 1000)).to.equal('127.0.0.1');
    } finally {
      server.close();
    }
  });

  it('keeps the first address when none accepts, so the run counts the connect errors', async () => {
    const server = await listenOnIPv4();
    const port = (server.address() as net.AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    expect(await firstListening(['::1', '127.0.0.1'], port, 1000)).to.equal('::1');
  });
});
