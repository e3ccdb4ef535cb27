import { expect } from 'chai';
import { Counter, Gauge, Histogram, Registry } from '../../../src/ops/metrics/registry';

/** Every sample line of the exposition format, as the ops probe checks it. */
const SAMPLE_LINE = /^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="([^"\\]|\\.)*",?)*\})? [-+0-9.eEInfa]+( \d+)?$/;

function sampleLines(text: string): string[] {
  return text.split('\n').filter((line) => line !== '' && !line.startsWith('#'));
}

describe('metrics registry', () => {
  it('renders a labelled counter as HELP, TYPE and one sample per label set', () => {
    const registry = new Registry();
    const counter = registry.register(new Counter('app_requests_total', 'Requests.', ['method', 'status']));
    counter.labels('GET', '200').value += 3;
    counter.labels('POST', '201').value += 1;
    const text = registry.render();
    expect(text).to.contain('# HELP app_requests_total Requests.\n# TYPE app_requests_total counter\n');
    expect(text).to.contain('app_requests_total{method="GET",status="200"} 3\n');
    expect(text).to.contain('app_requests_total{method="POST",status="201"} 1\n');
  });

  it('renders histogram buckets cumulatively with +Inf, _sum and _count', () => {
    const registry = new Registry();
    const histogram = registry.register(new Histogram('latency_seconds', 'Latency.', ['route'], [0.1, 1]));
    const series = histogram.labels('/a');
    histogram.observeInto(series, 0.05);
    histogram.observeInto(series, 0.5);
    histogram.observeInto(series, 5);
    const text = registry.render();
    expect(text).to.contain('latency_seconds_bucket{route="/a",le="0.1"} 1\n');
    expect(text).to.contain('latency_seconds_bucket{route="/a",le="1"} 2\n');
    expect(text).to.contain('latency_seconds_bucket{route="/a",le="+Inf"} 3\n');
    expect(text).to.contain('latency_seconds_sum{route="/a"} 5.55\n');
    expect(text).to.contain('latency_seconds_count{route="/a"} 3\n');
  });

  it('puts an observation equal to a bucket bound in that bucket (le is inclusive)', () => {
    const histogram = new Histogram('h', 'h', [], [1, 2]);
    histogram.observe(1);
    expect(histogram.labels().counts).to.deep.equal([1, 0, 0]);
  });

  it('escapes quotes, backslashes and line feeds in label values', () => {
    const registry = new Registry();
    registry.register(new Counter('c_total', 'c', ['route'])).labels('/a"b\\c\nd').value = 1;
    const lines = sampleLines(registry.render());
    expect(lines).to.deep.equal(['c_total{route="/a\\"b\\\\c\\nd"} 1']);
    expect(lines.every((line) => SAMPLE_LINE.test(line))).to.equal(true);
  });

  it('refuses a metric registered twice under one name', () => {
    const registry = new Registry();
    registry.register(new Counter('dup_total', 'x', []));
    expect(() => registry.register(new Counter('dup_total', 'x', []))).to.throw(/registered twice/);
  });

  it('refuses the wrong number of label values', () => {
    const counter = new Counter('c_total', 'c', ['a', 'b']);
    expect(() => counter.labels('only-one')).to.throw(/takes 2 label values/);
  });

  it('sums other workers\' snapshots into the rendered text without changing its own counts', () => {
    const mine = new Registry();
    const counter = mine.register(new Counter('req_total', 'r', ['status']));
    const gauge = mine.register(new Gauge('open', 'o', []));
    const histogram = mine.register(new Histogram('lat', 'l', [], [1]));
    counter.labels('200').value = 2;
    gauge.set(3);
    histogram.observe(0.5);
    const other = new Registry();
    other.register(new Counter('req_total', 'r', ['status'])).labels('200').value = 5;
    other.register(new Gauge('open', 'o', [])).set(4);
    other.register(new Histogram('lat', 'l', [], [1])).observe(2);
    const text = mine.render([other.snapshot()]);
    expect(text).to.contain('req_total{status="200"} 7\n');
    expect(text).to.contain('open 7\n');
    expect(text).to.contain('lat_bucket{le="1"} 1\n');
    expect(text).to.contain('lat_bucket{le="+Inf"} 2\n');
    expect(counter.labels('200').value).to.equal(2);
  });

  it('runs collectors before rendering so gauges read their source at scrape time', () => {
    const registry = new Registry();
    const gauge = registry.register(new Gauge('g', 'g', []));
    let source = 1;
    registry.onCollect(() => gauge.set(source));
    source = 42;
    expect(registry.render()).to.contain('g 42\n');
  });
});
