/**
 * Which address of the URL's host a run loads. A name can resolve to several — `localhost`
 * is ::1 and 127.0.0.1 on most systems, ::1 first since Node 17 keeps the resolver's order —
 * and a server often listens on only one of them. Like wrk, try them in order once, before
 * the run, and load the first that accepts a connection; every connection then goes straight
 * there, with no lookup and no second attempt per connect.
 */
import { lookup } from 'node:dns/promises';
import * as net from 'node:net';

export async function targetAddress(hostname: string, port: number, timeoutMs: number): Promise<string> {
  if (net.isIP(hostname)) return hostname;
  const addresses = (await lookup(hostname, { all: true })).map((a) => a.address);
  return firstListening(addresses, port, timeoutMs);
}

/** The first of `addresses` that accepts a TCP connection on `port`; the first one if none does. */
export async function firstListening(addresses: readonly string[], port: number, timeoutMs: number): Promise<string> {
  if (addresses.length > 1) {
    for (const address of addresses) {
      if (await accepts(address, port, timeoutMs)) return address;
    }
  }
  return addresses[0]; // the run then counts its connect errors
}

function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port, timeout: timeoutMs });
    const settle = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('connect', () => settle(true));
    socket.once('timeout', () => settle(false));
    socket.once('error', () => settle(false));
  });
}
