/**
 * The first gate of static serving: from the raw request path (below the mount prefix) to a
 * list of plain file-name segments, or a refusal. Pure — it reads no disk. The second gate
 * (`locate.ts`) checks that what the segments name really lies inside the root after every
 * symlink is followed; this one makes sure nothing odd ever reaches the file system.
 *
 * The rules, each against a classic traversal trick:
 * - decode once, and per segment: `%2f`/`%5c` inside a segment would become a separator
 *   after decoding, so a decoded `/`, `\` → 400 (double encoding `%252e` stays the literal
 *   name `%2e` — one decode, never two);
 * - malformed escapes (`%%32%65`, `%u2215`) and bytes that are not UTF-8 (overlong `%c0%ae`)
 *   → 400: `decodeURIComponent` refuses both;
 * - raw backslashes, control characters, NUL and raw 8-bit bytes → 400 (RFC 3986 §2: none of
 *   them may appear unencoded in a path; a client that sends them is not a browser);
 * - `.` and `..` segments, raw or encoded → 400: no client that means well sends them (RFC
 *   3986 §5.2.4 has the client remove them before sending);
 * - empty segments (`a//b`, a leading `//`) → 400: they name no file, and echoing one into a
 *   redirect `Location` would make `//evil.example/` a protocol-relative URL;
 * - on Windows, `:` → 400 (drive letters `C:`, alternate data streams `a.txt::$DATA`);
 * - a segment that starts with `.` is a dotfile: the `dotfiles` policy decides.
 */

/** What to do with a path that has a segment starting with `.` (`.env`, `.git/config`). */
export type DotfilesPolicy = 'ignore' | 'deny' | 'allow';

export interface SafePath {
  readonly ok: true;
  /** decoded file-name segments, never empty strings, `.` or `..`; [] for the root itself. */
  readonly segments: readonly string[];
  /** the path ended with `/`: the client asks for a folder (its index). */
  readonly folder: boolean;
}

export interface PathRefusal {
  readonly ok: false;
  /** 400 malformed or hostile, 403 a denied dotfile, 404 an ignored dotfile (treated as absent). */
  readonly status: 400 | 403 | 404;
  /** stable code for logs, e.g. 'WW_STATIC_DOT_SEGMENT'. */
  readonly code: string;
}

export type PathCheck = SafePath | PathRefusal;

function refusal(status: 400 | 403 | 404, code: string): PathRefusal {
  return Object.freeze({ ok: false, status, code });
}

// Shared verdicts: a refused request allocates nothing for its verdict.
export const REFUSED = Object.freeze({
  notAbsolute: refusal(400, 'WW_STATIC_NOT_ABSOLUTE'),
  badEncoding: refusal(400, 'WW_STATIC_BAD_ENCODING'),
  badCharacter: refusal(400, 'WW_STATIC_BAD_CHARACTER'),
  encodedSeparator: refusal(400, 'WW_STATIC_ENCODED_SEPARATOR'),
  dotSegment: refusal(400, 'WW_STATIC_DOT_SEGMENT'),
  emptySegment: refusal(400, 'WW_STATIC_EMPTY_SEGMENT'),
  driveOrStream: refusal(400, 'WW_STATIC_COLON'),
  dotfileDenied: refusal(403, 'WW_STATIC_DOTFILE_DENIED'),
  dotfileIgnored: refusal(404, 'WW_STATIC_DOTFILE_IGNORED'),
});

const ROOT: SafePath = Object.freeze({ ok: true, segments: Object.freeze([]) as readonly string[], folder: true });

const SLASH = 0x2f;
const BACKSLASH = 0x5c;
const PERCENT = 0x25;
const DOT = 0x2e;
const REFUSE_COLON = process.platform === 'win32';

/**
 * A raw (undecoded) character that may not appear in a path we serve: controls, space,
 * DEL, backslash, anything above 0x7e (raw 8-bit bytes arrive as latin1 code units).
 */
function badRaw(c: number): boolean {
  return c <= 0x20 || c >= 0x7f || c === BACKSLASH;
}

/** A decoded character that must not reach the file system: separators, NUL and controls. */
function badDecoded(c: number): boolean {
  return c < 0x20 || c === 0x7f || c === SLASH || c === BACKSLASH;
}

/**
 * Checks `rest`, the raw path below the mount prefix: '/' or '/a/b.txt' (what follows
 * '/static' in '/static/a/b.txt'). Returns the decoded segments, or why not.
 */
export function checkRequestPath(rest: string, dotfiles: DotfilesPolicy): PathCheck {
  const n = rest.length;
  if (n === 0 || rest.charCodeAt(0) !== SLASH) return REFUSED.notAbsolute;
  if (n === 1) return ROOT;
  const segments: string[] = [];
  let dotfile = false;
  let dotSegment = false;
  let start = 1;
  let hasPercent = false;
  for (let i = 1; i <= n; i++) {
    const c = i < n ? rest.charCodeAt(i) : SLASH;
    if (c !== SLASH) {
      if (c === PERCENT) hasPercent = true;
      else if (badRaw(c)) return REFUSED.badCharacter;
      continue;
    }
    if (i === start) {
      if (i === n) break; // a trailing slash: the segment list is complete
      return REFUSED.emptySegment;
    }
    let segment = rest.slice(start, i);
    if (hasPercent) {
      try {
        segment = decodeURIComponent(segment);
      } catch {
        return REFUSED.badEncoding; // a lone %, %u…, a bad hex digit, or bytes that are not UTF-8
      }
      for (let k = 0; k < segment.length; k++) {
        const d = segment.charCodeAt(k);
        if (d === SLASH || d === BACKSLASH) return REFUSED.encodedSeparator;
        if (badDecoded(d)) return REFUSED.badCharacter;
      }
    }
    if (segment.charCodeAt(0) === DOT) {
      if (segment.length === 1 || (segment.length === 2 && segment.charCodeAt(1) === DOT)) dotSegment = true;
      else dotfile = true;
    }
    if (REFUSE_COLON && segment.indexOf(':') >= 0) return REFUSED.driveOrStream;
    segments.push(segment);
    start = i + 1;
    hasPercent = false;
  }
  // Encoding errors were refused during the scan. A path that names a dotfile gets the
  // dotfile answer even when it also has a dot segment: `/sub/../.env` means `/.env` to
  // every client that normalises, so it should be refused as `/.env` is (403 under deny).
  if (dotfile && dotfiles !== 'allow') return dotfiles === 'deny' ? REFUSED.dotfileDenied : REFUSED.dotfileIgnored;
  if (dotSegment) return REFUSED.dotSegment;
  return { ok: true, segments, folder: rest.charCodeAt(n - 1) === SLASH };
}

/** `:` is refused only where it means a drive or a stream; exported for the docs' table and specs. */
export const COLON_REFUSED = REFUSE_COLON;
