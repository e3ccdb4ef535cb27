import { expect } from 'chai';
import { parseArgs, parseDuration, UsageError } from '../../src/load/cli-args';

describe('parseArgs', () => {
  it('reads the url, connections, duration, pipelining, headers and json flag', () => {
    const { options, json } = parseArgs(['http://127.0.0.1:3000/', '-c', '100', '-d', '10', '-p', '10', '-H', 'x-a: 1', '--header=x-b: two words', '--json']);
    expect(options.url).to.equal('http://127.0.0.1:3000/');
    expect(options.connections).to.equal(100);
    expect(options.durationMs).to.equal(10_000);
    expect(options.pipelining).to.equal(10);
    expect(options.headers).to.deep.equal([['x-a', '1'], ['x-b', 'two words']]);
    expect(json).to.equal(true);
  });

  it('reads the method and an inline body', () => {
    const { options } = parseArgs(['http://h/', '-m', 'POST', '-b', '{"a":1}']);
    expect(options.method).to.equal('POST');
    expect(options.body?.toString()).to.equal('{"a":1}');
  });

  it('says which file it could not read for -b @file', () => {
    expect(() => parseArgs(['http://h/', '-b', '@/no/such/file'])).to.throw(UsageError, /\/no\/such\/file/);
  });

  it('refuses a missing url, an unknown flag, a bad count and an https url with a UsageError', () => {
    expect(() => parseArgs([])).to.throw(UsageError, /give the URL/);
    expect(() => parseArgs(['http://h/', '--frobnicate'])).to.throw(UsageError, /unknown option/);
    expect(() => parseArgs(['http://h/', '-c', '0'])).to.throw(UsageError, /whole number/);
    expect(() => parseArgs(['https://h/'])).to.throw(UsageError, /only http/);
  });

  it('refuses a zero duration or timeout, which would measure nothing or wait forever', () => {
    expect(() => parseArgs(['http://h/', '-d', '0'])).to.throw(UsageError, /-d takes a duration above 0/);
    expect(() => parseArgs(['http://h/', '-t', '0ms'])).to.throw(UsageError, /-t takes a duration above 0/);
  });

  it('refuses a method that is not a token with a UsageError', () => {
    expect(() => parseArgs(['http://h/', '-m', 'GE T'])).to.throw(UsageError, /-m takes a method/);
  });

  it('says to write http:// before a URL given without it', () => {
    expect(() => parseArgs(['localhost:3000/x'])).to.throw(UsageError, /http:\/\/localhost:3000\/x/);
    expect(() => parseArgs(['127.0.0.1:3000'])).to.throw(UsageError, /http:\/\/127\.0\.0\.1:3000/);
  });

  it('refuses a header without a colon', () => {
    expect(() => parseArgs(['http://h/', '-H', 'nocolon'])).to.throw(UsageError, /name: value/);
  });
});

describe('parseDuration', () => {
  it('reads bare seconds, s, ms and m', () => {
    expect([parseDuration('10', '-d'), parseDuration('2.5s', '-d'), parseDuration('500ms', '-d'), parseDuration('1m', '-d')]).to.deep.equal([
      10_000, 2_500, 500, 60_000,
    ]);
  });

  it('refuses anything else', () => {
    expect(() => parseDuration('ten', '-d')).to.throw(UsageError);
  });

  it('refuses a duration past Node\'s timer limit of about 24 days (regression: -d 9999999 ended the run after 1 ms with nothing measured)', () => {
    expect(() => parseDuration('9999999', '-d')).to.throw(UsageError, /-d takes at most 2147483s/);
    expect(parseDuration('2147483', '-d')).to.equal(2_147_483_000);
  });
});
