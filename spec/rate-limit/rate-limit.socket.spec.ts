import { expect } from 'chai';
import net from 'node:net';
import { Controller } from '../../src/core/decorators/controller';
import { Get, Post } from '../../src/core/decorators/route';
import { Body } from '../../src/core/decorators/params';
import { Module } from '../../src/core/di/module';
import type { App } from '../../src/app/app';
import { RateLimit } from '../../src/rate-limit/decorators';
import { makeApp } from '../app/helpers';

let handled = 0;

@Controller()
class UploadController {
  @Post('upload')
  @RateLimit({ limit: 1, windowMs: 60_000 })
  upload(@Body() body: string) {
    handled++;
    return { length: String(body).length };
  }
  @Get('after') after() { return 'after'; }
}

@Module({ controllers: [UploadController] })
class UploadModule {}

/** Sends `raw` on one connection and collects every byte until the server closes it. */
function exchange(port: number, raw: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => resolve(Buffer.concat(chunks).toString('latin1')));
    socket.write(raw);
  });
}

const statusLines = (text: string) => [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1]));

describe('RateLimitGuard over a real socket', () => {
  let app: App;
  let port: number;
  beforeEach(async () => {
    handled = 0;
    app = await makeApp(UploadModule);
    port = (await app.listen(0, '127.0.0.1')).port;
  });
  afterEach(() => app.close());

  it('refuses a request with a body before reading it and keeps the connection framed for the next one', async () => {
    const body = 'x'.repeat(20);
    const post = `POST /upload HTTP/1.1\r\nHost: t\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
    const text = await exchange(port, post + post + 'GET /after HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n');
    expect(statusLines(text)).to.deep.equal([201, 429, 200]);
    expect(handled).to.equal(1);
    expect(text).to.match(/Retry-After: 60\r\n/i);
    expect(text.endsWith('after')).to.equal(true);
  });

  it('never lets a large refused body be read as the next request', async () => {
    await exchange(port, 'POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 1\r\nConnection: close\r\n\r\nx');
    // the body of the refused request looks like a request itself: it must never be served
    const smuggled = 'GET /after HTTP/1.1\r\nHost: t\r\n\r\n'.repeat(2000);
    const text = await exchange(port,
      `POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: ${smuggled.length}\r\n\r\n${smuggled}GET /after HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n`);
    const statuses = statusLines(text);
    expect(statuses[0]).to.equal(429);
    // either the body was discarded and the real next request answered, or the connection was closed
    expect(JSON.stringify(statuses.slice(1))).to.be.oneOf(['[]', '[200]']);
    expect(handled).to.equal(1);
  });
});
