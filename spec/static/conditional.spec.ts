import { expect } from 'chai';
import { weakFileEtag, etagListMatches, httpDate, parseHttpDateSeconds } from '../../src/http/etag';
import { evaluatePreconditions, ifRangeHolds, Precondition, Validators } from '../../src/http/conditional';

function request(method: string, headers: Record<string, string>) {
  return { method, header: (name: string) => headers[name] };
}

describe('http: validators and conditional requests (RFC 9110 §8.8, §13)', () => {
  const mtimeMs = Date.UTC(2026, 0, 2, 3, 4, 5, 678);
  const etag = weakFileEtag(1234, mtimeMs);
  const lastModified = httpDate(mtimeMs);
  const v: Validators = { etag, lastModifiedSeconds: Math.floor(mtimeMs / 1000) };
  const earlier = httpDate(mtimeMs - 60_000);
  const later = httpDate(mtimeMs + 60_000);

  describe('weakFileEtag and httpDate', () => {
    it('makes a weak tag of size and mtime in hex', () => {
      expect(etag).to.equal(`W/"4d2-${Math.floor(mtimeMs).toString(16)}"`);
    });

    it('changes the tag when the size or the mtime changes', () => {
      expect(weakFileEtag(1235, mtimeMs)).to.not.equal(etag);
      expect(weakFileEtag(1234, mtimeMs + 1)).to.not.equal(etag);
    });

    it('formats Last-Modified as an IMF-fixdate', () => {
      expect(lastModified).to.equal('Fri, 02 Jan 2026 03:04:05 GMT');
    });

    it('parses the three HTTP-date forms and gives NaN for garbage', () => {
      const s = Math.floor(Date.UTC(1994, 10, 6, 8, 49, 37) / 1000);
      expect(parseHttpDateSeconds('Sun, 06 Nov 1994 08:49:37 GMT')).to.equal(s);
      expect(parseHttpDateSeconds('Sunday, 06-Nov-94 08:49:37 GMT')).to.equal(s);
      expect(parseHttpDateSeconds('Sun Nov  6 08:49:37 1994')).to.be.a('number');
      expect(parseHttpDateSeconds('not a date')).to.be.NaN;
    });
  });

  describe('parseHttpDateSeconds is strict (RFC 9110 §5.6.7; an invalid date is ignored, §13.1.3)', () => {
    const s = Math.floor(Date.UTC(1994, 10, 6, 8, 49, 37) / 1000);

    it('reads an asctime date as UTC whatever the local time zone', () => {
      const saved = process.env.TZ;
      process.env.TZ = 'America/New_York';
      try {
        expect(parseHttpDateSeconds('Sun Nov  6 08:49:37 1994')).to.equal(s);
      } finally {
        if (saved === undefined) delete process.env.TZ;
        else process.env.TZ = saved;
      }
    });

    it('refuses a bare year, which is not an HTTP-date', () => {
      expect(parseHttpDateSeconds('2100')).to.be.NaN;
    });

    it('refuses a bare number, which is not an HTTP-date', () => {
      expect(parseHttpDateSeconds('1')).to.be.NaN;
    });

    it('refuses a day that its month does not have (31 Feb)', () => {
      expect(parseHttpDateSeconds('Thu, 31 Feb 1994 08:49:37 GMT')).to.be.NaN;
    });

    it('refuses a date in another zone than GMT', () => {
      expect(parseHttpDateSeconds('Sun, 06 Nov 1994 08:49:37 +0200')).to.be.NaN;
    });

    it('refuses two dates joined by a comma (repeated field lines)', () => {
      expect(parseHttpDateSeconds('Sun, 06 Nov 1994 08:49:37 GMT, Mon, 07 Nov 1994 08:49:37 GMT')).to.be.NaN;
    });

    it('reads a two-digit RFC 850 year as the latest year not more than 50 years ahead', () => {
      // 2070 is less than 50 years after any year this code runs in (2020-2069); 1970 is what a lenient parser says
      expect(parseHttpDateSeconds('Thursday, 01-Jan-70 00:00:00 GMT')).to.equal(Math.floor(Date.UTC(2070, 0, 1) / 1000));
    });

    it('accepts optional whitespace around the date', () => {
      expect(parseHttpDateSeconds(' Sun, 06 Nov 1994 08:49:37 GMT\t')).to.equal(s);
    });
  });

  describe('etagListMatches', () => {
    it('matches the same weak tag by weak comparison', () => {
      expect(etagListMatches(etag, etag, false)).to.equal(true);
    });

    it('matches the strong form of our weak tag by weak comparison', () => {
      expect(etagListMatches(etag.slice(2), etag, false)).to.equal(true);
    });

    it('finds our tag in a list with whitespace and other tags', () => {
      expect(etagListMatches(`"x", W/"y" ,  ${etag}`, etag, false)).to.equal(true);
    });

    it('does not match a tag that only starts like ours', () => {
      expect(etagListMatches(etag.slice(0, -1) + '0"', etag, false)).to.equal(false);
    });

    it('matches * whatever our tag is', () => {
      expect(etagListMatches(' *', etag, true)).to.equal(true);
      expect(etagListMatches('*', '', false)).to.equal(true);
    });

    it('never matches a weak tag by strong comparison', () => {
      expect(etagListMatches(etag, etag, true)).to.equal(false);
      expect(etagListMatches('"abc"', 'W/"abc"', true)).to.equal(false);
      expect(etagListMatches('W/"abc"', '"abc"', true)).to.equal(false);
    });

    it('matches equal strong tags by strong comparison', () => {
      expect(etagListMatches('"a", "abc"', '"abc"', true)).to.equal(true);
    });

    it('stops at a malformed member without matching', () => {
      expect(etagListMatches('abc, "x"', '"x"', false)).to.equal(false);
      expect(etagListMatches('"unterminated', '"unterminated"', false)).to.equal(false);
    });

    it('matches nothing when ETags are off (our tag is empty)', () => {
      expect(etagListMatches('"x"', '', false)).to.equal(false);
    });
  });

  describe('evaluatePreconditions', () => {
    it('sends the file when there is no precondition', () => {
      expect(evaluatePreconditions(request('GET', {}), v)).to.equal(Precondition.Send);
    });

    it('answers 304 when If-None-Match names our tag', () => {
      expect(evaluatePreconditions(request('GET', { 'if-none-match': etag }), v)).to.equal(Precondition.NotModified);
    });

    it('answers 304 to HEAD as to GET', () => {
      expect(evaluatePreconditions(request('HEAD', { 'if-none-match': etag }), v)).to.equal(Precondition.NotModified);
    });

    it('answers 304 for If-None-Match: *', () => {
      expect(evaluatePreconditions(request('GET', { 'if-none-match': '*' }), v)).to.equal(Precondition.NotModified);
    });

    it('sends the file when If-None-Match names other tags', () => {
      expect(evaluatePreconditions(request('GET', { 'if-none-match': '"other"' }), v)).to.equal(Precondition.Send);
    });

    it('answers 412, not 304, when If-None-Match matches on an unsafe method', () => {
      expect(evaluatePreconditions(request('PUT', { 'if-none-match': etag }), v)).to.equal(Precondition.Failed);
    });

    it('answers 304 when not modified since If-Modified-Since', () => {
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': lastModified }), v)).to.equal(Precondition.NotModified);
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': later }), v)).to.equal(Precondition.NotModified);
    });

    it('sends the file when modified after If-Modified-Since', () => {
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': earlier }), v)).to.equal(Precondition.Send);
    });

    it('ignores an If-Modified-Since that is not a date', () => {
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': 'yesterday' }), v)).to.equal(Precondition.Send);
    });

    it('ignores an If-Modified-Since that is only a year ("2100"), instead of answering 304', () => {
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': '2100' }), v)).to.equal(Precondition.Send);
    });

    it('lets If-None-Match win over If-Modified-Since (RFC 9110 §13.2.2)', () => {
      expect(evaluatePreconditions(request('GET', { 'if-none-match': '"other"', 'if-modified-since': lastModified }), v)).to.equal(Precondition.Send);
    });

    it('ignores If-Modified-Since when Last-Modified is off', () => {
      const noDate: Validators = { etag, lastModifiedSeconds: NaN };
      expect(evaluatePreconditions(request('GET', { 'if-modified-since': later }), noDate)).to.equal(Precondition.Send);
    });

    it('answers 412 when If-Match does not match strongly (our tags are weak)', () => {
      expect(evaluatePreconditions(request('GET', { 'if-match': etag }), v)).to.equal(Precondition.Failed);
    });

    it('lets If-Match: * through', () => {
      expect(evaluatePreconditions(request('GET', { 'if-match': '*' }), v)).to.equal(Precondition.Send);
    });

    it('answers 412 when modified after If-Unmodified-Since', () => {
      expect(evaluatePreconditions(request('GET', { 'if-unmodified-since': earlier }), v)).to.equal(Precondition.Failed);
      expect(evaluatePreconditions(request('GET', { 'if-unmodified-since': later }), v)).to.equal(Precondition.Send);
    });
  });

  describe('ifRangeHolds', () => {
    it('holds when there is no If-Range', () => {
      expect(ifRangeHolds(request('GET', {}), v)).to.equal(true);
    });

    it('does not hold for our own weak tag (If-Range compares strongly)', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': etag }), v)).to.equal(false);
    });

    it('holds for an equal strong tag', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': '"v1"' }), { etag: '"v1"', lastModifiedSeconds: NaN })).to.equal(true);
    });

    it('does not hold for a stale tag', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': '"stale"' }), v)).to.equal(false);
    });

    it('holds for a date equal to Last-Modified', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': lastModified }), v)).to.equal(true);
    });

    it('does not hold for any other date, earlier or later', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': earlier }), v)).to.equal(false);
      expect(ifRangeHolds(request('GET', { 'if-range': later }), v)).to.equal(false);
    });

    it('does not hold for garbage', () => {
      expect(ifRangeHolds(request('GET', { 'if-range': 'whenever' }), v)).to.equal(false);
    });
  });
});
