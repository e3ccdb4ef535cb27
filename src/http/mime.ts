/**
 * Content-Type by file extension: the common web types, nothing more. A file whose extension
 * is not here is `application/octet-stream` (RFC 9110 §8.3: a sender that does not know the
 * type may send that, or nothing; we say it, so browsers do not sniff — with `nosniff` set by
 * whoever sends security headers).
 */

/** The type we send when the extension is unknown or missing. */
export const DEFAULT_CONTENT_TYPE = 'application/octet-stream';

const UTF8 = '; charset=utf-8';

// Text types get `charset=utf-8`: without it a browser guesses (windows-1252 for text/plain),
// and a wrong guess mangles every non-ASCII byte. Binary types never carry a charset.
const TEXT_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['html', 'text/html'], ['htm', 'text/html'],
  ['css', 'text/css'],
  // RFC 9239 §6: text/javascript is the one registered type for JavaScript.
  ['js', 'text/javascript'], ['mjs', 'text/javascript'], ['cjs', 'text/javascript'],
  ['json', 'application/json'], ['map', 'application/json'],
  ['jsonld', 'application/ld+json'], ['webmanifest', 'application/manifest+json'],
  ['txt', 'text/plain'], ['text', 'text/plain'], ['log', 'text/plain'],
  ['md', 'text/markdown'], ['markdown', 'text/markdown'],
  ['csv', 'text/csv'], ['tsv', 'text/tab-separated-values'],
  ['xml', 'application/xml'], ['xhtml', 'application/xhtml+xml'],
  ['rss', 'application/rss+xml'], ['atom', 'application/atom+xml'],
  ['svg', 'image/svg+xml'],
  ['ics', 'text/calendar'], ['vtt', 'text/vtt'],
  ['yaml', 'application/yaml'], ['yml', 'application/yaml'],
];

const BINARY_TYPES: ReadonlyArray<readonly [string, string]> = [
  ['png', 'image/png'], ['jpg', 'image/jpeg'], ['jpeg', 'image/jpeg'], ['gif', 'image/gif'],
  ['webp', 'image/webp'], ['avif', 'image/avif'], ['ico', 'image/x-icon'], ['bmp', 'image/bmp'],
  ['tif', 'image/tiff'], ['tiff', 'image/tiff'],
  ['woff', 'font/woff'], ['woff2', 'font/woff2'], ['ttf', 'font/ttf'], ['otf', 'font/otf'],
  ['eot', 'application/vnd.ms-fontobject'],
  ['wasm', 'application/wasm'],
  ['pdf', 'application/pdf'], ['zip', 'application/zip'], ['gz', 'application/gzip'],
  ['tar', 'application/x-tar'],
  ['mp3', 'audio/mpeg'], ['ogg', 'audio/ogg'], ['oga', 'audio/ogg'], ['wav', 'audio/wav'],
  ['m4a', 'audio/mp4'], ['aac', 'audio/aac'], ['flac', 'audio/flac'], ['opus', 'audio/ogg'],
  ['mp4', 'video/mp4'], ['m4v', 'video/mp4'], ['webm', 'video/webm'], ['ogv', 'video/ogg'],
  ['mov', 'video/quicktime'],
  ['bin', 'application/octet-stream'],
];

// A Map built once at load: the per-request cost is one lower-casing and one lookup.
const TYPES: ReadonlyMap<string, string> = new Map<string, string>([
  ...TEXT_TYPES.map(([ext, type]) => [ext, type + UTF8] as [string, string]),
  ...BINARY_TYPES.map(([ext, type]) => [ext, type] as [string, string]),
]);

/**
 * The Content-Type for a file name or path: looks at the text after the last `.` of the
 * last path segment. A leading dot alone (`.env`) is a name, not an extension.
 */
export function contentTypeFor(fileName: string): string {
  const dot = fileName.lastIndexOf('.');
  if (dot < 0) return DEFAULT_CONTENT_TYPE;
  const slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
  if (dot <= slash + 1) return DEFAULT_CONTENT_TYPE; // no dot in the last segment, or a dotfile
  const ext = fileName.slice(dot + 1);
  return TYPES.get(ext) ?? TYPES.get(ext.toLowerCase()) ?? DEFAULT_CONTENT_TYPE;
}
