/**
 * A small Prometheus registry: counters, gauges and histograms with fixed label names, and
 * the text exposition format (version 0.0.4). Label sets are resolved once into a series
 * handle that callers keep, so counting a request is a property increment, not a map walk.
 */

export type MetricType = 'counter' | 'gauge' | 'histogram';

/** A serialisable picture of every series: what a worker sends the primary to be summed. */
export interface MetricSnapshot {
  name: string;
  help: string;
  type: MetricType;
  labelNames: readonly string[];
  buckets?: readonly number[];
  series: Array<{ labels: string[]; value: number; counts?: number[]; sum?: number }>;
}

export interface Series {
  value: number;
}

export interface HistogramSeries {
  /** counts per bucket (not cumulative); the last slot is +Inf. */
  readonly counts: number[];
  sum: number;
  count: number;
}

abstract class Metric<S> {
  protected readonly series = new Map<string, { labels: string[]; data: S }>();

  constructor(
    readonly name: string,
    readonly help: string,
    readonly labelNames: readonly string[],
  ) {
    if (!/^[a-zA-Z_:][a-zA-Z0-9_:]*$/.test(name)) throw new TypeError(`Invalid metric name "${name}".`);
    for (const label of labelNames) {
      if (!/^[a-zA-Z_][a-zA-Z0-9_]*$/.test(label) || label.startsWith('__')) {
        throw new TypeError(`Invalid label name "${label}" on metric ${name}.`);
      }
    }
  }

  abstract readonly type: MetricType;
  protected abstract create(): S;

  /** The series for these label values, created on first use; keep the handle. */
  labels(...values: string[]): S {
    if (values.length !== this.labelNames.length) {
      throw new TypeError(`${this.name} takes ${this.labelNames.length} label values, got ${values.length}.`);
    }
    // \u0001 cannot appear in a label value we produce (methods, route patterns, statuses).
    const key = values.join('\u0001');
    let entry = this.series.get(key);
    if (entry === undefined) {
      entry = { labels: values, data: this.create() };
      this.series.set(key, entry);
    }
    return entry.data;
  }

  protected labelText(values: readonly string[], extra?: string): string {
    const parts: string[] = [];
    for (let i = 0; i < this.labelNames.length; i++) parts.push(`${this.labelNames[i]}="${escapeLabel(values[i])}"`);
    if (extra !== undefined) parts.push(extra);
    return parts.length === 0 ? '' : `{${parts.join(',')}}`;
  }

  abstract snapshot(): MetricSnapshot;
  abstract merge(snapshot: MetricSnapshot): void;
  abstract render(out: string[]): void;

  reset(): void {
    this.series.clear();
  }
}

/** Counters and gauges: one number per label set; both sum across workers. */
abstract class ValueMetric extends Metric<Series> {
  protected create(): Series {
    return { value: 0 };
  }
  snapshot(): MetricSnapshot {
    return {
      name: this.name, help: this.help, type: this.type, labelNames: this.labelNames,
      series: [...this.series.values()].map((s) => ({ labels: s.labels, value: s.data.value })),
    };
  }
  /** Workers' values add up: requests of the machine, open connections of the machine. */
  merge(snapshot: MetricSnapshot): void {
    for (const s of snapshot.series) this.labels(...s.labels).value += s.value;
  }
  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} ${this.type}`);
    for (const s of this.series.values()) out.push(`${this.name}${this.labelText(s.labels)} ${formatValue(s.data.value)}`);
  }
}

export class Counter extends ValueMetric {
  readonly type = 'counter';
  inc(amount = 1): void {
    this.labels().value += amount;
  }
}

export class Gauge extends ValueMetric {
  readonly type = 'gauge';
  set(value: number): void {
    this.labels().value = value;
  }
}

/** Latency buckets in seconds: 0.5 ms to 10 s, what a web handler spends. */
export const DEFAULT_BUCKETS: readonly number[] = Object.freeze([
  0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10,
]);

export class Histogram extends Metric<HistogramSeries> {
  readonly type = 'histogram';

  constructor(name: string, help: string, labelNames: readonly string[], readonly buckets: readonly number[] = DEFAULT_BUCKETS) {
    super(name, help, labelNames);
    for (let i = 1; i < buckets.length; i++) {
      if (!(buckets[i] > buckets[i - 1])) throw new TypeError(`${name}: buckets must increase.`);
    }
  }

  protected create(): HistogramSeries {
    return { counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0 };
  }

  /** Records one observation into a series handle (from `labels()`). */
  observeInto(series: HistogramSeries, value: number): void {
    const buckets = this.buckets;
    // A linear scan: 14 buckets, and most requests land in the first few.
    let i = 0;
    while (i < buckets.length && value > buckets[i]) i++;
    series.counts[i]++;
    series.sum += value;
    series.count++;
  }

  observe(value: number): void {
    this.observeInto(this.labels(), value);
  }

  snapshot(): MetricSnapshot {
    return {
      name: this.name, help: this.help, type: this.type, labelNames: this.labelNames, buckets: this.buckets,
      series: [...this.series.values()].map((s) => ({ labels: s.labels, value: s.data.count, counts: [...s.data.counts], sum: s.data.sum })),
    };
  }

  merge(snapshot: MetricSnapshot): void {
    for (const s of snapshot.series) {
      const target = this.labels(...s.labels);
      const counts = s.counts ?? [];
      for (let i = 0; i < target.counts.length && i < counts.length; i++) target.counts[i] += counts[i];
      target.sum += s.sum ?? 0;
      target.count += s.value;
    }
  }

  render(out: string[]): void {
    out.push(`# HELP ${this.name} ${escapeHelp(this.help)}`, `# TYPE ${this.name} histogram`);
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < this.buckets.length; i++) {
        cumulative += s.data.counts[i];
        out.push(`${this.name}_bucket${this.labelText(s.labels, `le="${formatValue(this.buckets[i])}"`)} ${cumulative}`);
      }
      cumulative += s.data.counts[this.buckets.length];
      out.push(`${this.name}_bucket${this.labelText(s.labels, 'le="+Inf"')} ${cumulative}`);
      out.push(`${this.name}_sum${this.labelText(s.labels)} ${formatValue(s.data.sum)}`);
      out.push(`${this.name}_count${this.labelText(s.labels)} ${s.data.count}`);
    }
  }
}

