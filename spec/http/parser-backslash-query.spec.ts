/**
 * Regression (differential audit against llhttp): a raw backslash in the query was answered
 * 400. The WHATWG URL parser — every browser, fetch and undici — leaves '\' unencoded in a
 * query (its query percent-encode set is C0, SP, '"', '#', '<', '>'), so `fetch('/f?p=C:\\x')`
 * reached the wire as-is and node:http, Fastify and NestJS served it while we refused it.
 * In a path the same parser turns '\' into '/', so a raw one there is still hand-made: 400.
 */
import { expect } from 'chai';
import { headOf, statusOf } from './helpers/parse';

const GET = (target: string): string => `GET ${target} HTTP/1.1\r\nHost: a\r\n\r\n`;

describe('RequestParser: a backslash in the request target', () => {
  it('accepts a raw backslash in the query, as browsers send it', () => {
    const head = headOf(GET('/files?path=C:\\Users\\a'));
    expect(head.path).to.equal('/files');
    expect(head.query).to.equal('path=C:\\Users\\a');
    expect(head.target).to.equal('/files?path=C:\\Users\\a');
  });

  it('accepts a raw backslash in the query of an absolute-form target', () => {
    expect(headOf(GET('http://a/f?q=a\\b')).query).to.equal('q=a\\b');
  });

  it('accepts a raw backslash in the query when the head arrives one byte at a time', () => {
    const bytes = GET('/f?q=a\\b');
    expect(headOf(bytes.split('')).query).to.equal('q=a\\b');
  });

  it('still answers 400 for a raw backslash in the path', () => {
    expect(statusOf(GET('/a\\b?q=1'))).to.equal(400);
  });
});
