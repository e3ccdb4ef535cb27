/**
 * The counters of one load run, shared by all its connections. Per response: one histogram
 * record and one typed-array increment — nothing that allocates.
 */
import { Histogram } from './histogram';

export class LoadStats {
  readonly latency = new Histogram();
  /** responses by status code; index = status (100–599) */
  readonly statusCounts = new Float64Array(600);
  responses = 0;
  bytesRead = 0;
  /** errors by kind: connect, reset, timeout, closed, framing, or a lower-cased errno */
  readonly errors = new Map<string, number>();
  /** the first framing complaint, so the report can say what the server sent */
  firstFramingError = '';
  /** set when the run is over: connections stop sending */
  done = false;

  /** onLimit is called once `responses` reaches maxResponses (settable: off during a warm-up) */
  constructor(
    private readonly onLimit?: () => void,
    public maxResponses = Infinity,
  ) {}

  response(status: number, latencyUs: number): void {
    // -n is exact: one read can carry more responses than are left to count (the rest of a
    // pipelined batch); those, and any read before the run stops, are not counted.
    if (this.done) return;
    this.latency.record(latencyUs);
    this.statusCounts[status]++;
    if (++this.responses >= this.maxResponses) {
      this.done = true;
      this.onLimit?.();
    }
  }

  error(kind: string): void {
    this.errors.set(kind, (this.errors.get(kind) ?? 0) + 1);
  }

  framingError(message: string): void {
    if (this.firstFramingError === '') this.firstFramingError = message;
    this.error('framing');
  }

  get errorCount(): number {
    let n = 0;
    for (const v of this.errors.values()) n += v;
    return n;
  }

  /** Start measuring afresh (after the warm-up); connections stay open. */
  reset(): void {
    this.latency.reset();
    this.statusCounts.fill(0);
    this.responses = 0;
    this.bytesRead = 0;
    this.errors.clear();
    this.firstFramingError = '';
  }
}