export type AnyMetric = Counter | Gauge | Histogram;

export class Registry {
  private readonly metrics = new Map<string, AnyMetric>();
  /** Called before rendering, so gauges read their source (e.g. open connections) just in time. */
  private readonly collectors: Array<() => void> = [];

  register<M extends AnyMetric>(metric: M): M {
    if (this.metrics.has(metric.name)) throw new TypeError(`Metric ${metric.name} is registered twice.`);
    this.metrics.set(metric.name, metric);
    return metric;
  }

  onCollect(collector: () => void): void {
    this.collectors.push(collector);
  }

  collect(): void {
    for (const collector of this.collectors) collector();
  }

  snapshot(): MetricSnapshot[] {
    this.collect();
    return [...this.metrics.values()].map((m) => m.snapshot());
  }

  /** Renders the text exposition format; `extra` snapshots (other workers) are summed in. */
  render(extra: readonly MetricSnapshot[][] = []): string {
    this.collect();
    if (extra.length === 0) return renderMetrics(this.metrics.values());
    const merged = new Registry();
    for (const metric of this.metrics.values()) {
      const copy = merged.register(cloneEmpty(metric));
      copy.merge(metric.snapshot());
    }
    for (const snapshots of extra) merged.mergeSnapshots(snapshots);
    return renderMetrics(merged.metrics.values());
  }

  mergeSnapshots(snapshots: readonly MetricSnapshot[]): void {
    for (const snapshot of snapshots) {
      let metric = this.metrics.get(snapshot.name);
      if (metric === undefined) metric = this.register(fromSnapshot(snapshot));
      if (metric.type === snapshot.type) metric.merge(snapshot);
    }
  }
}

function renderMetrics(metrics: Iterable<AnyMetric>): string {
  const out: string[] = [];
  for (const metric of metrics) metric.render(out);
  out.push('');
  return out.join('\n');
}

function cloneEmpty(metric: AnyMetric): AnyMetric {
  if (metric instanceof Histogram) return new Histogram(metric.name, metric.help, metric.labelNames, metric.buckets);
  if (metric instanceof Gauge) return new Gauge(metric.name, metric.help, metric.labelNames);
  return new Counter(metric.name, metric.help, metric.labelNames);
}

function fromSnapshot(snapshot: MetricSnapshot): AnyMetric {
  if (snapshot.type === 'histogram') return new Histogram(snapshot.name, snapshot.help, snapshot.labelNames, snapshot.buckets);
  if (snapshot.type === 'gauge') return new Gauge(snapshot.name, snapshot.help, snapshot.labelNames);
  return new Counter(snapshot.name, snapshot.help, snapshot.labelNames);
}

/** Label values escape backslash, double quote and line feed (exposition format). */
function escapeLabel(value: string): string {
  return /["\\\n]/.test(value) ? value.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n') : value;
}

function escapeHelp(value: string): string {
  return value.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

function formatValue(value: number): string {
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (Number.isNaN(value)) return 'NaN';
  return String(value);
}
