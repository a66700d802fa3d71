/**
 * STIX LIKE (SQL-style: `%` any run, `_` one character, no escape) without regular expressions: the classic
 * greedy wildcard walk with one backtrack point, O(pattern × text) at worst and never exponential, so a hostile
 * pattern such as `%a%a%a%…b` cannot stall the matcher.
 */
export function likeMatches(pattern: string, text: string): boolean {
  let p = 0;
  let t = 0;
  let starP = -1;
  let starT = 0;
  const pn = pattern.length;
  const tn = text.length;
  while (t < tn) {
    const pc = p < pn ? pattern.charCodeAt(p) : -1;
    if (pc === 37) {
      starP = p++;
      starT = t;
    } else if (pc !== -1 && (pc === 95 || pc === text.charCodeAt(t))) {
      p++;
      t++;
    } else if (starP !== -1) {
      p = starP + 1;
      t = ++starT;
    } else return false;
  }
  while (p < pn && pattern.charCodeAt(p) === 37) p++;
  return p === pn;
}

export function hasWildcard(pattern: string): boolean {
  return pattern.includes('%') || pattern.includes('_');
}
