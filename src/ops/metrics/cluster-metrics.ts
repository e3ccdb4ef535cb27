/**
 * `/metrics` with `workers: N`: the scrape hits one worker, but must count them all. Each worker
 * pushes its snapshot to the primary once a second (one IPC message, on an unref'd timer);
 * the worker answering a scrape sends its fresh snapshot and gets back every other worker's
 * latest, then renders the sum. Other workers' figures are at most a push interval old; a
 * worker that exited leaves its counters in the sum and only its gauges drop out.
 */
import { IpcClient } from '../../cluster/ipc-client';
import { Registry, type MetricSnapshot } from './registry';

export const METRICS_CHANNEL = 'wirework:metrics';
const PUSH_EVERY_MS = 1_000;
/** A worker silent this long is gone (crashed or stopped): its gauges must not linger. */
const FORGET_AFTER_MS = 10_000;
/** A worker silent this long will not speak again: its counts are summed into one total. */
const FOLD_AFTER_MS = 600_000;

interface WorkerLike {
  id: number;
}

/** The primary's half: pass `{ [host.channel]: host.handle }` among runPrimary's handlers. */
export function createMetricsHost(now: () => number = Date.now): {
  channel: string;
  handle(body: unknown, worker: WorkerLike): MetricSnapshot[][];
} {
  const latest = new Map<number, { at: number; snapshot: MetricSnapshot[] }>();
  // A gone worker's counters and histograms still count: the requests it served happened, and
  // a machine total that dropped them would go down — to Prometheus a counter reset, which
  // rate() reads as the whole total served again. Its last figures stay (gauges dropped) under
  // its id, so a worker only slow to speak replaces them instead of being counted twice; after
  // FOLD_AFTER_MS they are summed into `folded`, so a crash loop costs no memory per worker.
  const gone = new Map<number, { at: number; snapshot: MetricSnapshot[] }>();
  const folded = new Registry();
  let anyFolded = false;
  return {
    channel: METRICS_CHANNEL,
    handle(body, worker) {
      const at = now();
      gone.delete(worker.id);
      latest.set(worker.id, { at, snapshot: body as MetricSnapshot[] });
      const others: MetricSnapshot[][] = [];
      for (const [id, entry] of latest) {
        if (at - entry.at > FORGET_AFTER_MS) {
          latest.delete(id);
          gone.set(id, { at: entry.at, snapshot: entry.snapshot.filter((metric) => metric.type !== 'gauge') });
        } else if (id !== worker.id) others.push(entry.snapshot);
      }
      for (const [id, entry] of gone) {
        if (at - entry.at > FOLD_AFTER_MS) {
          gone.delete(id);
          folded.mergeSnapshots(entry.snapshot);
          anyFolded = true;
        } else others.push(entry.snapshot);
      }
      if (anyFolded) others.push(folded.snapshot());
      return others;
    },
  };
}

/** The worker's half: pushes on a timer and renders the whole machine's metrics on a scrape. */
export class WorkerMetricsLink {
  private readonly client = new IpcClient(1_000);
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly registry: Registry) {
    this.timer = setInterval(() => this.push(), PUSH_EVERY_MS);
    this.timer.unref();
  }

  async render(): Promise<string> {
    try {
      const others = (await this.client.request(METRICS_CHANNEL, this.registry.snapshot())) as MetricSnapshot[][];
      return this.registry.render(others);
    } catch {
      // The primary is gone or slow: this worker's own figures beat no answer.
      return this.registry.render();
    }
  }

  close(): void {
    clearInterval(this.timer);
    this.client.close();
  }

  private push(): void {
    this.client.request(METRICS_CHANNEL, this.registry.snapshot()).catch(() => undefined);
  }
}
