/** The human-readable summary of a LoadResult (the JSON form is the result itself). */
import type { LoadResult } from './run';

export function formatResult(r: LoadResult): string {
  const l = r.latencyMs;
  const lines = [
    `${r.method} ${r.url}  ${r.connections} connections, pipelining ${r.pipelining}, ${r.durationSeconds.toFixed(2)} s`,
    `  requests   ${r.responses} responses   ${fmtRate(r.requestsPerSecond)} req/s   ${fmtBytes(r.bytesPerSecond)}/s read${r.inFlightAtEnd > 0 ? `   (${r.inFlightAtEnd} unanswered at the end)` : ''}`,
    `  latency    p50 ${fmtMs(l.p50)}   p90 ${fmtMs(l.p90)}   p99 ${fmtMs(l.p99)}   p99.9 ${fmtMs(l.p999)}   max ${fmtMs(l.max)}   mean ${fmtMs(l.mean)}`,
    `  statuses   ${Object.entries(r.statuses).map(([s, n]) => `${s} × ${n}`).join(', ') || 'none'}${r.non2xx > 0 ? `   (${r.non2xx} non-2xx)` : ''}`,
    `  errors     ${Object.entries(r.errors).map(([k, n]) => `${k} × ${n}`).join(', ') || 'none'}`,
  ];
  if (r.framingError !== '') lines.push(`  framing    ${r.framingError}`);
  return lines.join('\n');
}

export function formatProgress(phase: string, elapsedMs: number, responses: number, rate: number, errors: number): string {
  return `${phase === 'warmup' ? 'warm-up' : 'running'} ${(elapsedMs / 1000).toFixed(0)}s  ${fmtRate(rate)} req/s  ${responses} responses  ${errors} errors`;
}

function fmtRate(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(1);
}

function fmtMs(ms: number): string {
  return ms >= 100 ? `${ms.toFixed(0)} ms` : ms >= 10 ? `${ms.toFixed(1)} ms` : `${ms.toFixed(2)} ms`;
}

function fmtBytes(n: number): string {
  if (n >= 1 << 30) return `${(n / (1 << 30)).toFixed(2)} GiB`;
  if (n >= 1 << 20) return `${(n / (1 << 20)).toFixed(2)} MiB`;
  if (n >= 1 << 10) return `${(n / (1 << 10)).toFixed(1)} KiB`;
  return `${n} B`;
}
