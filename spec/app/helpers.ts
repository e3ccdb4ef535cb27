/** Spec helpers: an app with a logger that records instead of printing, and a raw socket client. */
import net from 'node:net';
import tls from 'node:tls';
import { createServer } from '../../src/app/create-server';
import type { App } from '../../src/app/app';
import type { ServerOptions } from '../../src/app/options';
import type { ModuleImport } from '../../src/core/di/module';
import type { Handler } from '../../src/http/types';

export interface RecordingLogger {
  lines: { level: string; message: string; meta: unknown[] }[];
  log(message: string, ...meta: unknown[]): void;
  warn(message: string, ...meta: unknown[]): void;
  error(message: string, ...meta: unknown[]): void;
  debug(message: string, ...meta: unknown[]): void;
}

export function recordingLogger(): RecordingLogger {
  const lines: RecordingLogger['lines'] = [];
  const at = (level: string) => (message: string, ...meta: unknown[]) => {
    lines.push({ level, message, meta });
  };
  return { lines, log: at('log'), warn: at('warn'), error: at('error'), debug: at('debug') };
}

/** createServer with a silent-but-recording logger unless one is given. */
export async function makeApp(root: ModuleImport, options: ServerOptions = {}): Promise<App> {
  return createServer(root, { logger: recordingLogger(), ...options });
}

/**
 * Wraps the engine-facing handler of `app` to record what it returns for each request: a
 * route served without any promise returns undefined. `restore()` puts the original back.
 */
export function recordHandlerReturns(app: App): { returned: unknown[]; restore(): void } {
  const server = app.getHttpServer() as unknown as { handler: Handler };
  const original = server.handler;
  const returned: unknown[] = [];
  server.handler = (req, res) => {
    const out = original(req, res);
    returned.push(out);
    return out;
  };
  return { returned, restore: () => (server.handler = original) };
}

export interface RawResponse {
  status: number;
  head: string;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `raw` to 127.0.0.1:port and reads until the server closes the connection
 * (send `Connection: close`). Parses the first response's head; the body is the rest.
 * `tls`: over TLS, accepting the spec's self-signed certificate.
 */
export function rawRequest(port: number, raw: string | Buffer, options: { tls?: boolean } = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = options.tls ? tls.connect({ port, host: '127.0.0.1', rejectUnauthorized: false }) : net.connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    socket.on('data', (d) => chunks.push(d));
    socket.on('error', reject);
    socket.on('close', () => {
      const text = Buffer.concat(chunks).toString('latin1');
      const end = text.indexOf('\r\n\r\n');
      if (end < 0) return reject(new Error(`no response head in ${JSON.stringify(text)}`));
      const head = text.slice(0, end);
      const headers: Record<string, string> = {};
      for (const line of head.split('\r\n').slice(1)) {
        const i = line.indexOf(':');
        headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
      }
      resolve({ status: Number(head.slice(9, 12)), head, headers, body: text.slice(end + 4) });
    });
    socket.write(raw);
  });
}
