import { expect } from 'chai';
import { formatAccessLog, type AccessLogEntry } from '../../src/ops/access-log';

const entry: AccessLogEntry = {
  time: new Date('2026-01-02T03:04:05.678Z'), method: 'GET', path: '/users/7', status: 200,
  bytes: 42, ms: 1.23456, requestId: 'abc-1', remoteAddress: '127.0.0.1', aborted: false,
};

describe('access log', () => {
  it('writes one text line with time, method, path, status, bytes, ms, id and address', () => {
    expect(formatAccessLog(entry, 'text')).to.equal('2026-01-02T03:04:05.678Z GET "/users/7" 200 42B 1.235ms id=abc-1 ip=127.0.0.1');
  });

  it('writes id=- in the text line when the request has no id (requestId: false), not an empty id=', () => {
    expect(formatAccessLog({ ...entry, requestId: '' }, 'text')).to.contain(' id=- ip=127.0.0.1');
  });

  it('writes one JSON object per line in json format', () => {
    const line = formatAccessLog(entry, 'json');
    expect(line).to.not.contain('\n');
    expect(JSON.parse(line)).to.deep.equal({
      time: '2026-01-02T03:04:05.678Z', method: 'GET', path: '/users/7', status: 200, bytes: 42, ms: 1.235, requestId: 'abc-1', remoteAddress: '127.0.0.1', aborted: false,
    });
  });

  it('ends the text line with "aborted" when the connection closed before the response was complete', () => {
    expect(formatAccessLog({ ...entry, status: 499, bytes: 0, aborted: true }, 'text')).to.equal('2026-01-02T03:04:05.678Z GET "/users/7" 499 0B 1.235ms id=abc-1 ip=127.0.0.1 aborted');
  });
});
