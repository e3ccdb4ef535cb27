import { expect } from 'chai';
import { Controller, Get, Module } from '../../src/index';
import type { App } from '../../src/app/app';
import { guardLogger, type Logger } from '../../src/ops/logger';
import { makeApp } from '../app/helpers';

@Controller('boom')
class BoomController {
  @Get()
  boom(): never {
    throw new Error('the database is down');
  }
}

@Module({ controllers: [BoomController] })
class BoomModule {}

/** A logger of the user's that fails on every call (a closed file stream, a full disk, a bug). */
const throwingLogger: Logger = {
  log() { throw new Error('log failed'); },
  warn() { throw new Error('warn failed'); },
  error() { throw new Error('error failed'); },
};

function recordingFallback(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    log: (m) => lines.push(`log ${m}`),
    warn: (m) => lines.push(`warn ${m}`),
    error: (m) => lines.push(`error ${m}`),
  };
}

describe('a logger that throws', () => {
  let app: App | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it('still answers a handler\'s error with the JSON 500 (regression: the plain-text engine 500 took its place)', async () => {
    app = await makeApp(BoomModule, { logger: throwingLogger });
    // The console fallback would print the lost line and the note; this spec checks the answer.
    const consoleError = console.error;
    console.error = () => {};
    const res = await app.inject({ url: '/boom' }).finally(() => (console.error = consoleError));
    expect(res.statusCode).to.equal(500);
    expect(res.headers['content-type']).to.match(/^application\/json/);
    expect(res.json()).to.deep.equal({ statusCode: 500, error: 'Internal Server Error', message: 'Internal Server Error' });
  });

  it('writes the line it was given through the fallback, so nothing is lost', () => {
    const fallback = recordingFallback();
    guardLogger(throwingLogger, fallback).error('GET /boom → 500');
    expect(fallback.lines.at(-1)).to.equal('error GET /boom → 500');
  });

  it('says once that the logger threw, naming the method and its error', () => {
    const fallback = recordingFallback();
    const logger = guardLogger(throwingLogger, fallback);
    logger.log('one');
    logger.warn('two');
    const notes = fallback.lines.filter((line) => line.includes('threw'));
    expect(notes).to.have.length(1);
    expect(notes[0]).to.contain('logger.log threw').and.contain('log failed');
  });

  it('calls the logger\'s own methods with the logger as this', () => {
    const calls: string[] = [];
    const logger = guardLogger({
      prefix: '>',
      log(this: { prefix: string }, m: string) { calls.push(`${this.prefix} ${m}`); },
      warn() {},
      error() {},
    } as Logger);
    logger.log('hello');
    expect(calls).to.deep.equal(['> hello']);
  });

  it('keeps debug absent when the logger has none, so nothing is formatted for it', () => {
    expect(guardLogger({ log() {}, warn() {}, error() {} }).debug).to.equal(undefined);
  });
});
