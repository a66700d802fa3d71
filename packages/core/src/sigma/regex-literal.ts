/** Shorter runs select too little to be worth indexing. */
const MIN_RUN = 3;
const PRINTABLE_ASCII = /^[\x20-\x7e]+$/;

/** Index just past the class opening at `i` (JS syntax: the first unescaped `]` closes it), or -1. */
function skipClass(source: string, i: number): number {
  for (let j = i + 1; j < source.length; j++) {
    if (source[j] === '\\') j++;
    else if (source[j] === ']') return j + 1;
  }
  return -1;
}

/** Index just past the group opening at `i`, or -1 when unbalanced. */
function skipGroup(source: string, i: number): number {
  let depth = 0;
  for (let j = i; j < source.length; j++) {
    const c = source[j]!;
    if (c === '\\') j++;
    else if (c === '[') {
      const end = skipClass(source, j);
      if (end === -1) return -1;
      j = end - 1;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return j + 1;
  }
  return -1;
}

/**
 * A literal that every match of `source` contains, lower-cased, or null. Deliberately narrow: only
 * patterns without a top-level `|`, only runs of printable ASCII outside groups and classes, and a character
 * followed by `?`, `*` or `{` is dropped (it may be absent). ASCII keeps the lower-casing argument simple:
 * under `i` an ASCII letter matches only its two ASCII cases, and ASCII lower-cases alone, in context-free
 * fashion, so the lower-cased event value contains the lower-cased run.
 */
export function requiredRegexLiteral(source: string): string | null {
  const runs: string[] = [];
  let run = '';
  const flush = (): void => {
    if (run.length > 0) runs.push(run);
    run = '';
  };
  for (let i = 0; i < source.length; i++) {
    const c = source[i]!;
    if (c === '|') return null;
    if (c === '(' || c === '[') {
      flush();
      // A group or class is skipped whole (an `|` inside one alternates only within it); a quantifier after
      // it then finds the run already flushed.
      const end = c === '(' ? skipGroup(source, i) : skipClass(source, i);
      if (end === -1) return null;
      i = end - 1;
    } else if (c === '{') {
      // `{2,5}` quantifies the character before it; any other `{` is a literal in JavaScript patterns, and the
      // scan must not jump over what follows it (an `|` there alternates at the top level).
      const quantifier = /^\{\d+(,\d*)?\}/.exec(source.slice(i));
      if (quantifier) {
        run = run.slice(0, -1);
        i += quantifier[0].length - 1;
      }
      flush();
    } else if (c === '?' || c === '*') {
      run = run.slice(0, -1);
      flush();
    } else if (c === '\\') {
      const next = source[i + 1];
      if (next === undefined) return null;
      i++;
      // `\.` is a literal dot; `\d`, `\b`, `\1`, `\x41` … are classes, anchors or escapes: end the run.
      if (/[A-Za-z0-9]/.test(next)) flush();
      else if (source[i + 1] === '?' || source[i + 1] === '*' || /^\{\d+(,\d*)?\}/.test(source.slice(i + 1))) flush();
      else run += next;
    } else if ('.^$+)]}'.includes(c)) {
      flush();
    } else {
      run += c;
    }
  }
  flush();
  const usable = runs.filter((r) => r.length >= MIN_RUN && PRINTABLE_ASCII.test(r));
  if (usable.length === 0) return null;
  return usable.reduce((a, b) => (b.length > a.length ? b : a)).toLowerCase();
}
