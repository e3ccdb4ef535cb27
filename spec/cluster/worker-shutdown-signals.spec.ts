/**
 * A worker's shutdown handling (onShutdown, as WorkerListener wires it), in this process: the
 * signals and the primary's request are emitted on `process` as Node delivers them, and
 * process.exit is recorded instead of run. Real processes: spec/app/workers-shutdown.spec.ts.
 */
import { expect } from 'chai';
import type { HttpServer } from '../../src/http/server';
import { onShutdown } from '../../src/cluster/worker';
import { SIGNAL_ECHO_MS } from '../../src/cluster/repeated-signal';
import { createListener } from '../../src/app/listener';
import { recordingLogger, type RecordingLogger } from '../app/helpers';

const EVENTS = ['message', 'SIGTERM', 'SIGINT', 'disconnect'] as const;
const never = (): Promise<void> => new Promise(() => undefined);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('a worker shutting down', () => {
  let exits: number[];
  let logger: RecordingLogger;
  let realExit: typeof process.exit;
  let before: Map<string, Function[]>;
  let stop: () => void = () => undefined;

  beforeEach(() => {
    exits = [];
    logger = recordingLogger();
    realExit = process.exit;
    process.exit = ((code?: number) => void exits.push(code ?? 0)) as typeof process.exit;
    before = new Map(EVENTS.map((event) => [event, process.listeners(event as 'message')]));
  });

  afterEach(() => {
    // Its deadline would call the real process.exit (and end this test run) once it fires.
    stop();
    stop = () => undefined;
    process.exit = realExit;
    // WorkerListener keeps its handlers for the life of the process: take off what this test added.
    for (const event of EVENTS) {
      for (const listener of process.listeners(event as 'message')) {
        if (!before.get(event)!.includes(listener)) process.removeListener(event, listener as () => void);
      }
    }
  });

  const errors = () => logger.lines.filter((line) => line.level === 'error').map((line) => line.message);
  const warnings = () => logger.lines.filter((line) => line.level === 'warn').map((line) => line.message);

  it('exits at once with 143 on a second SIGTERM more than a second into a hung close', async () => {
    stop = onShutdown(never, { logger });
    process.emit('SIGTERM', 'SIGTERM');
    await sleep(SIGNAL_ECHO_MS + 50);
    expect(exits).to.deep.equal([]);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).to.deep.equal([143]);
    expect(errors()[0]).to.match(/SIGTERM again while closing: exiting now/);
  });

  it('exits at once on a signal more than a second after the primary asked it to close', async () => {
    stop = onShutdown(never, { logger });
    process.emit('message', { ww: 'shutdown', signal: 'SIGTERM' }, undefined);
    await sleep(SIGNAL_ECHO_MS + 50);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).to.deep.equal([143]);
  });

  it('takes a repeat of its signal within a second for the same one, and says so', () => {
    stop = onShutdown(never, { logger });
    process.emit('SIGTERM', 'SIGTERM');
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).to.deep.equal([]);
    expect(warnings()[0]).to.match(/SIGTERM again while closing: taken for the same one/);
  });

  it("ignores in silence the terminal's Ctrl-C arriving just after the primary's request to close", () => {
    stop = onShutdown(never, { logger });
    process.emit('message', { ww: 'shutdown', signal: 'SIGINT' }, undefined);
    process.emit('SIGTERM', 'SIGTERM');
    expect(exits).to.deep.equal([]);
    expect(logger.lines).to.deep.equal([]);
  });

  it("reports a close still running at workers.shutdownTimeoutMs through the app's logger", async () => {
    createListener('worker', {} as HttpServer, { count: 1, shutdownTimeoutMs: 20 }, logger, never);
    process.emit('message', { ww: 'shutdown' }, undefined);
    await sleep(60);
    expect(exits).to.deep.equal([1]);
    expect(errors()[0]).to.match(/still closing 20 ms after shutdown began/);
  });

  it("reports a failed close through the app's logger", async () => {
    const failure = new Error('pool.end() failed');
    createListener('worker', {} as HttpServer, { count: 1 }, logger, () => Promise.reject(failure));
    process.emit('message', { ww: 'shutdown' }, undefined);
    await sleep(0);
    expect(exits).to.deep.equal([1]);
    expect(logger.lines).to.deep.equal([{ level: 'error', message: `worker 0 (pid ${process.pid}): graceful close failed`, meta: [failure] }]);
  });
});
