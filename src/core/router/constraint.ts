/**
 * A route constraint (`:id(\d+)`, `{id:\d+}`) is user-written regex source that ends up inside
 * the RegExp matching the dynamic routes of one node of the route tree. Two things must hold
 * before it may go there, and both are decided here, once, at bootstrap:
 *
 * 1. It cannot backtrack catastrophically (ReDoS). We refuse, conservatively, the shapes that
 *    can: a repeated group (`*`, `+`, `{n,}`, `{n,m}` with m > 1, `{n}` with n > 1) that itself
 *    contains a quantifier or an alternation — `(a+)+`, `(a*)*`, `(a|a)*`, `(?:-\w+)*` —
 *    (exponential), two unbounded repeats that can take the same characters with nothing
 *    mandatory between them that the first cannot take — `\w+\w+`, `\w+a\w+`, `\d*-?\d+` —
 *    (polynomial: a long segment splits between them in O(n²), O(n³)… ways), and
 *    backreferences (`\1`, `\k<x>`) and lookarounds, which defeat any static reasoning.
 *    A character class repeated is fine (`[a-z-]+`), and so are repeats kept apart by a
 *    character they cannot match (`\d+\.\d+\.\d+`, `[a-z]+-[a-z]+`).
 * 2. It cannot disturb the combined RegExp: capturing groups would shift the group indexes we
 *    precompute for params (use `(?:...)`), anchors (`^`, `$`) would refer to the whole path,
 *    and the constraint must stay inside its segment. For the last point every atom that could
 *    match a `/` (`.`, `\D`, `\S`, `\W`, negated or wide classes, `\x..` escapes) is rewritten
 *    so it cannot; on a string without `/` the rewritten source matches exactly what the
 *    original does, so a constraint means the same as `^(?:C)$` tested on the raw segment.
 *
 * Constraints are tested on the RAW segment (still percent-encoded), because the router
 * matches the raw path so that `%2F` never splits a segment. It is in normal form
 * (normalize-path.ts, RFC 3986 §6.2.2): `%61bc` is tested as `abc`, `%c3%a9` as `%C3%A9`.
 */
import { BootstrapError } from '../bootstrap-error';

export const UNSAFE_CONSTRAINT = 'WW_ERR_UNSAFE_ROUTE_CONSTRAINT';
export const BAD_ROUTE_PATTERN = 'WW_ERR_BAD_ROUTE_PATTERN';

interface Part {
  /** rewritten source */
  out: string;
  /** contains a quantifier somewhere inside */
  quantified: boolean;
  /** contains an alternation somewhere inside */
  alternation: boolean;
  /** contains an unbounded repeat (`*`, `+`, `{n,}`, or a wide `{n,m}`) somewhere inside */
  unbounded: boolean;
  /** can match the empty string */
  nullable: boolean;
  /** the characters (codes 0-255, one bit each) it can consume */
  chars: bigint;
  /** after it: the characters an unbounded repeat not yet closed by a barrier could take */
  pendingOut: bigint;
}

/** A `{n,m}` wider than this counts as unbounded for the adjacency rule. */
const WIDE_REPEAT = 16;

/**
 * Checks `source` and returns the rewritten source to embed as `(?:result)`.
 * `where` names the route for error messages, e.g. `GET /users/:id(a+) (UsersController.findOne)`.
 */
export function compileConstraint(source: string, where: string): string {
  if (source.length === 0) {
    throw new BootstrapError(BAD_ROUTE_PATTERN, `empty constraint in ${where}; drop the parentheses or write a pattern such as \\d+.`);
  }
  const parser = new ConstraintParser(source, where);
  const out = parser.parse();
  try {
    new RegExp(`^(?:${out})$`);
  } catch (e) {
    throw new BootstrapError(BAD_ROUTE_PATTERN, `constraint /${source}/ in ${where} is not a valid regular expression (${(e as Error).message}).`);
  }
  return out;
}

class ConstraintParser {
  private i = 0;
  private capturing = false;

  constructor(
    private readonly src: string,
    private readonly where: string,
  ) {}

  parse(): string {
    const whole = this.disjunction(0n);
    if (this.i < this.src.length) this.bad(`unbalanced ')' at position ${this.i}`);
    if (this.capturing) {
      this.bad('capturing groups are not allowed in a constraint (they would shift the parameter groups); write (?:...) instead');
    }
    return whole.out;
  }

  private disjunction(pendingIn: bigint): Part {
    const all = this.alternative(pendingIn);
    while (this.src[this.i] === '|') {
      this.i++;
      const next = this.alternative(pendingIn);
      all.pendingOut |= next.pendingOut;
      all.out += '|' + next.out;
      all.quantified ||= next.quantified;
      all.alternation = true;
      all.unbounded ||= next.unbounded;
      all.nullable ||= next.nullable;
      all.chars |= next.chars;
    }
    return all;
  }

