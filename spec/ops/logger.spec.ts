import { expect } from 'chai';
import { resolveLogger, silentLogger } from '../../src/ops/logger';

describe('logger option', () => {
  it('silences everything with false', () => {
    expect(resolveLogger(false)).to.equal(silentLogger);
  });

  it('uses a logger with log/warn/error as is', () => {
    const logger = { log() {}, warn() {}, error() {} };
    expect(resolveLogger(logger)).to.equal(logger);
  });

  it('adapts a pino-like instance, sending log to info', () => {
    const calls: string[] = [];
    const pino = { info: (m: string) => calls.push('info ' + m), warn: (m: string) => calls.push('warn ' + m), error: (m: string) => calls.push('error ' + m) };
    const logger = resolveLogger(pino);
    logger.log('hello');
    logger.error('bad');
    expect(calls).to.deep.equal(['info hello', 'error bad']);
  });

  it('refuses an object that is not a logger, saying what it needs', () => {
    expect(() => resolveLogger({} as never)).to.throw(/log\/warn\/error/);
  });
});
