/**
 * Regression (found by the deploy-under-load proof): a connection accepted just before
 * close() began, whose first request was still on the wire, was closed at once with a bare
 * FIN — the request was lost although the server had accepted the connection. Under load a
 * client's request typically arrives in the event-loop turn after its connection is accepted,
 * so a deploy loses such requests (POSTs included, which a client cannot safely retry).
 * A fresh connection deserves the same grace as one that was just answered.
 */
import { expect } from 'chai';
import * as net from 'node:net';
import type { App } from '../../src/app/app';
import { ResponseReader, type RawResponse } from '../../src/testing/response-reader';
import { proofApp } from './support/app';
import { closes, delay } from './support/client';

describe('proof: a connection accepted just before shutdown', function () {
  this.timeout(20_000);
  let app: App | undefined;

  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('answers the first request of a connection accepted just before close() with Connection: close', async () => {
    app = await proofApp();
    const { port } = await app.listen(0, '127.0.0.1');
    const server = app.getHttpServer();
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const reader = new ResponseReader(['GET']);
    const responses: RawResponse[] = [];
    let bytes = 0;
    socket.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      responses.push(...reader.push(chunk));
    });
    socket.on('end', () => socket.end());
    socket.on('error', () => undefined);
    const closed = new Promise<void>((resolve) => socket.on('close', () => resolve()));
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    for (let i = 0; i < 100 && server.connectionCount === 0; i++) await delay(10);
    expect(server.connectionCount, 'the server accepted the connection').to.equal(1);

    const closing = app.close(); // the drain runs now, synchronously
    socket.write('GET /mode/ok/fresh HTTP/1.1\r\nHost: proof\r\n\r\n');
    await closed;
    await closing;
    app = undefined;

    expect(responses.map((r) => `${r.statusCode} ${r.body.toString()}`), `${bytes} bytes received`).to.deep.equal(['200 ok:fresh']);
    expect(closes(responses[0])).to.equal(true);
  });
});
