/**
 * "Did you mean …?" for option objects: each area (createServer, rate limit, static) checks its
 * own keys against a list kept next to its options type, and wraps `unknownKeyMessage` in its
 * own error class, so a misspelt key fails at bootstrap instead of being silently ignored.
 */

/**
 * The first key of `value` not in `known`, as a message naming its path and the closest known
 * key: "unknown option 'rateLimit.limt': did you mean limit?". Undefined when every key is known.
 * @param path the object's place in the user's code ('rateLimit', 'workers'), or '' at the top.
 */
export function unknownKeyMessage(value: object, known: readonly string[], path: string): string | undefined {
  for (const key of Object.keys(value)) {
    if (known.includes(key)) continue;
    const close = closestName(key, known);
    const hint = close !== undefined ? `did you mean ${close}?` : `the ${path ? `${path} ` : ''}options are ${known.join(', ')}`;
    return `unknown option '${path ? `${path}.` : ''}${key}': ${hint}`;
  }
  return undefined;
}

/**
 * The known name closest to a misspelt one, for "did you mean …?" in option errors. Case is
 * ignored (`bodylimit` → `bodyLimit`); a name further than a third of its length (at least 2
 * edits) from every known one gets no suggestion, so a wild guess is not "corrected" into an
 * unrelated option.
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const wanted = name.toLowerCase();
  const allowed = Math.max(2, Math.floor(wanted.length / 3));
  let best: string | undefined;
  let bestDistance = allowed + 1;
  for (const candidate of known) {
    const distance = editDistance(wanted, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** Levenshtein distance with adjacent transpositions (`corss`/`cros` are one edit from `cors`). */
export function editDistance(a: string, b: string): number {
  // Three rows suffice: the transposition looks two rows back. Names are short; bootstrap only.
  let before = new Array<number>(b.length + 1).fill(0);
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
    }
    before = previous;
    previous = current;
  }
  return previous[b.length];
}
