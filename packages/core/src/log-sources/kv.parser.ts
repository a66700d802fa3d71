/*
 * Hand-written: key=value bodies (iptables/netfilter, SonicWall, FortiGate, Wazuh-style) have no standard,
 * and the npm parsers for them either split on every space (breaking quoted values) or allocate a regex match
 * per pair. This is one linear scan.
 */

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45; // 0-9 A-Z a-z _ . -
}

/**
 * Parses the `key=value` pairs of a text; words that are not pairs (`kernel:`, `[1234.5]`) are skipped.
 * Values end at whitespace unless quoted with `"` or `'` (backslash escapes the quote); `OUT=` gives ''.
 * A repeated key keeps its first value.
 */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && text.charCodeAt(i) <= 32) i++;
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || i >= n || text.charCodeAt(i) !== 61 /* = */) {
      while (i < n && text.charCodeAt(i) > 32) i++; // not a pair: skip the word
      continue;
    }
    const key = text.slice(keyStart, i);
    i++;
    let value: string;
    const q = text.charCodeAt(i);
    if (q === 34 || q === 39) {
      let j = i + 1;
      let buf = '';
      let chunk = j;
      while (j < n && text.charCodeAt(j) !== q) {
        if (text.charCodeAt(j) === 92 && j + 1 < n) {
          buf += text.slice(chunk, j);
          chunk = j + 1;
          j += 2;
        } else j++;
      }
      value = buf + text.slice(chunk, j);
      i = j + 1;
    } else {
      const start = i;
      while (i < n && text.charCodeAt(i) > 32) i++;
      value = text.slice(start, i);
    }
    if (!(key in out)) out[key] = value;
  }
  return out;
}
