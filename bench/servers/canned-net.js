'use strict';
// The ceiling: a raw `net` server that answers one canned response per request head it sees
// (it counts "\r\n\r\n" and parses nothing), so every row below it is measured against the
// cost of the sockets alone. Bodies are not skipped: run it only on scenarios without one.
const net = require('node:net');
const { PORT, HOST, ready } = require('./common');

const RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\n\r\nHello, World!',
);
// Precomputed runs of 1..64 responses: a pipelined burst is answered with one write.
const RUNS = [Buffer.alloc(0)];
for (let n = 1; n <= 64; n++) RUNS.push(Buffer.concat(Array(n).fill(RESPONSE)));
const CLOSE_RESPONSE = Buffer.from(
  'HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: 13\r\nConnection: close\r\n\r\nHello, World!',
);

const server = net.createServer((socket) => {
  socket.setNoDelay(true);
  // matched bytes of "\r\n\r\n" carried over from the previous chunk (a head split across reads)
  let matched = 0;
  socket.on('data', (chunk) => {
    let heads = 0;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      if (b === (matched & 1 ? 10 : 13)) {
        if (++matched === 4) {
          heads++;
          matched = 0;
        }
      } else {
        matched = b === 13 ? 1 : 0;
      }
    }
    if (heads === 0) return;
    // "Connection: close" asks for one answer and a close (the new-connection scenario)
    if (chunk.indexOf('onnection: close') >= 0 || chunk.indexOf('onnection: Close') >= 0) {
      socket.end(CLOSE_RESPONSE);
      return;
    }
    while (heads > 64) {
      socket.write(RUNS[64]);
      heads -= 64;
    }
    socket.write(RUNS[heads]);
  });
  socket.on('error', () => socket.destroy());
});

server.listen(PORT, HOST, () => ready('canned-net', server.address().port));
