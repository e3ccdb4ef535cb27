/**
 * A differential audit of our request parser against llhttp, the parser inside node:http
 * (strict mode, default limits). Each case sends the same raw bytes to both servers (see
 * support/two-parsers.ts) and pins both verdicts: where they agree, what each handler saw
 * must agree too; where they differ, the case says who is right and by which RFC section.
 * A change on either side — ours or a Node upgrade — fails here and must be looked at.
 *
 * Verdicts: 'ok' (the handler ran and answered 200), a status ('400', '100 ok' for an interim
 * 100 then 200, 'ok ok' for two pipelined answers), 'closed' (closed without a word), or
 * 'waits, eof→X' (no answer until the client ended its side, then X).
 */
import { expect } from 'chai';
import { probe, startTwoServers, type Outcome, type Seen, type TwoServers } from './support/two-parsers';

interface Case {
  /** what the bytes test */
  name: string;
  /** the request bytes (latin1); several pieces are sent apart, in order */
  bytes: string | string[];
  /** our verdict */
  ours: string;
  /** llhttp's verdict, only when it differs from ours (then `why` says who is right) */
  llhttp?: string;
  /** why the two differ, per the RFC; or why what the handlers saw differs */
  why?: string;
  /** both accept but parse differently: checks what each handler saw instead of equality */
  seen?: (ours: Seen[], llhttp: Seen[]) => void;
}

const H = 'Host: a\r\n';
const GET = (fields = '', line = 'GET / HTTP/1.1'): string => `${line}\r\n${H}${fields}\r\n`;
const line = (requestLine: string): string => GET('', requestLine);
const POST = (fields: string, body = ''): string => `POST / HTTP/1.1\r\n${H}${fields}\r\n${body}`;
const CL5 = (fields = ''): string => POST(`Content-Length: 5\r\n${fields}`, 'hello');
const TE = (value: string, body = '5\r\nhello\r\n0\r\n\r\n'): string => POST(`Transfer-Encoding: ${value}\r\n`, body);
const CHUNKED = (body: string): string => TE('chunked', body);
const HOST = (value: string): string => `GET / HTTP/1.1\r\nHost: ${value}\r\n\r\n`;
const targets = (ours: Seen[], llhttp: Seen[]): string[] => [...ours, ...llhttp].map((s) => s.target);
const trailersOf = (ours: Seen[], llhttp: Seen[]): string[][] => [ours[0].trailers, llhttp[0].trailers];

