/**
 * A route constraint (`:id(\d+)`, `{id:\d+}`) is user-written regex source that ends up inside
 * the one RegExp per method that matches every dynamic route. Two things must hold before it
 * may go there, and both are decided here, once, at bootstrap:
 *
 * 1. It cannot backtrack catastrophically (ReDoS). We refuse, conservatively, the shapes that
 *    can: a repeated group (`*`, `+`, `{n,}`, `{n,m}` with m > 1, `{n}` with n > 1) that itself
 *    contains a quantifier or an alternation — `(a+)+`, `(a*)*`, `(a|a)*`, `(?:-\w+)*` — and
 *    backreferences (`\1`, `\k<x>`) and lookarounds, which defeat any static reasoning.
 *    A character class repeated is fine (`[a-z-]+`): rewrite nested groups that way.
 * 2. It cannot disturb the combined RegExp: capturing groups would shift the group indexes we
 *    precompute for params (use `(?:...)`), anchors (`^`, `$`) would refer to the whole path,
 *    and the constraint must stay inside its segment. For the last point every atom that could
 *    match a `/` (`.`, `\D`, `\S`, `\W`, negated or wide classes, `\x..` escapes) is rewritten
 *    so it cannot; on a string without `/` the rewritten source matches exactly what the
 *    original does, so a constraint means the same as `^(?:C)$` tested on the raw segment.
 *
 * Constraints are tested on the RAW segment (still percent-encoded), because the router
 * matches the raw path so that `%2F` never splits a segment.
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
}

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
    const whole = this.disjunction();
    if (this.i < this.src.length) this.bad(`unbalanced ')' at position ${this.i}`);
    if (this.capturing) {
      this.bad('capturing groups are not allowed in a constraint (they would shift the parameter groups); write (?:...) instead');
    }
    return whole.out;
  }

  private disjunction(): Part {
    const first = this.alternative();
    let out = first.out;
    let quantified = first.quantified;
    let alternation = first.alternation;
    while (this.src[this.i] === '|') {
      this.i++;
      const next = this.alternative();
      out += '|' + next.out;
      quantified ||= next.quantified;
      alternation = true;
    }
    return { out, quantified, alternation };
  }

  private alternative(): Part {
    let out = '';
    let quantified = false;
    let alternation = false;
    while (this.i < this.src.length && this.src[this.i] !== '|' && this.src[this.i] !== ')') {
      const start = this.i;
      const atom = this.atom();
      const q = this.quantifier();
      if (q !== null && q.max > 1 && (atom.quantified || atom.alternation)) {
        const shape = this.src.slice(start, this.i);
        this.unsafe(
          `${shape} repeats a group that itself contains ${atom.quantified ? 'a quantifier' : 'an alternation'}, ` +
            'which can backtrack exponentially (ReDoS); use a character class such as [a-z0-9-]+ instead',
        );
      }
      out += atom.out + (q === null ? '' : q.text);
      quantified ||= atom.quantified || q !== null;
      alternation ||= atom.alternation;
    }
    return { out, quantified, alternation };
  }

  private atom(): Part {
    const c = this.src[this.i];
    switch (c) {
      case '(':
        return this.group();
      case '[':
        return this.charClass();
      case '\\':
        return this.escape();
      case '.':
        this.i++;
        // `.` (no `s` flag) minus `/`: the constraint must not leave its segment.
        return plain('[^/\\n\\r\\u2028\\u2029]');
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
        return plain(c);
    }
  }

  private group(): Part {
    const s = this.src;
    if (s.startsWith('(?:', this.i)) {
      this.i += 3;
      const inner = this.disjunction();
      if (s[this.i] !== ')') this.bad("missing ')'");
      this.i++;
      return { out: `(?:${inner.out})`, quantified: inner.quantified, alternation: inner.alternation };
    }
    if (s.startsWith('(?=', this.i) || s.startsWith('(?!', this.i) || s.startsWith('(?<=', this.i) || s.startsWith('(?<!', this.i)) {
      return this.unsafe('lookarounds are not allowed in a constraint');
    }
    // a capturing group: parsed on, so a ReDoS shape inside is reported as such first, and
    // refused once the whole constraint is read
    const named = /^\(\?<[A-Za-z_$][\w$]*>/.exec(s.slice(this.i));
    this.i += named === null ? 1 : named[0].length;
    const inner = this.disjunction();
    if (s[this.i] !== ')') this.bad("missing ')'");
    this.i++;
    this.capturing = true;
    return { out: '', quantified: inner.quantified, alternation: inner.alternation };
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
    return plain(maySlash ? `(?:(?!/)${text})` : text);
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
        return plain('[^\\d/]');
      case 'S':
        return plain('[^\\s/]');
      case 'W':
        return plain('[^\\w/]');
      case 'd': case 'w': case 's': case 'b': case 'B': case 't': case 'n': case 'r': case 'f': case 'v':
        return plain('\\' + e);
      case '0':
        if (/[0-9]/.test(s[this.i] ?? '')) return this.bad('octal escapes are not allowed; use \\xHH');
        return plain('\\0');
      case 'x': {
        const hex = s.slice(this.i, this.i + 2);
        if (!/^[0-9a-fA-F]{2}$/.test(hex)) return this.bad('\\x needs two hex digits');
        this.i += 2;
        return plain(`(?:(?!/)\\x${hex})`);
      }
      case 'u': {
        const hex = s.slice(this.i, this.i + 4);
        if (!/^[0-9a-fA-F]{4}$/.test(hex)) return this.bad('\\u needs four hex digits');
        this.i += 4;
        return plain(`(?:(?!/)\\u${hex})`);
      }
      case '/':
        return this.bad("'/' can never match: a constraint matches inside one path segment");
      default:
        // identity escapes of punctuation only (\. \- \( ...); a letter escape we do not know is
        // either a typo or Annex B legacy with surprising meaning.
        if (/[A-Za-z0-9]/.test(e)) return this.bad(`unknown escape \\${e}`);
        return plain('\\' + e);
    }
  }

  /** `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, each optionally lazy; null when none follows. */
  private quantifier(): { text: string; max: number } | null {
    const s = this.src;
    const start = this.i;
    let max: number;
    const c = s[this.i];
    if (c === '*' || c === '+') {
      max = Infinity;
      this.i++;
    } else if (c === '?') {
      max = 1;
      this.i++;
    } else if (c === '{') {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(s.slice(this.i));
      if (m === null) return this.bad(`escape a literal '{' as '\\{' (or write a quantifier {n}, {n,}, {n,m})`);
      max = m[2] === undefined ? Number(m[1]) : m[3] === '' ? Infinity : Number(m[3]);
      this.i += m[0].length;
    } else {
      return null;
    }
    if (s[this.i] === '?') this.i++;
    const next = s[this.i];
    if (next === '*' || next === '+' || next === '?' || next === '{') {
      this.bad(`${s.slice(start, this.i + 1)} stacks quantifiers`);
    }
    return { text: s.slice(start, this.i), max };
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

function plain(out: string): Part {
  return { out, quantified: false, alternation: false };
}
