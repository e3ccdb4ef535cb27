import { Controller, Get, HttpCode, Post, Req, Request } from '../src/index';

/** The routes the black-box probes rely on: `GET /`, `POST /echo`. */
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
}
