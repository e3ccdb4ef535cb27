import { expect } from 'chai';
import { ConsoleLogger, resolveLogger, silentLogger } from '../../src/ops/logger';

/** What `run` wrote through console.log/warn/error/debug, as 'method: line'. */
function consoleLines(run: () => void): string[] {
  const lines: string[] = [];
  const methods = ['log', 'warn', 'error', 'debug'] as const;
  const saved = methods.map((m) => console[m]);
  for (const m of methods) console[m] = (line: string) => void lines.push(`${m}: ${line}`);
  try {
    run();
  } finally {
    methods.forEach((m, i) => (console[m] = saved[i]!));
  }
  return lines;
}

function everyLevel(logger: ReturnType<typeof resolveLogger>): void {
  logger.log('l');
  logger.warn('w');
  logger.error('e');
  logger.debug?.('d');
}

describe('logger option', () => {
  it('silences everything with false', () => {
    expect(resolveLogger(false)).to.equal(silentLogger);
  });

  it('sends every line to a logger with log/warn/error, called on the logger itself', () => {
    const calls: string[] = [];
    const logger = {
      name: 'mine',
      log(this: { name: string }, m: string) { calls.push(`${this.name} log ${m}`); },
      warn(this: { name: string }, m: string) { calls.push(`${this.name} warn ${m}`); },
      error(this: { name: string }, m: string, ...meta: unknown[]) { calls.push(`${this.name} error ${m} ${meta.length}`); },
    };
    const resolved = resolveLogger(logger);
    resolved.log('a');
    resolved.warn('b');
    resolved.error('c', new Error('x'));
    expect(calls).to.deep.equal(['mine log a', 'mine warn b', 'mine error c 1']);
  });

  it('adapts a pino-like instance, sending log to info', () => {
    const calls: string[] = [];
    const pino = { info: (m: string) => calls.push('info ' + m), warn: (m: string) => calls.push('warn ' + m), error: (m: string) => calls.push('error ' + m) };
    const logger = resolveLogger(pino);
    logger.log('hello');
    logger.error('bad');
    expect(calls).to.deep.equal(['info hello', 'error bad']);
  });

  it('hands an error to pino as { err } before the message, since pino drops arguments after the message (regression: a 500 was logged without its error)', () => {
    const calls: unknown[][] = [];
    const pino = { info: () => {}, warn: () => {}, error: (...args: unknown[]) => calls.push(args) };
    const error = new Error('connection refused');
    resolveLogger(pino).error('GET /boom → 500', error);
    expect(calls).to.deep.equal([[{ err: error }, 'GET /boom → 500']]);
  });

  it('hands other values to pino as { meta } before the message', () => {
    const calls: unknown[][] = [];
    const pino = { info: (...args: unknown[]) => calls.push(args), warn: () => {}, error: () => {} };
    resolveLogger(pino).log('listening', { port: 3000 });
    expect(calls).to.deep.equal([[{ meta: [{ port: 3000 }] }, 'listening']]);
  });

  it('writes log, warn and error but not debug to the console by default', () => {
    expect(consoleLines(() => everyLevel(resolveLogger(undefined)))).to.deep.equal([
      'log: [wirework] info l', 'warn: [wirework] warn w', 'error: [wirework] error e',
    ]);
  });

  it('writes only the levels listed, as NestJS takes logger: [\'error\', \'warn\']', () => {
    expect(consoleLines(() => everyLevel(resolveLogger(['error', 'warn'])))).to.deep.equal([
      'warn: [wirework] warn w', 'error: [wirework] error e',
    ]);
  });

  it('writes debug lines when debug is listed', () => {
    expect(consoleLines(() => everyLevel(resolveLogger(['debug'])))).to.deep.equal(['debug: [wirework] debug d']);
  });

  it('takes verbose for debug, since there is no finer level', () => {
    expect(consoleLines(() => everyLevel(new ConsoleLogger('wirework', ['verbose'])))).to.deep.equal(['debug: [wirework] debug d']);
  });

  it('writes nothing with an empty list', () => {
    expect(consoleLines(() => everyLevel(resolveLogger([])))).to.deep.equal([]);
  });

  it('refuses an object that is not a logger, saying what it needs', () => {
    expect(() => resolveLogger({} as never)).to.throw(/log\/warn\/error/);
  });
});
