/**
 * Differential probing of our request parser against llhttp, the parser inside node:http.
 *
 * node:http is used here as a test oracle only (the framework never uses it): two servers on
 * port 0 — a node:http one with the strict parser and default limits, and our HttpServer —
 * each with a handler that echoes what it parsed as JSON. The same raw bytes go to both over
 * real sockets, and each side's verdict is what a client sees: the statuses answered, whether
 * the server closed, what an end of input then changed, and the echoed summaries.
 */
import * as http from 'node:http';
import * as net from 'node:net';
import { HttpServer } from '../../../src/http/server';
import { ResponseReader } from '../../../src/testing/response-reader';

/** What a handler saw of one accepted request. */
export interface Seen {
  method: string;
  target: string;
  /** [lower-case name, value, …] in order */
  headers: string[];
  /** latin1, so every octet shows */
  body: string;
  /** [lower-case name, value, …], or [] when none */
  trailers: string[];
}

/** One side's answer to one byte string. */
export interface Outcome {
  /**
   * Statuses in order, '200' written as 'ok' (the handlers only ever answer 200): e.g. 'ok',
   * '400', '100 ok', 'ok ok'; 'closed' when the server closed without a word; 'waits' when
   * it neither answered nor closed, followed by what our end of input drew (`waits, eof→400`).
   */
  verdict: string;
  seen: Seen[];
}

/**
 * How long a connection must be quiet before we take its answer as complete. Quiet means the
 * event loop was turning the whole time: the servers run in this process, so when it is busy
 * (or starved of CPU) a timer can fire late, before the bytes that arrived meanwhile are read.
 * A tick that comes more than LAG_MS late restarts every probe's quiet period.
 */
const QUIET_MS = 200;
const TICK_MS = 10;
const LAG_MS = 40;

/** One ticker for all probes: calls each probe's check, and notes when the loop lagged. */
const ticker = {
  checks: new Set<(now: number, lastLag: number) => void>(),
  timer: undefined as NodeJS.Timeout | undefined,
  prev: 0,
  lastLag: 0,
  add(check: (now: number, lastLag: number) => void): void {
    this.checks.add(check);
    if (this.timer === undefined) {
      this.prev = this.lastLag = Date.now();
      this.timer = setInterval(() => this.tick(), TICK_MS);
    }
  },
  remove(check: (now: number, lastLag: number) => void): void {
    this.checks.delete(check);
    if (this.checks.size === 0 && this.timer !== undefined) {
      clearInterval(this.timer);
      this.timer = undefined;
    }
  },
  tick(): void {
    const now = Date.now();
    if (now - this.prev > LAG_MS) this.lastLag = now;
    this.prev = now;
    for (const check of [...this.checks]) check(now, this.lastLag);
  },
};

const lowerNames = (raw: string[]): string[] => raw.map((v, i) => (i % 2 === 0 ? v.toLowerCase() : v));

function nodeHandler(req: http.IncomingMessage, res: http.ServerResponse): void {
  const chunks: Buffer[] = [];
  req.on('data', (c: Buffer) => chunks.push(c));
  req.on('end', () => {
    const seen: Seen = {
      method: req.method ?? '',
      target: req.url ?? '',
      headers: lowerNames(req.rawHeaders),
      body: Buffer.concat(chunks).toString('latin1'),
      trailers: lowerNames(req.rawTrailers),
    };
    const json = JSON.stringify(seen);
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
    res.end(json);
  });
}

export interface TwoServers {
  nodePort: number;
  oursPort: number;
  close(): Promise<void>;
}

export async function startTwoServers(): Promise<TwoServers> {
  const node = http.createServer({ insecureHTTPParser: false }, nodeHandler);
  await new Promise<void>((resolve) => node.listen(0, '127.0.0.1', resolve));
  const ours = new HttpServer(
    async (req, res) => {
      const body = await req.body();
      const seen: Seen = {
        method: req.method,
        target: req.url,
        headers: req.rawHeaders.slice(),
        body: body.toString('latin1'),
        trailers: req.trailers ?? [],
      };
      res.json(seen);
    },
    { onError: () => {} },
  );
  const { port: oursPort } = await ours.listen(0, '127.0.0.1');
  return {
    nodePort: (node.address() as net.AddressInfo).port,
    oursPort,
    async close() {
      node.closeAllConnections();
      await new Promise<void>((resolve) => node.close(() => resolve()));
      await ours.close({ timeoutMs: 100 });
    },
  };
}

/**
 * Sends `pieces` on a fresh connection and records what comes back. A request in several
 * pieces is sent the way a client waiting on 100-continue sends it: the next piece goes when
 * the server has answered something, or once the connection has been quiet.
 */
export function probe(port: number, pieces: Buffer[]): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = net.connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    const reader = new ResponseReader();
    const statuses: string[] = [];
    const seen: Seen[] = [];
    let closed = false;
    let eofSent = false;
    let eofStatuses: string[] | null = null;
    let sent = 0; // pieces written
    let lastEvent = Date.now(); // the last write or read
    let done = false;

    const take = (responses: ReturnType<ResponseReader['push']>): void => {
      for (const r of responses) {
        (eofStatuses ?? statuses).push(r.statusCode === 200 ? 'ok' : String(r.statusCode));
        if (r.statusCode === 200) seen.push(JSON.parse(r.body.toString('utf8')) as Seen);
        // a 100 is interim: the final answer follows on the same message.
        if (!r.interim) reader.expect('GET');
      }
    };
    const finish = (): void => {
      if (done) return;
      done = true;
      ticker.remove(check);
      socket.destroy();
      let verdict = statuses.join(' ');
      if (verdict === '') verdict = eofSent ? 'waits' : 'closed';
      if (eofSent) verdict += `, eof→${eofStatuses!.length > 0 ? eofStatuses!.join(' ') : closed ? 'closed' : 'open'}`;
      resolve({ verdict, seen });
    };
    const writeNext = (): void => {
      lastEvent = Date.now();
      socket.write(pieces[sent++]);
    };
    // Quiet: send the next piece; else, if nothing was answered, end our side once to see
    // whether the server thought the request unfinished; else the answer is complete.
    const check = (now: number, lastLag: number): void => {
      if (closed || now - Math.max(lastEvent, lastLag) < QUIET_MS) return;
      if (sent < pieces.length) return writeNext();
      if (statuses.length > 0 || eofSent) return finish();
      eofSent = true;
      eofStatuses = [];
      lastEvent = now;
      socket.end();
    };
    reader.expect('GET');
    socket.on('data', (chunk: Buffer) => {
      lastEvent = Date.now();
      try {
        take(reader.push(chunk));
      } catch {
        statuses.push('garbled');
      }
      if (sent < pieces.length) writeNext();
    });
    socket.on('end', () => {
      try {
        take(reader.end());
      } catch {
        statuses.push('garbled');
      }
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('connect', () => {
      writeNext();
      ticker.add(check);
    });
  });
}
