/** Non-ASCII characters share this many columns in an approximate automaton. */
const WIDE_BUCKETS = 16;

/**
 * Aho-Corasick automaton over UTF-16 code units, compiled to a dense transition table so scanning a string
 * costs one array read per character, whatever the number of patterns (SIGMA.md "collapse contains values
 * into one automaton"). Characters that occur in no pattern share one column, which keeps the table narrow:
 * its width is the number of distinct pattern characters plus one.
 *
 * `approximate` bounds that width when patterns hold many distinct non-ASCII characters (homoglyph and
 * UTF-16 rules give one field over a thousand): non-ASCII characters then fall into WIDE_BUCKETS classes by
 * code. Occurrences of the class sequence are a superset of real occurrences, which is sound for candidate
 * selection (a rule is evaluated needlessly, never skipped) and wrong for matching, hence the option.
 */
export class AhoCorasick {
  /*
   * Row per state: `width` transitions, then one cell holding 1 + the index of its output list (0: none).
   * A transition holds the next state's row offset, so scanning needs no multiplication, bit-inverted
   * (negative) when that state has outputs, so the common no-output step is a single read.
   */
  private readonly table: Int32Array;
  /** pattern ids ending at a state, its own and those of its suffix states */
  private readonly lists: (readonly number[])[] = [];
  private readonly width: number;
  private readonly ascii = new Uint16Array(128);
  /** `ascii` seen through lower-casing: 'A' reads as 'a' (for `scanLowered`) */
  private readonly asciiLowered = new Uint16Array(128);
  private readonly wide = new Map<number, number>();
  private readonly buckets: Uint16Array | null;

  constructor(patterns: readonly string[], approximate = false) {
    this.buckets = approximate ? new Uint16Array(WIDE_BUCKETS) : null;
    let columns = 1;
    const column = (code: number): number => {
      const known = this.column(code);
      if (known !== 0) return known;
      if (code < 128) this.ascii[code] = columns;
      else if (this.buckets) this.buckets[code % WIDE_BUCKETS] = columns;
      else this.wide.set(code, columns);
      return columns++;
    };
    const children: Map<number, number>[] = [new Map()];
    const own: number[][] = [[]];
    patterns.forEach((pattern, id) => {
      let state = 0;
      for (let i = 0; i < pattern.length; i++) {
        const c = column(pattern.charCodeAt(i));
        let next = children[state]!.get(c);
        if (next === undefined) {
          next = children.length;
          children.push(new Map());
          own.push([]);
          children[state]!.set(c, next);
        }
        state = next;
      }
      own[state]!.push(id);
    });
    this.width = columns;
    for (let code = 0; code < 128; code++) {
      this.asciiLowered[code] = this.ascii[code >= 65 && code <= 90 ? code + 32 : code]!;
    }
    const stride = columns + 1;
    this.table = new Int32Array(children.length * stride);
    this.link(children, own);
    const { table } = this;
    for (let i = 0; i < table.length; i++) {
      if (i % stride !== columns && table[table[i]! + columns] !== 0) table[i] = ~table[i]!;
    }
  }

  /**
   * Breadth-first, so each state's failure state is complete before its children need it. A missing
   * transition is the failure state's: its row is copied whole, then the real children overwrite it.
   */
  private link(children: readonly Map<number, number>[], own: readonly number[][]): void {
    const { table, width } = this;
    const stride = width + 1;
    const fail = new Int32Array(children.length);
    const outputs: (readonly number[] | null)[] = new Array<readonly number[] | null>(children.length).fill(null);
    const queue: number[] = [];
    for (const [c, next] of children[0]!) {
      table[c] = next * stride;
      queue.push(next);
    }
    const setOutput = (state: number, list: readonly number[] | null): void => {
      outputs[state] = list;
      if (list === null) return;
      this.lists.push(list);
      table[state * stride + width] = this.lists.length;
    };
    setOutput(0, own[0]!.length > 0 ? own[0]! : null);
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      const inherited = outputs[fail[state]!] ?? null;
      const mine = own[state]!;
      const row = state * stride;
      const failRow = fail[state]! * stride;
      table.copyWithin(row, failRow, failRow + width);
      setOutput(state, mine.length === 0 ? inherited : inherited === null ? mine : [...mine, ...inherited]);
      for (const [c, next] of children[state]!) {
        fail[next] = table[failRow + c]! / stride;
        table[row + c] = next * stride;
        queue.push(next);
      }
    }
  }

  private column(code: number): number {
    if (code < 128) return this.ascii[code]!;
    return this.buckets ? this.buckets[code % WIDE_BUCKETS]! : (this.wide.get(code) ?? 0);
  }

  /** Calls `found(patternId, end)` for every occurrence, `end` being the index just past it. */
  scan(text: string, found: (id: number, end: number) => void): void {
    const { table, width, ascii, lists } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      row = table[row + (code < 128 ? ascii[code]! : this.column(code))]!;
      if (row < 0) {
        row = ~row;
        for (const id of lists[table[row + width]! - 1]!) found(id, i + 1);
      }
    }
  }

  /**
   * `scan(text.toLowerCase(), found)` without building the lower-case copy, for ASCII text: returns false at
   * the first non-ASCII character (whose lower case may differ in length), after reporting only occurrences
   * that lie before it, which are occurrences in the lower-case text too; the caller then scans the copy.
   */
  scanLowered(text: string, found: (id: number, end: number) => void): boolean {
    const { table, width, asciiLowered, lists } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      if (code >= 128) return false;
      row = table[row + asciiLowered[code]!]!;
      if (row < 0) {
        row = ~row;
        for (const id of lists[table[row + width]! - 1]!) found(id, i + 1);
      }
    }
    return true;
  }

  /** Whether any pattern occurs in `text`; stops at the first occurrence. */
  matchesAny(text: string): boolean {
    const { table, ascii } = this;
    let row = 0;
    for (let i = 0; i < text.length; i++) {
      const code = text.charCodeAt(i);
      row = table[row + (code < 128 ? ascii[code]! : this.column(code))]!;
      if (row < 0) return true;
    }
    return false;
  }

  /** Table size, for callers that bound memory. */
  get states(): number {
    return this.table.length / (this.width + 1);
  }
}
