import { expect } from 'chai';
import { createMetricsHost } from '../../../src/ops/metrics/cluster-metrics';
import { Counter, Gauge, Registry, type MetricSnapshot } from '../../../src/ops/metrics/registry';

/** One worker's figures: `requests` served so far, `open` connections now. */
function workerSnapshot(requests: number, open: number): MetricSnapshot[] {
  const registry = new Registry();
  registry.register(new Counter('req_total', 'r', [])).inc(requests);
  registry.register(new Gauge('open', 'o', [])).set(open);
  return registry.snapshot();
}

/** What the asking worker renders: its own figures plus what the primary sent back. */
function machineTotal(own: MetricSnapshot[], others: MetricSnapshot[][]): string {
  const registry = new Registry();
  registry.mergeSnapshots(own);
  return registry.render(others);
}

describe('metrics across workers (primary host)', () => {
  it('keeps the requests of a worker gone silent in the machine total, so the counter never goes back (regression: a crashed worker\'s counts vanished, a counter reset to Prometheus)', () => {
    let clock = 0;
    const host = createMetricsHost(() => clock);
    host.handle(workerSnapshot(5, 2), { id: 1 });
    clock = 11_000; // worker 1 crashed; worker 2 (new) answers a scrape
    const own = workerSnapshot(1, 1);
    const text = machineTotal(own, host.handle(own, { id: 2 }));
    expect(text).to.contain('req_total 6\n');
    expect(text).to.contain('open 1\n'); // its connections are gone with it
  });

  it('still counts a gone worker\'s requests long after it went silent', () => {
    let clock = 0;
    const host = createMetricsHost(() => clock);
    host.handle(workerSnapshot(5, 2), { id: 1 });
    clock = 11_000;
    host.handle(workerSnapshot(1, 1), { id: 2 });
    clock = 3_600_000;
    const own = workerSnapshot(2, 1);
    expect(machineTotal(own, host.handle(own, { id: 2 }))).to.contain('req_total 7\n');
  });

  it('counts a worker that was silent and speaks again once, from its new figures', () => {
    let clock = 0;
    const host = createMetricsHost(() => clock);
    host.handle(workerSnapshot(5, 2), { id: 1 });
    clock = 11_000;
    host.handle(workerSnapshot(1, 1), { id: 2 });
    clock = 12_000;
    host.handle(workerSnapshot(6, 2), { id: 1 }); // its event loop was blocked, not dead
    const own = workerSnapshot(1, 1);
    const text = machineTotal(own, host.handle(own, { id: 2 }));
    expect(text).to.contain('req_total 7\n');
    expect(text).to.contain('open 3\n');
  });
});
