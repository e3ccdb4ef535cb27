import { expect } from 'chai';
import { HttpMetrics } from '../../../src/ops/metrics/http-metrics';

describe('HttpMetrics', () => {
  it('counts requests by method, route pattern and status', () => {
    const metrics = new HttpMetrics();
    metrics.requestDone('GET', '/users/:id', 200, 0.002);
    metrics.requestDone('GET', '/users/:id', 200, 0.003);
    metrics.requestDone('GET', '/users/:id', 404, 0.001);
    const text = metrics.render();
    expect(text).to.contain('wirework_http_requests_total{method="GET",route="/users/:id",status="200"} 2\n');
    expect(text).to.contain('wirework_http_requests_total{method="GET",route="/users/:id",status="404"} 1\n');
    expect(text).to.contain('wirework_http_request_duration_seconds_count{method="GET",route="/users/:id"} 3\n');
  });

  it('counts a 429 as a rate-limited request of its route', () => {
    const metrics = new HttpMetrics();
    metrics.requestDone('GET', '/limited', 429, 0.0001);
    expect(metrics.render()).to.contain('wirework_rate_limited_requests_total{route="/limited"} 1\n');
  });

  it('reads open connections, bytes and parse errors from the engine at scrape time', () => {
    const metrics = new HttpMetrics();
    let open = 1;
    metrics.observeEngine(() => ({ openConnections: open, bytesReceived: 100, bytesSent: 250, parseErrors: { 400: 2, 431: 1 } }));
    open = 5;
    const text = metrics.render();
    expect(text).to.contain('wirework_http_open_connections 5\n');
    expect(text).to.contain('wirework_http_received_bytes_total 100\n');
    expect(text).to.contain('wirework_http_sent_bytes_total 250\n');
    expect(text).to.contain('wirework_http_parse_errors_total{status="400"} 2\n');
    expect(text).to.contain('wirework_http_parse_errors_total{status="431"} 1\n');
  });

  it('labels a method outside RFC 9110 and PATCH as OTHER, so clients cannot mint series (regression: one series per method sent)', () => {
    const metrics = new HttpMetrics();
    for (let i = 0; i < 50; i++) metrics.requestDone(`X${i}`, '(unmatched)', 404, 0.001);
    const text = metrics.render();
    expect(text).to.contain('wirework_http_requests_total{method="OTHER",route="(unmatched)",status="404"} 50\n');
    expect(text).to.not.contain('method="X');
  });

  it('keeps the name of every standard method in its label', () => {
    const metrics = new HttpMetrics();
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) metrics.requestDone(method, '/x', 200, 0.001);
    const text = metrics.render();
    for (const method of ['GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'TRACE']) {
      expect(text).to.contain(`wirework_http_requests_total{method="${method}",route="/x",status="200"} 1\n`);
    }
  });
});
