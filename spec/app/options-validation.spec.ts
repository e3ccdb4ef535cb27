/**
 * createServer refuses a bad option at bootstrap with WW_ERR_INVALID_OPTION, naming the
 * option, the value it got and what it accepts (docs/getting-started.md). Found by an audit:
 * the engine threw a bare RangeError, `limits` was never checked, and a misspelt key was
 * silently ignored.
 */
import { expect } from 'chai';
import { createServer } from '../../src/app/create-server';
import type { ServerOptions } from '../../src/app/options';
import { BootstrapError } from '../../src/core/bootstrap-error';
import { createServerRefusal, PingModule } from './option-refusal';

async function optionError(options: Record<string, unknown>): Promise<BootstrapError> {
  const failure = await createServerRefusal(options);
  expect(failure.code).to.equal('WW_ERR_INVALID_OPTION');
  return failure;
}

describe('createServer option validation', () => {
  describe('engine options (regression: a bare RangeError from the engine)', () => {
    it('refuses a negative keepAliveTimeoutMs, naming it, the value and what is accepted', async () => {
      const { message } = await optionError({ keepAliveTimeoutMs: -5 });
      expect(message).to.contain('keepAliveTimeoutMs').and.contain('-5').and.contain('milliseconds > 0');
    });

    it('refuses a headersTimeoutMs that is a string', async () => {
      const { message } = await optionError({ headersTimeoutMs: 'x' });
      expect(message).to.contain('headersTimeoutMs').and.contain("'x'");
    });

    it('refuses a numeric string as a timeout instead of comparing it as text', async () => {
      expect((await optionError({ bodyTimeoutMs: '5000' })).message).to.contain('bodyTimeoutMs');
    });

    it('refuses maxPipelined 0 and fractions', async () => {
      for (const maxPipelined of [0, 1.5, Number.NaN]) {
        expect((await optionError({ maxPipelined })).message, String(maxPipelined)).to.contain('maxPipelined must be a whole number, 1 or more');
      }
    });

    it('refuses a maxConnections of 0, NaN or below (regression: NaN switched the limit off, 0 refused every connection)', async () => {
      for (const maxConnections of [0, -1, Number.NaN, '10']) {
        expect((await optionError({ maxConnections })).message, String(maxConnections)).to.contain('maxConnections');
      }
    });

    it('refuses a negative drainGraceMs but accepts 0', async () => {
      expect((await optionError({ drainGraceMs: -1 })).message).to.contain('drainGraceMs');
      const app = await createServer(PingModule, { logger: false, drainGraceMs: 0, maxConnections: Infinity });
      await app.close();
    });

    it("refuses a timeout past Node's timer limit (regression: requestTimeoutMs 2^31 answered every request 503 at once)", async () => {
      for (const name of ['requestTimeoutMs', 'shutdownTimeoutMs', 'shutdownHooksTimeoutMs', 'headersTimeoutMs']) {
        expect((await optionError({ [name]: 2 ** 31 })).message, name).to.contain(name).and.contain('2147483647');
      }
    });

    it("refuses a workers.startupTimeoutMs past Node's timer limit (it would fail the start after 1 ms)", async () => {
      const { message } = await optionError({ workers: { count: 2, startupTimeoutMs: 2 ** 31 } });
      expect(message).to.contain('workers.startupTimeoutMs').and.contain('2147483647');
    });
  });

  describe('limits (regression: never checked)', () => {
    it('refuses a negative maxHeaderCount (it made every request 431)', async () => {
      const { message } = await optionError({ limits: { maxHeaderCount: -1 } });
      expect(message).to.contain('limits.maxHeaderCount').and.contain('-1').and.contain('whole number');
    });

    it('refuses a maxHeaderBytes of NaN (it switched the limit off)', async () => {
      expect((await optionError({ limits: { maxHeaderBytes: Number.NaN } })).message).to.contain('limits.maxHeaderBytes').and.contain('NaN');
    });

    it('refuses every limit that is not a whole number in its range', async () => {
      for (const name of ['maxRequestLineBytes', 'maxHeaderBytes', 'maxHeaderCount', 'maxBodyBytes', 'maxChunkExtensionBytes', 'maxTrailerBytes']) {
        for (const bad of [-1, 1.5, '100', Infinity, null]) {
          expect((await optionError({ limits: { [name]: bad } })).message, `${name}: ${String(bad)}`).to.contain(`limits.${name}`);
        }
      }
    });

    it('accepts 0 where it means "none": maxBodyBytes and maxTrailerBytes', async () => {
      const app = await createServer(PingModule, { logger: false, limits: { maxBodyBytes: 0, maxTrailerBytes: 0 } });
      await app.close();
    });

    it('keeps the default limit when a limits field is given as undefined (regression: 150 header fields answered 200)', async () => {
      const app = await createServer(PingModule, { logger: false, limits: { maxHeaderCount: undefined } });
      try {
        const headers: Record<string, string> = {};
        for (let i = 0; i < 150; i++) headers[`x-h${i}`] = 'v';
        expect((await app.inject({ url: '/ping', headers })).statusCode).to.equal(431);
      } finally {
        await app.close();
      }
    });

    it('refuses a misspelt limit, naming the closest one', async () => {
      const { message } = await optionError({ limits: { maxHeadercount: 50 } });
      expect(message).to.contain("limits.maxHeadercount").and.contain('did you mean maxHeaderCount?');
    });

    it('refuses limits that are not an object', async () => {
      expect((await optionError({ limits: 100 })).message).to.contain('limits must be an object');
    });
  });

  describe('unknown and mistyped top-level options (regression: silently ignored)', () => {
    it('refuses bodylimit, naming bodyLimit', async () => {
      expect((await optionError({ bodylimit: 10 })).message).to.contain("unknown option 'bodylimit'").and.contain('did you mean bodyLimit?');
    });

    it('refuses corss, naming cors', async () => {
      expect((await optionError({ corss: true })).message).to.contain('did you mean cors?');
    });

    it('lists the options when nothing is close to the unknown key', async () => {
      const { message } = await optionError({ frobnicate: 1 });
      expect(message).to.contain("unknown option 'frobnicate'").and.contain('globalPrefix');
    });

    it('refuses options that are not an object', async () => {
      let error: unknown;
      try {
        await createServer(PingModule, null as unknown as ServerOptions);
      } catch (e) {
        error = e;
      }
      expect((error as BootstrapError).code).to.equal('WW_ERR_INVALID_OPTION');
    });

    it('refuses a cors that is neither a boolean nor an object', async () => {
      expect((await optionError({ cors: 'https://app.example' })).message).to.contain('cors must be true, false or an object');
    });

    it('refuses an https that is not an object', async () => {
      expect((await optionError({ https: true })).message).to.contain('https must be an object');
    });

    it('refuses logger: true and a logger without error()', async () => {
      expect((await optionError({ logger: true })).message).to.contain('logger must be false');
      expect((await optionError({ logger: { log() {}, warn() {} } })).message).to.contain('logger must be false');
    });

    it('refuses a misspelt level in a logger list, suggesting the level meant', async () => {
      const message = (await optionError({ logger: ['eror', 'warn'] })).message;
      expect(message).to.contain("unknown level 'eror'").and.contain("did you mean 'error'?");
    });

    it('refuses a level that is not a string, listing the levels', async () => {
      expect((await optionError({ logger: ['error', 3] })).message).to.contain('the levels are').and.contain("'debug'");
    });

    it('logs the route table at startup with logger: [\'debug\']', async () => {
      const lines: string[] = [];
      const saved = console.debug;
      console.debug = (line: string) => void lines.push(line);
      try {
        const app = await createServer(PingModule, { logger: ['debug'] });
        await app.close();
      } finally {
        console.debug = saved;
      }
      expect(lines.some((line) => line.startsWith('[wirework] debug route GET '))).to.equal(true);
    });

    it('accepts a pino-like logger (info instead of log)', async () => {
      const noop = (): void => {};
      const app = await createServer(PingModule, { logger: { info: noop, warn: noop, error: noop } as never });
      await app.close();
    });

    it('refuses guards that are not an array', async () => {
      expect((await optionError({ guards: class AuthGuard {} })).message).to.contain('guards must be an array');
    });

    it('refuses a rateLimit that is not an object (regression: rateLimit: true limited nothing)', async () => {
      expect((await optionError({ rateLimit: true })).message).to.contain('rateLimit must be an object');
    });

    it('refuses a misspelt key inside metrics or health', async () => {
      expect((await optionError({ metrics: { pth: '/m' } })).message).to.contain('metrics.pth').and.contain('did you mean path?');
      expect((await optionError({ health: { livenesPath: '/live' } })).message).to.contain('did you mean livenessPath?');
    });

    it('refuses a requestId that is not a boolean', async () => {
      expect((await optionError({ requestId: 'yes' })).message).to.contain('requestId must be true or false');
    });
  });
});
