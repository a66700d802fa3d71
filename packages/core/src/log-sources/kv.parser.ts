/*
 * Hand-written: key=value bodies (iptables/netfilter, SonicWall, FortiGate, Wazuh-style) and Check Point's
 * key:"value"; pairs have no standard, and the npm parsers for them either split on every space (breaking
 * quoted values) or allocate a regex match per pair. This is one linear scan.
 */

/** How pairs are written; the defaults read `key=value`. */
export interface KeyValueOptions {
  /** The character between key and value: `=` (default) or e.g. `:` for Check Point. */
  readonly separator?: string;
}

function isKeyChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45; // 0-9 A-Z a-z _ . -
}

/**
 * Parses the `key=value` pairs of a text; words that are not pairs (`kernel:`, `[1234.5]`) are skipped, and
 * punctuation before a key (`[action:"Drop";`) is not part of it. Values end at whitespace unless quoted with
 * `"` or `'` (backslash escapes the next character); `OUT=` gives ''. A doubled separator before a quoted
 * value (Check Point's `ike::"…"`) counts as one. A repeated key keeps its first value.
 */
export function parseKeyValues(text: string, options: KeyValueOptions = {}): Record<string, string> {
  const separator = (options.separator ?? '=').charCodeAt(0);
  const out: Record<string, string> = {};
  const n = text.length;
  let i = 0;
  while (i < n) {
    while (i < n && !isKeyChar(text.charCodeAt(i))) i++;
    const keyStart = i;
    while (i < n && isKeyChar(text.charCodeAt(i))) i++;
    if (i === keyStart || i >= n || text.charCodeAt(i) !== separator) {
      while (i < n && text.charCodeAt(i) > 32) i++; // not a pair: skip the rest of the word
      continue;
    }
    const key = text.slice(keyStart, i);
    i++;
    let q = text.charCodeAt(i);
    if (q === separator && (text.charCodeAt(i + 1) === 34 || text.charCodeAt(i + 1) === 39)) q = text.charCodeAt(++i);
    let value: string;
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
