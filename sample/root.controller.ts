import { Controller, Get, HttpCode, Post, RateLimit, Req, Request } from '../src/index';

/** The routes the black-box probes rely on: `GET /`, `POST /echo`, `GET /limited`. */
@Controller()
export class RootController {
  @Get()
  hello(): string {
    return 'ok';
  }

  /** Answers the exact request body bytes, whatever their content type. */
  @Post('echo')
  @HttpCode(200)
  echo(@Req() req: Request): Promise<Buffer> {
    return req.body();
  }

  /** 10 requests per second per client, exact in any window (sliding log). */
  @Get('limited')
  @RateLimit({ limit: 10, windowMs: 1000 })
  limited(): { ok: true } {
    return { ok: true };
  }
}