const CASES: Case[] = [
  // ---- Content-Length
  { name: 'CL + TE (CL.TE smuggling)', bytes: POST('Content-Length: 5\r\nTransfer-Encoding: chunked\r\n', '0\r\n\r\n'), ours: '400' },
  { name: 'TE + CL (TE.CL smuggling)', bytes: POST('Transfer-Encoding: chunked\r\nContent-Length: 5\r\n', '0\r\n\r\n'), ours: '400' },
  { name: 'two equal Content-Length fields', bytes: POST('Content-Length: 5\r\nContent-Length: 5\r\n', 'hello'), ours: 'ok', llhttp: '400', why: 'RFC 9110 §8.6 / RFC 9112 §6.3 ¶5: a recipient MAY reject or replace repeated identical values with one; both allowed, we take the value' },
  { name: 'two differing Content-Length fields', bytes: POST('Content-Length: 5\r\nContent-Length: 6\r\n', 'hello!'), ours: '400' },
  { name: 'Content-Length: 5, 5 (a folded list)', bytes: POST('Content-Length: 5, 5\r\n', 'hello'), ours: 'ok', llhttp: '400', why: 'RFC 9110 §8.6: a list of identical values MAY be accepted as one value; both allowed' },
  { name: 'Content-Length: 5, 6', bytes: POST('Content-Length: 5, 6\r\n', 'hello!'), ours: '400' },
  { name: 'Content-Length with a plus sign', bytes: POST('Content-Length: +5\r\n', 'hello'), ours: '400' },
  { name: 'Content-Length with a minus sign', bytes: POST('Content-Length: -5\r\n', 'hello'), ours: '400' },
  { name: 'Content-Length with leading zeros (decimal, not octal)', bytes: POST('Content-Length: 005\r\n', 'hello'), ours: 'ok' },
  { name: 'Content-Length with spaces around it (OWS)', bytes: POST('Content-Length:   5  \r\n', 'hello'), ours: 'ok' },
  { name: 'Content-Length with tabs around it (OWS)', bytes: POST('Content-Length:\t5\t\r\n', 'hello'), ours: 'ok', llhttp: '400', why: 'RFC 9112 §5.1: OWS around a field value is SP or HTAB and is not part of the value; llhttp refuses the HTAB, we are right' },
  { name: 'Content-Length with an inner space', bytes: POST('Content-Length: 5 5\r\n', 'hello'), ours: '400' },
  { name: 'Content-Length in hex', bytes: POST('Content-Length: 0x5\r\n', 'hello'), ours: '400' },
  { name: 'empty Content-Length', bytes: POST('Content-Length: \r\n'), ours: '400' },
  { name: 'body longer than Content-Length: the rest is a bad next request', bytes: POST('Content-Length: 5\r\n', 'hello!!!\r\n\r\n'), ours: 'ok 400', llhttp: '400', why: 'RFC 9112 §9.3.2: the first request is complete and valid, so it is answered before the 400 for the bytes after it; llhttp fails the whole read and never answers the first' },
  { name: 'body shorter than Content-Length, then the client ends', bytes: POST('Content-Length: 9\r\n', 'hello'), ours: 'waits, eof→400' },
  { name: 'Content-Length: 0 on a GET', bytes: GET('Content-Length: 0\r\n'), ours: 'ok' },
  { name: 'a body on a GET', bytes: CL5().replace('POST', 'GET'), ours: 'ok' },

  // ---- Transfer-Encoding
  { name: 'TE chunked, identity (chunked not last)', bytes: TE('chunked, identity', '0\r\n\r\n'), ours: '400' },
  { name: 'TE identity alone', bytes: TE('identity', ''), ours: '400' },
  { name: 'TE gzip, chunked (a coding we do not implement)', bytes: TE('gzip, chunked'), ours: '501', llhttp: 'ok', why: 'RFC 9112 §6.1: a server that receives a transfer coding it does not understand SHOULD answer 501; llhttp hands the still-gzipped body to the application' },
  { name: 'TE identity, chunked ("identity" is no longer a transfer coding)', bytes: TE('identity, chunked'), ours: '501', llhttp: 'ok', why: 'RFC 9112 §6.1 (501 for an unknown coding; RFC 9112 §7 registers no "identity")' },
  { name: 'TE chunked then TE gzip on two lines (chunked not last)', bytes: POST('Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n', '5\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'TE chunked, chunked', bytes: TE('chunked, chunked'), ours: '400' },
  { name: 'TE chunked on two lines', bytes: POST('Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n', '5\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'TE CHUNKED (codings are case-insensitive)', bytes: TE('CHUNKED'), ours: 'ok' },
  { name: 'TE xchunked', bytes: TE('xchunked'), ours: '400' },
  { name: 'TE chunked with a parameter', bytes: TE('chunked;q=1'), ours: '400' },
  { name: 'TE empty value', bytes: TE('', ''), ours: '400', llhttp: 'ok', why: 'RFC 9112 §6.3 ¶4: Transfer-Encoding is present and chunked is not the final coding → MUST 400; llhttp frames the request as if TE were absent, we are right' },
  { name: 'TE chunked, (a trailing empty list member)', bytes: TE('chunked,'), ours: '400' },
  { name: 'TE , chunked (a leading empty list member)', bytes: TE(', chunked'), ours: '400', llhttp: 'ok', why: 'RFC 9110 §5.6.1.2 asks recipients to ignore empty list members, but RFC 9112 §11.2: framing read two ways is how smuggling works; we refuse a malformed TE outright (a refusal cannot desynchronise) and llhttp refuses "chunked," itself — a deliberate, documented strictness' },
  { name: 'TE in an HTTP/1.0 request', bytes: 'POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n', ours: '400', llhttp: 'ok', why: 'RFC 9112 §6.1: a server MUST treat an HTTP/1.0 message with Transfer-Encoding as having faulty framing; we refuse it, llhttp decodes it' },
  { name: 'Content-Length in an HTTP/1.0 request', bytes: 'POST / HTTP/1.0\r\nContent-Length: 5\r\n\r\nhello', ours: 'ok' },

  // ---- chunked framing
  { name: 'a well-formed chunked body', bytes: CHUNKED('5\r\nhello\r\n0\r\n\r\n'), ours: 'ok' },
  { name: 'chunk size in upper-case hex', bytes: CHUNKED('A\r\n0123456789\r\n0\r\n\r\n'), ours: 'ok' },
  { name: 'chunk size overflowing 64 bits', bytes: CHUNKED('fffffffffffffffff1\r\nhello\r\n0\r\n\r\n'), ours: '413', llhttp: '400', why: 'both refuse; our body limit trips before the overflow check, and RFC 9110 §15.5.14 413 fits a chunk larger than we accept' },
  { name: 'chunk size with a leading space', bytes: CHUNKED(' 5\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'chunk size with a trailing space and no extension', bytes: CHUNKED('5 \r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'chunk size with a 0x prefix', bytes: CHUNKED('0x5\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'empty chunk-size line', bytes: CHUNKED('\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'last chunk written 000', bytes: CHUNKED('5\r\nhello\r\n000\r\n\r\n'), ours: 'ok' },
  { name: 'chunk extensions, token and quoted', bytes: CHUNKED('5;a="b c";d=e\r\nhello\r\n0\r\n\r\n'), ours: 'ok' },
  { name: 'chunk extension without a value', bytes: CHUNKED('5;a\r\nhello\r\n0\r\n\r\n'), ours: 'ok' },
  { name: 'chunk extension with an escaped quote', bytes: CHUNKED('5;a="b\\"c"\r\nhello\r\n0\r\n\r\n'), ours: 'ok' },
  { name: 'chunk extension on the last chunk', bytes: CHUNKED('5\r\nhello\r\n0;x=y\r\n\r\n'), ours: 'ok' },
  { name: 'chunk extension with BWS before ";"', bytes: CHUNKED('5 ;a=b\r\nhello\r\n0\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'RFC 9112 §7.1.1 chunk-ext = *( BWS ";" BWS name [ BWS "=" BWS value ] ) and RFC 9110 §5.6.3: a recipient MUST parse and remove BWS; we are right' },
  { name: 'chunk extension with BWS after ";"', bytes: CHUNKED('5; a=b\r\nhello\r\n0\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'RFC 9112 §7.1.1, RFC 9110 §5.6.3 (as above); we are right' },
  { name: 'chunk extension with BWS around "="', bytes: CHUNKED('5;a = b\r\nhello\r\n0\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'RFC 9112 §7.1.1, RFC 9110 §5.6.3 (as above); we are right' },
  { name: 'chunk extension value with a space in a token', bytes: CHUNKED('5;a=b c\r\nhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'a 20 KB chunk extension', bytes: CHUNKED(`5;a=${'x'.repeat(20000)}\r\nhello\r\n0\r\n\r\n`), ours: '400', llhttp: '413', why: 'RFC 9112 §7.1.1: SHOULD limit extensions and answer "an appropriate 4xx"; both do, with different codes' },
  { name: 'no CRLF after chunk data', bytes: CHUNKED('5\r\nhelloX0\r\n\r\n'), ours: '400' },
  { name: 'bare CR after the chunk size', bytes: CHUNKED('5\rhello\r\n0\r\n\r\n'), ours: '400' },
  { name: 'bare LF after chunk data', bytes: CHUNKED('5\r\nhello\n0\r\n\r\n'), ours: '400' },
  { name: 'bare LF line ends throughout the chunked framing', bytes: CHUNKED('5\nhello\n0\n\n'), ours: '400' },
  { name: 'last chunk without the empty line, then a request', bytes: CHUNKED('0\r\n') + GET(), ours: '400' },

  // ---- trailers
  { name: 'an ordinary trailer field', bytes: CHUNKED('5\r\nhello\r\n0\r\nX-T: 1\r\n\r\n'), ours: 'ok' },
  { name: 'Content-Length, Transfer-Encoding and Host in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nContent-Length: 5\r\nTransfer-Encoding: chunked\r\nHost: b\r\nX-T: 1\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'RFC 9110 §6.5.1: framing and routing fields cannot work as trailers; RFC 9112 §7.1.2: a recipient MAY discard trailer fields — we drop those (and keep X-T), llhttp refuses the message; both allowed' },
  { name: 'Content-Length in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nContent-Length: 5\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'as above: we discard it (RFC 9112 §7.1.2), llhttp refuses' },
  { name: 'Transfer-Encoding in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nTransfer-Encoding: chunked\r\n\r\n'), ours: 'ok', llhttp: '400', why: 'as above: we discard it (RFC 9112 §7.1.2), llhttp refuses' },
  {
    name: 'Host in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nHost: b\r\n\r\n'), ours: 'ok',
    why: 'RFC 9110 §6.5.1: Host routes the request and cannot be a trailer; we discard it (RFC 9112 §7.1.2 MAY), llhttp hands it on',
    seen: (o, l) => expect(trailersOf(o, l)).to.deep.equal([[], ['host', 'b']]),
  },
  { name: 'obs-fold in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nX: a\r\n b\r\n\r\n'), ours: '400' },
  { name: 'a bad field name in trailers', bytes: CHUNKED('5\r\nhello\r\n0\r\nX y: a\r\n\r\n'), ours: '400' },

  // ---- line endings
  { name: 'bare LF line ends in the head', bytes: 'GET / HTTP/1.1\nHost: a\n\n', ours: '400' },
  { name: 'one bare LF in a header line', bytes: 'GET / HTTP/1.1\r\nHost: a\nX: y\r\n\r\n', ours: '400' },
  { name: 'bare CR ending the request line', bytes: 'GET / HTTP/1.1\rHost: a\r\n\r\n', ours: '400' },
  { name: 'bare CR inside a value', bytes: GET('X: a\rb\r\n'), ours: '400' },
  { name: 'an empty line (CRLF) before the request line', bytes: '\r\n' + GET(), ours: 'ok' },
  { name: 'two empty lines before the request line', bytes: '\r\n\r\n' + GET(), ours: 'ok' },
  { name: 'a bare LF before the request line', bytes: '\n' + GET(), ours: '400', llhttp: 'ok', why: 'RFC 9112 §2.2: a recipient MAY take a bare LF as a line end; we never do (llhttp refuses it everywhere else too)' },

  // ---- field lines
  { name: 'obs-fold (a line starting with SP)', bytes: GET('X: a\r\n b\r\n'), ours: '400' },
  { name: 'whitespace before the first field line', bytes: 'GET / HTTP/1.1\r\n Host: a\r\n\r\n', ours: '400' },
  { name: 'SP between field name and colon', bytes: GET('X : a\r\n'), ours: '400' },
  { name: 'HTAB between field name and colon', bytes: GET('X\t: a\r\n'), ours: '400' },
  { name: 'empty field name', bytes: GET(': a\r\n'), ours: '400' },
  { name: 'a field line without a colon', bytes: GET('X a\r\n'), ours: '400' },
  { name: 'a parenthesis in a field name', bytes: GET('X(y): a\r\n'), ours: '400' },
  { name: 'an @ in a field name', bytes: GET('X@y: a\r\n'), ours: '400' },
  { name: 'a high-bit byte in a field name', bytes: GET('X\xe9: a\r\n'), ours: '400' },
  { name: 'an underscore in a field name', bytes: GET('X_Y: 1\r\n'), ours: 'ok' },
  { name: 'NUL in a value', bytes: GET('X: a\x00b\r\n'), ours: '400' },
  { name: 'a control character (0x01) in a value', bytes: GET('X: a\x01b\r\n'), ours: '400' },
  { name: 'DEL in a value', bytes: GET('X: a\x7fb\r\n'), ours: '400' },
  { name: 'high-bit bytes (obs-text) in a value', bytes: GET('X: caf\xe9\r\n'), ours: 'ok' },
  { name: 'an empty value', bytes: GET('X:   \r\n'), ours: 'ok' },
  { name: 'a value with trailing SP and HTAB', bytes: GET('X: a \t\r\n'), ours: 'ok' },
  { name: 'a value with a leading HTAB', bytes: GET('X:\ta\r\n'), ours: 'ok' },

  // ---- Host
  { name: 'no Host in HTTP/1.1', bytes: 'GET / HTTP/1.1\r\n\r\n', ours: '400' },
  { name: 'no Host in HTTP/1.0', bytes: 'GET / HTTP/1.0\r\n\r\n', ours: 'ok' },
  { name: 'two Host fields', bytes: 'GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n', ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2: a server MUST answer 400 to more than one Host field line; we are right' },
  { name: 'Host with userinfo', bytes: HOST('u@a'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2: MUST 400 for an invalid Host value (RFC 3986 §3.2.2 host [":" port] has no userinfo); we are right' },
  { name: 'Host with a port past 65535', bytes: HOST('a:99999'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2 (invalid Host → MUST 400); we are right' },
  { name: 'Host with a non-numeric port', bytes: HOST('a:x'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2, RFC 3986 §3.2.3 port = *DIGIT; we are right' },
  { name: 'Host with a space', bytes: HOST('a b'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2 (invalid Host → MUST 400); we are right' },
  { name: 'Host as a list', bytes: HOST('a, b'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2 (Host is one authority, not a list → MUST 400); we are right' },
  { name: 'Host with a path', bytes: HOST('a/b'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2 (invalid Host → MUST 400); we are right' },
  { name: 'an empty Host', bytes: HOST(''), ours: 'ok' },
  { name: 'Host as a bracketed IPv6 address with a port', bytes: HOST('[::1]:8080'), ours: 'ok' },

  // ---- request target
  {
    name: 'absolute-form target', bytes: line('GET http://a/p?q HTTP/1.1'), ours: 'ok',
    why: 'RFC 9112 §3.2.2: a server MUST accept absolute-form; we hand the application the origin-form path, llhttp the URI as sent',
    seen: (o, l) => expect(targets(o, l)).to.deep.equal(['/p?q', 'http://a/p?q']),
  },
  {
    name: 'absolute-form https target', bytes: line('GET https://a/p HTTP/1.1'), ours: 'ok',
    why: 'as above',
    seen: (o, l) => expect(targets(o, l)).to.deep.equal(['/p', 'https://a/p']),
  },
  {
    name: 'absolute-form target without a path', bytes: line('GET http://a HTTP/1.1'), ours: 'ok',
    why: 'RFC 9110 §4.2.3: an empty path is "/" when normalised',
    seen: (o, l) => expect(targets(o, l)).to.deep.equal(['/', 'http://a']),
  },
  { name: 'absolute-form with a non-http scheme', bytes: line('GET ftp://a/p HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'RFC 9110 §7.4: a server need not serve a scheme it does not own (400 or 421); llhttp leaves it to the application' },
  { name: 'asterisk-form with GET', bytes: line('GET * HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2.4: asterisk-form is for a server-wide OPTIONS only; invalid request-line → SHOULD 400 (RFC 9112 §3)' },
  { name: 'asterisk-form with OPTIONS', bytes: line('OPTIONS * HTTP/1.1'), ours: 'ok' },
  { name: 'CONNECT with authority-form', bytes: 'CONNECT a:443 HTTP/1.1\r\nHost: a:443\r\n\r\n', ours: '501', llhttp: 'waits, eof→closed', why: 'RFC 9110 §9.1: an unimplemented method SHOULD get 501; node:http without a "connect" listener holds the socket silently' },
  { name: 'authority-form with GET', bytes: line('GET a:80 HTTP/1.1'), ours: '400' },
  { name: 'a fragment in the target', bytes: line('GET /p#f HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3.2: a request-target has no fragment; invalid request-line → SHOULD 400 (RFC 9112 §3)' },
  { name: 'a space inside the target', bytes: line('GET /a b HTTP/1.1'), ours: '400' },
  { name: 'an HTAB inside the target', bytes: line('GET /a\tb HTTP/1.1'), ours: '400' },
  { name: 'NUL inside the target', bytes: line('GET /a\x00b HTTP/1.1'), ours: '400' },
  { name: 'a raw high-bit byte in the target', bytes: line('GET /caf\xe9 HTTP/1.1'), ours: '400' },
  { name: 'a double quote in the target', bytes: line('GET /a"b HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'RFC 3986 §2 has no \'"\' and browsers encode it; invalid request-line → SHOULD 400 (RFC 9112 §3)' },
  { name: 'angle brackets in the target', bytes: line('GET /a<b> HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'as above for "<" and ">"' },
  { name: 'a backslash in the path', bytes: line('GET /a\\b HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'as above; browsers turn "\\" in a path into "/", so a raw one is hand-made' },
  { name: 'a backslash in the query (browsers send it raw)', bytes: line('GET /f?p=C:\\x HTTP/1.1'), ours: 'ok' },
  { name: 'braces, pipe, caret and backtick in the target', bytes: line('GET /a{b}|^`?q={}|^` HTTP/1.1'), ours: 'ok' },
  { name: 'an empty query', bytes: line('GET /? HTTP/1.1'), ours: 'ok' },

  // ---- method
  { name: 'a lower-case method', bytes: line('get / HTTP/1.1'), ours: 'ok', llhttp: '400', why: 'RFC 9110 §9.1: methods are case-sensitive tokens and extensible, "get" is a valid unknown method; an unknown method is for the application to answer (SHOULD 501), not a syntax error — llhttp only parses the methods it lists' },
  { name: 'an unknown method', bytes: line('FOO / HTTP/1.1'), ours: 'ok', llhttp: '400', why: 'as above (RFC 9110 §9.1)' },
  { name: 'a non-token byte in the method', bytes: line('G(T / HTTP/1.1'), ours: '400' },
  { name: 'NUL in the method', bytes: line('G\x00T / HTTP/1.1'), ours: '400' },

  // ---- version and request-line shape
  { name: 'HTTP/1.0', bytes: line('GET / HTTP/1.0'), ours: 'ok' },
  { name: 'HTTP/1.2 (a higher minor version)', bytes: line('GET / HTTP/1.2'), ours: 'ok', llhttp: '400', why: 'RFC 9110 §2.5: a recipient SHOULD process a higher minor version as the highest it supports; we are right' },
  { name: 'HTTP/2.0 in an HTTP/1 request line', bytes: line('GET / HTTP/2.0'), ours: '505', llhttp: 'ok', why: 'RFC 9110 §15.6.6: 505 for a major version we do not support; llhttp serves it as HTTP/1' },
  { name: 'HTTP/3.0 in an HTTP/1 request line', bytes: line('GET / HTTP/3.0'), ours: '505', llhttp: '400', why: 'RFC 9110 §15.6.6 (505 is the precise answer); both refuse' },
  { name: 'a two-digit minor version', bytes: line('GET / HTTP/1.10'), ours: '400' },
  { name: 'a two-digit major version', bytes: line('GET / HTTP/01.1'), ours: '400' },
  { name: 'a lower-case protocol name', bytes: line('GET / http/1.1'), ours: '400' },
  { name: 'an HTTP/0.9 request line', bytes: 'GET /\r\n', ours: '400', llhttp: 'waits, eof→400', why: 'RFC 9112 §3: no version is an invalid request-line (HTTP/0.9 is not served); we answer at once, llhttp waits for more' },
  { name: 'a trailing space after the version', bytes: line('GET / HTTP/1.1 '), ours: '400' },
  { name: 'two spaces between method and target', bytes: line('GET  / HTTP/1.1'), ours: '400', llhttp: 'ok', why: 'RFC 9112 §3: recipients MAY split on any whitespace, at the risk RFC 9112 §11.2 names; we take single SP only' },
  { name: 'HTAB as the separator', bytes: line('GET\t/ HTTP/1.1'), ours: '400' },
  { name: 'whitespace before the method', bytes: ' GET / HTTP/1.1\r\nHost: a\r\n\r\n', ours: '400' },

  // ---- pipelining and connection
  { name: 'a request pipelined after a Content-Length body', bytes: CL5() + line('GET /2 HTTP/1.1'), ours: 'ok ok' },
  { name: 'a request pipelined after a chunked body', bytes: CHUNKED('5\r\nhello\r\n0\r\n\r\n') + line('GET /2 HTTP/1.1'), ours: 'ok ok' },
  { name: 'a request pipelined after Connection: close', bytes: GET('Connection: close\r\n') + line('GET /2 HTTP/1.1'), ours: 'ok', llhttp: '400', why: 'RFC 9112 §9.6: answer the request with "close", then process nothing more; llhttp fails the whole read with 400 and the first request is never answered' },
  { name: 'a request pipelined after an HTTP/1.0 request (no keep-alive)', bytes: 'GET / HTTP/1.0\r\n\r\n' + line('GET /2 HTTP/1.1'), ours: 'ok', llhttp: '400', why: 'as above (RFC 9112 §9.3: HTTP/1.0 without keep-alive closes after the response)' },
  { name: 'a request pipelined after HTTP/1.0 keep-alive', bytes: 'GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n' + line('GET /2 HTTP/1.1'), ours: 'ok ok' },

  // ---- Expect and Upgrade
  { name: 'Expect: 100-continue, head and body sent apart', bytes: [POST('Content-Length: 5\r\nExpect: 100-continue\r\n'), 'hello'], ours: '100 ok' },
  { name: 'Expect: 100-continue with the body already sent', bytes: CL5('Expect: 100-continue\r\n'), ours: 'ok', llhttp: '100 ok', why: 'RFC 9110 §10.1.1: a server MAY omit the 100 when it has already received the content' },
  { name: 'Expect: 100-continue on a GET without content', bytes: GET('Expect: 100-continue\r\n'), ours: 'ok', llhttp: '100 ok', why: 'RFC 9110 §10.1.1 (as above: there is no content to wait for)' },
  { name: 'Expect: 100-Continue (case-insensitive)', bytes: [POST('Content-Length: 5\r\nExpect: 100-Continue\r\n'), 'hello'], ours: '100 ok' },
  { name: 'Expect with an unknown expectation', bytes: CL5('Expect: foo\r\n'), ours: '417' },
  { name: 'Expect: 100-continue, foo', bytes: CL5('Expect: 100-continue, foo\r\n'), ours: '417', llhttp: '100 ok', why: 'RFC 9110 §10.1.1: a member other than 100-continue MAY get 417; llhttp only looks for 100-continue' },
  { name: 'an empty Expect', bytes: CL5('Expect:\r\n'), ours: 'ok', llhttp: '417', why: 'RFC 9110 §10.1.1: Expect = #expectation; an empty list expects nothing, so there is nothing to fail; we are right' },
  { name: 'an unknown Expect in HTTP/1.0 (ignored)', bytes: 'POST / HTTP/1.0\r\nContent-Length: 5\r\nExpect: foo\r\n\r\nhello', ours: 'ok' },
  { name: 'Upgrade: websocket to a server that does not upgrade', bytes: GET('Connection: Upgrade\r\nUpgrade: websocket\r\n'), ours: 'ok' },
  { name: 'Upgrade with a body', bytes: POST('Connection: Upgrade\r\nUpgrade: websocket\r\nContent-Length: 5\r\n', 'hello'), ours: 'ok' },
  { name: 'Upgrade: h2c (ignored, answered over HTTP/1.1)', bytes: GET('Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAAQAAP__\r\n'), ours: 'ok' },
];

/** cases probed at the same time (two connections each). */
const CASES_AT_ONCE = 10;

describe('RequestParser vs llhttp (node:http): a differential audit', function () {
  let servers: TwoServers;
  const outcomes = new Map<string, { ours: Outcome; llhttp: Outcome }>();

  before(async () => {
    servers = await startTwoServers();
    // A few cases at a time: each mostly waits for its sockets to go quiet, but a burst of
    // hundreds of connections would leave the servers a backlog that looks like silence.
    const queue = CASES.slice();
    const worker = async (): Promise<void> => {
      for (let c = queue.shift(); c !== undefined; c = queue.shift()) {
        const pieces = (Array.isArray(c.bytes) ? c.bytes : [c.bytes]).map((p) => Buffer.from(p, 'latin1'));
        const [ours, llhttp] = await Promise.all([probe(servers.oursPort, pieces), probe(servers.nodePort, pieces)]);
        outcomes.set(c.name, { ours, llhttp });
      }
    };
    await Promise.all(Array.from({ length: CASES_AT_ONCE }, worker));
  });

  after(() => servers.close());

  it('has one case per name', () => {
    expect(new Set(CASES.map((c) => c.name)).size).to.equal(CASES.length);
  });

  for (const c of CASES) {
    it(c.llhttp === undefined ? `agrees: ${c.name}` : `differs, as recorded: ${c.name}`, () => {
      const { ours, llhttp } = outcomes.get(c.name)!;
      const recorded = c.llhttp ?? c.ours;
      expect({ ours: ours.verdict, llhttp: llhttp.verdict }).to.deep.equal({ ours: c.ours, llhttp: recorded });
      if (c.llhttp !== undefined || c.seen !== undefined) {
        expect(c.why, 'a recorded difference says who is right').to.be.a('string');
      }
      // what the handlers saw: equal wherever both answered alike, unless the case says how it differs.
      if (c.seen !== undefined) c.seen(ours.seen, llhttp.seen);
      else if (c.llhttp === undefined) expect(ours.seen).to.deep.equal(llhttp.seen);
    });
  }
});
