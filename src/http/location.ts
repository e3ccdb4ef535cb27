/**
 * Percent-encoding a redirect's Location (RFC 3986 §2.1): res.redirect() and the framework's
 * @Redirect both send their URL through here.
 */

/**
 * A run of what may not stand in a URL as written (RFC 3986 §2, §3): controls, space, `"<>`,
 * `` ` ``, `{}`, non-ASCII, and a `%` that starts no escape. Escapes already there and the
 * reserved characters are left alone, so a URL that is already valid goes out unchanged.
 * The set of Express's res.location (encodeurl), which Nest's @Redirect goes through.
 */
const NOT_IN_URL = /(?:[^\x21\x23-\x3B\x3D\x3F-\x5F\x61-\x7A\x7C\x7E]|%(?:[^0-9A-Fa-f]|[0-9A-Fa-f][^0-9A-Fa-f]|$))+/g;
const NEEDS_ENCODING = new RegExp(NOT_IN_URL.source); // no g: test() keeps no lastIndex
/** A surrogate without its pair, which encodeURI refuses (URIError): sent as U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * The Location of a redirect, which is often built from request data (`{ url: `/docs/${v}` }`
 * with a decoded query value, or `res.redirect(next)`): a CR or LF in it was a 500, and `é`
 * went out as one latin-1 byte that browsers read as another URL. Percent-encoded as UTF-8
 * instead, the URL always reaches the browser as written and can never split the response.
 */
export function encodeLocation(url: string): string {
  if (!NEEDS_ENCODING.test(url)) return url; // the usual constant URL: nothing to build
  return url.replace(LONE_SURROGATE, '\uFFFD').replace(NOT_IN_URL, encodeURI);
}
