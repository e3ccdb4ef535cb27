#!/usr/bin/env node
/**
 * wirework-load: an HTTP/1.1 load generator on raw sockets (keep-alive, pipelining, exact
 * response framing, HDR-style latency percentiles). `wirework-load --help` for the options.
 */
import { parseArgs, UsageError, USAGE } from './cli-args';
import { formatProgress, formatResult } from './report';
import { runLoad } from './run';

async function main(argv: readonly string[]): Promise<number> {
  let args;
  try {
    args = parseArgs(argv);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`wirework-load: ${err.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // The live line only when a person watches; a pipe or a file gets the summary alone.
  const live = process.stderr.isTTY === true;
  // Ctrl-C ends the run and prints what was measured so far, as wrk and oha do; the handler
  // is once(), so a second Ctrl-C kills as usual.
  const interrupt = new AbortController();
  process.once('SIGINT', () => interrupt.abort());
  const result = await runLoad({
    ...args.options,
    signal: interrupt.signal,
    onProgress: live
      ? (p) => process.stderr.write(`\r\x1b[K${formatProgress(p.phase, p.elapsedMs, p.responses, p.currentRate, p.errors)}`)
      : undefined,
  });
  if (live) process.stderr.write('\r\x1b[K');
  process.stdout.write(args.json ? `${JSON.stringify(result)}\n` : `${formatResult(result)}\n`);
  // Nothing answered at all: say so through the exit code, so a script notices.
  return result.responses === 0 ? 1 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err: Error) => {
    process.stderr.write(`wirework-load: ${err.message}\n`);
    process.exit(1);
  },
);