  private alternative(pendingIn: bigint): Part {
    const seq: Part = { out: '', quantified: false, alternation: false, unbounded: false, nullable: true, chars: 0n, pendingOut: 0n };
    // characters that an unbounded repeat since the last barrier could still take
    let pending = pendingIn;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      const isGroup = this.src[this.i] === '(';
      // a group is analysed in sequence with what precedes it: `\d+(?:-\w+)?` is safe because
      // its '-' closes the \d+ before \w+ starts
      const atom = isGroup ? this.group(pending) : this.atom();
      const q = this.quantifier();
      const shape = this.src.slice(start, this.i);
      if (q !== null && q.max > 1 && (atom.quantified || atom.alternation)) {
        this.unsafe(
          `${shape} repeats a group that itself contains ${atom.quantified ? 'a quantifier' : 'an alternation'}, ` +
            'which can backtrack exponentially (ReDoS); use a character class such as [a-z0-9-]+ instead',
        );
      }
      const unbounded = atom.unbounded || (q !== null && q.max - q.min > WIDE_REPEAT);
      const nullable = atom.nullable || (q !== null && q.min === 0);
      if (isGroup && (q === null || q.max <= 1)) {
        // inlined: its own sequence already ran against `pending`; skipped, it changes nothing
        pending = q !== null && q.min === 0 ? atom.pendingOut | pending : atom.pendingOut;
      } else if (unbounded) {
        if ((atom.chars & pending) !== 0n) {
          this.unsafe(
            `${shape} can take the same characters as an unbounded repeat before it, with nothing mandatory in between ` +
              'that the first cannot take, so a long segment splits between them in polynomially many ways (ReDoS); ' +
              'merge them into one repeat or separate them with a character the first cannot match',
          );
        }
        pending |= atom.chars;
      } else if (!nullable && (atom.chars & pending) === 0n) {
        pending = 0n; // a barrier: the repeats before it must stop exactly here
      }
      seq.out += atom.out + (q === null ? '' : q.text);
      seq.quantified ||= atom.quantified || q !== null;
      seq.alternation ||= atom.alternation;
      seq.unbounded ||= unbounded;
      seq.nullable &&= nullable;
      seq.chars |= atom.chars;
    }
    seq.pendingOut = pending;
    return seq;
  }

  private atom(): Part {
    const c = this.src[this.i];
    switch (c) {
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      case '.':
        this.i++;
        // `.` (no `s` flag) minus `/`: the constraint must not leave its segment.
        return this.plain('[^/\\n\\r\\u2028\\u2029]');
      case '^':
      case '$':
        return this.bad(`anchor '${c}' is not needed: a constraint always matches the whole segment`);
      case '/':
        return this.bad("'/' can never match: a constraint matches inside one path segment");
      case '*':
      case '+':
      case '?':
        return this.bad(`'${c}' at position ${this.i} has nothing to repeat`);
      case '{':
      case '}':
      case ']':
        return this.bad(`escape a literal '${c}' as '\\${c}'`);
      default:
        this.i++;
        return this.plain(c);
    }
  }

  private group(pending: bigint): Part {
    const s = this.src;
    if (s.startsWith('(?:', this.i)) {
      this.i += 3;
      const inner = this.disjunction(pending);
      if (s[this.i] !== ')') this.bad("missing ')'");
      this.i++;
      inner.out = `(?:${inner.out})`;
      return inner;
    }
    if (s.startsWith('(?=', this.i) || s.startsWith('(?!', this.i) || s.startsWith('(?<=', this.i) || s.startsWith('(?<!', this.i)) {
      return this.unsafe('lookarounds are not allowed in a constraint');
    }
    // a capturing group: parsed on, so a ReDoS shape inside is reported as such first, and
    // refused once the whole constraint is read
    const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(s.slice(this.i));
    this.i += named === null ? 1 : named[0].length;
    const inner = this.disjunction(pending);
    if (s[this.i] !== ')') this.bad("missing ')'");
    this.i++;
    this.capturing = true;
    return inner;
  }

  /** `[...]`: copied as is, wrapped with `(?!/)` when it might match a `/`. */
  private charClass(): Part {
    const s = this.src;
    const start = this.i;
    this.i++;
    let maySlash = false;
    if (s[this.i] === '^') {
      maySlash = true; // a negated class matches '/' unless it lists it; not worth the check
      this.i++;
    }
    while (this.i < s.length && s[this.i] !== ']') {
      const lo = this.classAtom();
      if (s[this.i] === '-' && this.i + 1 < s.length && s[this.i + 1] !== ']') {
        this.i++;
        const hi = this.classAtom();
        // a range spanning 0x2f matches '/'; a range with a class escape end (Annex B) is odd
        // enough that we assume the worst
        if (lo < 0 || hi < 0 || (lo <= 0x2f && hi >= 0x2f)) maySlash = true;
      } else if (lo === 0x2f || lo === DSW) {
        maySlash = true;
      }
    }
    if (this.i >= s.length) this.bad('unterminated character class');
    this.i++;
    const text = s.slice(start, this.i);
    return this.plain(maySlash ? `(?:(?!/)${text})` : text);
  }

  /** One class member: its char code, CLASS_ESCAPE for \d \w \s, DSW for \D \S \W. */
  private classAtom(): number {
    const s = this.src;
    if (s[this.i] !== '\\') return s.charCodeAt(this.i++);
    const e = s[this.i + 1];
    if (e === undefined) return this.bad('unterminated character class');
    this.i += 2;
    switch (e) {
      case 'd': case 'w': case 's': return CLASS_ESCAPE;
      case 'D': case 'S': case 'W': return DSW;
      case 'b': return 8;
      case 't': return 9;
      case 'n': return 10;
      case 'v': return 11;
      case 'f': return 12;
      case 'r': return 13;
      case '0': return 0;
      case 'c': this.i++; return 1; // a control character, never '/'
      case 'x': case 'u': {
        const n = e === 'x' ? 2 : 4;
        const hex = s.slice(this.i, this.i + n);
        if (!new RegExp(`^[0-9a-fA-F]{${n}}$`).test(hex)) return this.bad(`\\${e} needs ${n} hex digits`);
        this.i += n;
        return parseInt(hex, 16);
      }
      default:
        if (/[A-Za-z0-9]/.test(e)) return this.bad(`unknown escape \\${e}`);
        return e.charCodeAt(0);
    }
  }

  private escape(): Part {
    const s = this.src;
    const e = s[this.i + 1];
    if (e === undefined) return this.bad('trailing backslash');
    if (e >= '1' && e <= '9') return this.unsafe(`backreference \\${e} is not allowed in a constraint`);
    if (e === 'k') return this.unsafe('named backreference \\k<...> is not allowed in a constraint');
    this.i += 2;
    switch (e) {
      case 'D':
        return this.plain('[^\\d/]');
      case 'S':
        return this.plain('[^\\s/]');
      case 'W':
        return this.plain('[^\\w/]');
      case 'b': case 'B':
        return { out: '\\' + e, quantified: false, alternation: false, unbounded: false, nullable: true, chars: 0n, pendingOut: 0n };
      case 'd': case 'w': case 's': case 't': case 'n': case 'r': case 'f': case 'v':
        return this.plain('\\' + e);
      case '0':
        if (/[0-9]/.test(s[this.i] ?? '')) return this.bad('octal escapes are not allowed; use \\xHH');
        return this.plain('\\0');
      case 'x': {
        const hex = s.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return this.bad('\\x needs two hex digits');
        this.i += 2;
        return this.plain(`(?:(?!/)\\x${hex})`);
      }
      case 'u': {
        const hex = s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.bad('\\u needs four hex digits');
        this.i += 4;
        return this.plain(`(?:(?!/)\\u${hex})`);
      }
      case '/':
        return this.bad("'/' can never match: a constraint matches inside one path segment");
      default:
        // identity escapes of punctuation only (\. \- \( ...); a letter escape we do not know is
        // either a typo or Annex B legacy with surprising meaning.
        if (/[A-Za-z0-9]/.test(e)) return this.bad(`unknown escape \\${e}`);
        return this.plain('\\' + e);
    }
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy; null when none follows. */
  private quantifier(): { text: string; min: number; max: number } | null {
    const s = this.src;
    const start = this.i;
    let min: number;
    let max: number;
    const c = s[this.i];
    if (c === '*' || c === '+') {
      min = c === '*' ? 0 : 1;
      max = Infinity;
      this.i++;
    } else if (c === '?') {
      min = 0;
      max = 1;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (m === null) return this.bad(`escape a literal '{' as '\\{' (or write a quantifier {n}, {n,}, {n,m})`);
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else {
      return null;
    }
    if (s[this.i] === '?') this.i++;
    const next = s[this.i];
    if (next === '*' || next === '+' || next === '?' || next === '{') {
      this.bad(`${s.slice(start, this.i + 1)} stacks quantifiers`);
    }
    return { text: s.slice(start, this.i), min, max };
  }

  private plain(out: string): Part {
    let re: RegExp;
    try {
      re = new RegExp(`^(?:${out})$`);
    } catch (e) {
      return this.bad(`${out} is not a valid regular expression (${(e as Error).message})`);
    }
    return plain(out, re);
  }

  private bad(why: string): never {
    throw new BootstrapError(BAD_ROUTE_PATTERN, `constraint /${this.src}/ in ${this.where}: ${why}.`);
  }

  private unsafe(why: string): never {
    throw new BootstrapError(UNSAFE_CONSTRAINT, `constraint /${this.src}/ in ${this.where} is refused: ${why}.`);
  }
}

const CLASS_ESCAPE = -1;
const DSW = -2;

/** A single-character atom: which of the codes 0-255 it matches, found by asking V8. */
function plain(out: string, re: RegExp): Part {
  let chars = 0n;
  for (let c = 0; c < 256; c++) if (re.test(String.fromCharCode(c))) chars |= 1n << BigInt(c);
  return { out, quantified: false, alternation: false, unbounded: false, nullable: false, chars, pendingOut: 0n };
}
