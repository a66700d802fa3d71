/** Blocks of two characters hash into this many shift-table cells. */
const TABLE_BITS = 12;
const MASK = (1 << TABLE_BITS) - 1;
const NONE: readonly number[] = [];

const blockHash = (a: number, b: number): number => ((a << 5) ^ b) & MASK;
/** ASCII upper case read as lower case; other code units as they are. */
const fold = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c);
const NON_ASCII = /[\u0080-\uffff]/;
/*
 * The only code units whose lower case is or holds ASCII: KELVIN SIGN (→ k) and CAPITAL I WITH DOT ABOVE
 * (→ i + combining dot, one unit longer). Text without them lowers ASCII to ASCII, everything else to
 * non-ASCII, at the same positions.
 */
const LOWERS_TO_ASCII = /[\u0130\u212a]/;

/**
 * Multi-pattern search that skips (Wu and Manber, "A fast algorithm for multi-pattern searching", 1994):
 * it reads the text two characters at a time at the end of an m-character window, m being the shortest
 * pattern's length, and slides the window by up to m - 1 characters when that pair ends no pattern's first
 * m characters. With the long literals of keyword rules (`kerberos::golden`, 9+ characters) it reads a
 * fraction of the text where an automaton reads every character, and every event's every string is scanned
 * for keywords. Candidate windows are verified with `startsWith`, so occurrences are exact; hash collisions
 * only shorten slides.
 */
export class WuManber {
  /** m: the window, the shortest pattern's length */
  private readonly window: number;
  private readonly shift: Uint8Array;
  /** patterns whose first m characters end with a pair of that hash */
  private readonly buckets: (readonly number[])[];

  /** every pattern is lower-case ASCII, so `scanLowered` can fold instead of lowering */
  private readonly foldable: boolean;

  constructor(private readonly patterns: readonly string[]) {
    this.foldable = patterns.every((p) => !NON_ASCII.test(p) && p === p.toLowerCase());
    const m = Math.min(...patterns.map((p) => p.length));
    if (!(m >= 2) || m > 255) throw new RangeError('WuManber needs patterns of 2 to 255 characters');
    this.window = m;
    this.shift = new Uint8Array(MASK + 1).fill(m - 1);
    const buckets: number[][] = Array.from({ length: MASK + 1 }, () => []);
    patterns.forEach((p, id) => {
      for (let j = 1; j < m; j++) {
        const h = blockHash(p.charCodeAt(j - 1), p.charCodeAt(j));
        this.shift[h] = Math.min(this.shift[h]!, m - 1 - j);
      }
      buckets[blockHash(p.charCodeAt(m - 2), p.charCodeAt(m - 1))]!.push(id);
    });
    this.buckets = buckets.map((b) => (b.length === 0 ? NONE : b));
  }

  /** Calls `found(patternId, end)` for every occurrence, `end` being the index just past it. */
  scan(text: string, found: (id: number, end: number) => void): void {
    const { window, shift, buckets, patterns } = this;
    const n = text.length;
    for (let pos = window - 1; pos < n;) {
      const h = blockHash(text.charCodeAt(pos - 1), text.charCodeAt(pos));
      const skip = shift[h]!;
      if (skip !== 0) {
        pos += skip;
        continue;
      }
      const start = pos - window + 1;
      const first = text.charCodeAt(start);
      for (const id of buckets[h]!) {
        const p = patterns[id]!;
        if (p.charCodeAt(0) === first && text.startsWith(p, start)) found(id, start + p.length);
      }
      pos++;
    }
  }

  /**
   * `scan(text.toLowerCase(), found)` without building the lower-case copy, when the patterns are ASCII and
   * the text holds nothing whose lower case is ASCII but itself (then occurrences sit at the same positions
   * in both); returns false, having reported nothing, when it cannot.
   */
  scanLowered(text: string, found: (id: number, end: number) => void): boolean {
    if (!this.foldable || LOWERS_TO_ASCII.test(text)) return false;
    const { window, shift, buckets, patterns } = this;
    const n = text.length;
    for (let pos = window - 1; pos < n;) {
      const h = blockHash(fold(text.charCodeAt(pos - 1)), fold(text.charCodeAt(pos)));
      const skip = shift[h]!;
      if (skip !== 0) {
        pos += skip;
        continue;
      }
      const start = pos - window + 1;
      for (const id of buckets[h]!) {
        const p = patterns[id]!;
        if (start + p.length <= n && foldedAt(text, start, p)) found(id, start + p.length);
      }
      pos++;
    }
    return true;
  }
}

/** Whether `text` read with ASCII folded holds the lower-case `pattern` at `start`. */
function foldedAt(text: string, start: number, pattern: string): boolean {
  for (let k = 0; k < pattern.length; k++) if (fold(text.charCodeAt(start + k)) !== pattern.charCodeAt(k)) return false;
  return true;
}
