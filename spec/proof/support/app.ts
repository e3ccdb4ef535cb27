/**
 * The app the proof specs serve, in process (`proofApp`) or as a child process
 * (fixtures/app-server.ts runs `ProofModule`): hello, echo, slow and streamed answers, and
 * failure modes.
 */
import 'reflect-metadata';
import { Readable } from 'node:stream';
import { Controller, Get, HttpCode, HttpException, Module, Param, Post, Query, Req, type Request } from '../../../src/index';
import { createServer } from '../../../src/app/create-server';
import type { App } from '../../../src/app/app';
import type { ServerOptions } from '../../../src/app/options';

/** `kib` KiB of `fill` in 16 KiB pieces, one per event-loop turn (a response in flight a while). */
function streamed(kib: number, fill: string): Readable {
  const chunk = Buffer.alloc(16 * 1024, fill);
  let left = Math.ceil(kib / 16);
  return new Readable({
    read() {
      setImmediate(() => this.push(left-- > 0 ? chunk : null));
    },
  });
}

@Controller()
class ProofController {
  @Get()
  hello(): string {
    return 'ok';
  }

  @Post('echo')
  @HttpCode(200)
  echo(@Req() req: Request): Promise<Buffer> {
    return req.body();
  }

  /** An answer that takes a while, so some are in flight when the signal comes. */
  @Get('slow')
  async slow(@Query('ms') ms?: string): Promise<string> {
    await new Promise((resolve) => setTimeout(resolve, Number(ms ?? 20)));
    return 'slow-ok';
  }

  /** 256 KiB streamed (chunked): a response spread over many writes and event-loop turns. */
  @Get('big')
  big(): Readable {
    return streamed(256, 'b');
  }

  /** `kib` KiB streamed in 16 KiB pieces. */
  @Get('stream/:kib')
  stream(@Param('kib') kib: string): Readable {
    return streamed(Number(kib), 's');
  }

  /** Failure modes, each a different way a handler goes wrong. `id` comes back where it can. */
  @Get('mode/:kind/:id')
  async mode(@Param('kind') kind: string, @Param('id') id: string, @Query('ms') ms?: string): Promise<string> {
    switch (kind) {
      case 'ok':
        return `ok:${id}`;
      case 'async':
        await new Promise((resolve) => setTimeout(resolve, Number(ms ?? 5)));
        return `async:${id}`;
      case 'throw':
        throw new Error(`boom ${id} (an internal detail that must not leak)`);
      case 'reject':
        await Promise.resolve();
        return Promise.reject(new TypeError(`rejected ${id}`));
      case 'http':
        throw new HttpException(418, `teapot ${id}`);
      case 'never':
        return new Promise<string>(() => undefined);
      case 'late':
        // answers after requestTimeoutMs has already sent 503: the late answer must be dropped
        await new Promise((resolve) => setTimeout(resolve, Number(ms ?? 400)));
        return `late:${id}`;
      default:
        return `unknown:${id}`;
    }
  }
}

@Module({ controllers: [ProofController] })
export class ProofModule {}

export function proofApp(options: ServerOptions = {}): Promise<App> {
  return createServer(ProofModule, { logger: false, ...options });
}
