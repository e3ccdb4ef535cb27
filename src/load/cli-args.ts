/**
 * The command line of wirework-load, parsed into LoadOptions. Kept apart from cli.ts so the
 * spec can check it without starting a run.
 */
import { readFileSync } from 'node:fs';
import { isToken } from '../http/chars';
import type { LoadOptions } from './run';

export const USAGE = `usage: wirework-load <url> [options]

  -c, --connections N   keep-alive connections (default 10)
  -d, --duration T      measured time: 10, 10s, 500ms, 1m (default 10s)
  -w, --warmup T        load first for T, then reset the counters (default 0)
  -p, --pipelining N    requests written back to back per connection (default 1)
  -m, --method M        request method (default GET)
  -b, --body TEXT       request body; @path reads it from a file
  -H, --header 'k: v'   an extra request header (repeatable)
  -t, --timeout T       a connection silent this long with responses owed is replaced (default 10s)
  -n, --requests N      stop after N responses
      --json            print the result as JSON on stdout
  -h, --help            this text

example: wirework-load http://127.0.0.1:3000/ -c 100 -d 10 -p 10`;

export class UsageError extends Error {}

export interface CliArgs {
  options: LoadOptions;
  json: boolean;
  help: boolean;
}

/**
 * Node's timers take at most 2^31 − 1 ms (about 24.8 days); past that setTimeout fires after
 * 1 ms, so a huge -d (say, to let -n end the run) would end it at once, measuring nothing.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** '10' → 10 000, '2.5s' → 2 500, '500ms' → 500, '1m' → 60 000 (milliseconds). */
export function parseDuration(text: string, flag: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!m) throw new UsageError(`${flag} takes a duration like 10, 10s, 500ms or 1m, not "${text}"`);
  const n = Number(m[1]);
  const unit = m[2] ?? 's';
  const ms = Math.round(unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000);
  if (ms > MAX_TIMER_MS) {
    throw new UsageError(`${flag} takes at most ${Math.floor(MAX_TIMER_MS / 1000)}s (about 24 days, Node's timer limit), not "${text}"`);
  }
  return ms;
}

/** A duration that must be more than nothing: -d 0 measures nothing, -t 0 would never time out. */
function parsePositiveDuration(text: string, flag: string): number {
  const ms = parseDuration(text, flag);
  if (ms <= 0) throw new UsageError(`${flag} takes a duration above 0, not "${text}"`);
  return ms;
}

function parseCount(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`${flag} takes a whole number ≥ 1, not "${text}"`);
  return Number(text);
}

export function parseHeader(text: string): [string, string] {
  const colon = text.indexOf(':');
  const name = colon < 0 ? '' : text.slice(0, colon).trim();
  if (!isToken(name)) {
    throw new UsageError(`-H takes 'name: value', not "${text}"`);
  }
  return [name, text.slice(colon + 1).trim()];
}

export function parseArgs(argv: readonly string[]): CliArgs {
  const options: LoadOptions = { url: '', durationMs: 10_000 };
  const headers: Array<[string, string]> = [];
  let json = false;
  let help = false;
  for (let k = 0; k < argv.length; k++) {
    const arg = argv[k];
    // --flag=value is the same as --flag value
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq > 0 ? arg.slice(0, eq) : arg;
    const value = (): string => {
      if (eq > 0) return arg.slice(eq + 1);
      const next = argv[++k];
      if (next === undefined) throw new UsageError(`${flag} needs a value`);
      return next;
    };
    switch (flag) {
      case '-c': case '--connections': options.connections = parseCount(value(), flag); break;
      case '-d': case '--duration': options.durationMs = parsePositiveDuration(value(), flag); break;
      case '-w': case '--warmup': options.warmupMs = parseDuration(value(), flag); break;
      case '-p': case '--pipelining': options.pipelining = parseCount(value(), flag); break;
      case '-m': case '--method': options.method = parseMethod(value(), flag); break;
      case '-b': case '--body': {
        const v = value();
        options.body = v.startsWith('@') ? readBodyFile(v.slice(1)) : Buffer.from(v);
        break;
      }
      case '-H': case '--header': headers.push(parseHeader(value())); break;
      case '-t': case '--timeout': options.timeoutMs = parsePositiveDuration(value(), flag); break;
      case '-n': case '--requests': options.maxResponses = parseCount(value(), flag); break;
      case '--json': json = true; break;
      case '-h': case '--help': help = true; break;
      default:
        if (arg.startsWith('-')) throw new UsageError(`unknown option ${arg}`);
        if (options.url !== '') throw new UsageError(`one URL only; got "${options.url}" and "${arg}"`);
        options.url = arg;
    }
  }
  if (!help) {
    if (options.url === '') throw new UsageError('give the URL to load, e.g. http://127.0.0.1:3000/');
    // 'localhost:3000' parses as a URL whose scheme is "localhost:"; say what was meant.
    if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(options.url)) {
      throw new UsageError(`"${options.url}" has no scheme; write http://${options.url}`);
    }
    let url: URL;
    try {
      url = new URL(options.url);
    } catch {
      throw new UsageError(`"${options.url}" is not a URL`);
    }
    if (url.protocol !== 'http:') throw new UsageError(`only http:// URLs, not ${url.protocol}`);
  }
  options.headers = headers;
  return { options, json, help };
}

function parseMethod(text: string, flag: string): string {
  if (!isToken(text)) throw new UsageError(`${flag} takes a method like GET or POST, not "${text}"`);
  return text;
}

function readBodyFile(path: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new UsageError(`cannot read the body file ${path}: ${(err as Error).message}`);
  }
}
