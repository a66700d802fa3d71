import { AhoCorasick } from './aho-corasick.ts';
import { toNumber } from './detection-item.ts';
import { type EventContext, fieldSlot } from './event-context.ts';
import { type Atom, KEYWORDS, MAX_CLAUSES, type Requirement } from './requirements.ts';
import { WuManber } from './wu-manber.ts';

/*
 * Literals longer than this are cut for the automaton: a value that contains, starts or ends with a long
 * string contains its last MAX_LITERAL characters (and ends with them, for a suffix), so the test stays
 * necessary while the automaton stays shallow and small. The tail, not the head: literals are mostly paths,
 * whose heads are shared by thousands of events (`c:\program files\`) and whose tails are not
 * (`files\windowsapps\`). Exact values are never cut (they live in a Map).
 */
const MAX_LITERAL = 16;

/*
 * Index entries are `rule position << 2 | clause number`: an occurrence satisfies one clause of one rule,
 * and a rule becomes a candidate when all its clauses are satisfied.
 */
const CLAUSE_BITS = 2;

/** Entries (rule and clause) that an occurrence of one automaton pattern satisfies. */
interface PatternRules {
  readonly length: number;
  contains: number[];
  prefix: number[];
  suffix: number[];
}

/** What the index needs of an automaton or a skipping scanner (both report `(patternId, end)`). */
interface LiteralScanner {
  scan(text: string, found: (id: number, end: number) => void): void;
  /** `scan(text.toLowerCase())` without lowering when it can; false (then the caller lowers) when not */
  scanLowered(text: string, found: (id: number, end: number) => void): boolean;
}

/** The merged literals of every indexed rule that tests one field. */
interface FieldIndex {
  readonly field: string;
  readonly slot: number;
  readonly exact: Map<string, number[]> | null;
  /** the longest exact value: longer event values skip hashing (command lines can be kilobytes) */
  readonly longestExact: number;
  readonly numbers: Map<number, number[]> | null;
  /** the prefix/suffix/contains literals: an automaton, or a skipping scanner when they are all long */
  readonly scanner: LiteralScanner | null;
  readonly patterns: readonly PatternRules[];
}

/*
 * A skipping scan slides up to (shortest literal - 1) characters per step, where an automaton steps one
 * character at a time; it pays off with long literals that are not so many that most character pairs end
 * one (each literal marks up to MAX_LITERAL - 1 pairs of a 4096-cell table).
 */
const SKIP_MIN_LENGTH = 5;
const SKIP_MAX_PAIRS = 1024;

function skipsWell(texts: readonly string[]): boolean {
  const shortest = Math.min(...texts.map((t) => t.length));
  return shortest >= SKIP_MIN_LENGTH && texts.length * (shortest - 1) <= SKIP_MAX_PAIRS;
}

interface FieldBuilder {
  exact: Map<string, number[]>;
  numbers: Map<number, number[]>;
  patterns: Map<string, PatternRules>;
}

/** The atom the index stores: long prefix and substring literals become substrings of their tail. */
function cut(atom: Atom): Atom {
  if (atom.kind === 'exact' || atom.kind === 'number' || atom.text.length <= MAX_LITERAL) return atom;
  const tail = atom.text.slice(-MAX_LITERAL);
  return { field: atom.field, kind: atom.kind === 'suffix' ? 'suffix' : 'contains', text: tail };
}

function push<K>(map: Map<K, number[]>, key: K, entry: number): void {
  const list = map.get(key);
  if (list) list.push(entry);
  else map.set(key, [entry]);
}

function addAtom(builders: Map<string, FieldBuilder>, written: Atom, entry: number): void {
  let b = builders.get(written.field);
  if (!b) {
    b = { exact: new Map(), numbers: new Map(), patterns: new Map() };
    builders.set(written.field, b);
  }
  const atom = cut(written);
  if (atom.kind === 'number') return push(b.numbers, Number(atom.text), entry);
  if (atom.kind === 'exact') return push(b.exact, atom.text, entry);
  let p = b.patterns.get(atom.text);
  if (!p) {
    p = { length: atom.text.length, contains: [], prefix: [], suffix: [] };
    b.patterns.set(atom.text, p);
  }
  p[atom.kind].push(entry);
}

/**
 * The top-level names under which `a.b.c` can be found: `a`, `a.b` and `a.b.c` (sources put dots inside
 * keys, and field paths try each join, `field-path.ts`).
 */
function namesOf(field: string): string[] {
  const segments = field.split('.');
  return segments.map((_, i) => segments.slice(0, i + 1).join('.'));
}

/** Ascending, in place; candidate lists are short, where insertion sort beats the generic sort. */
function sortPrefix(list: Int32Array, length: number): void {
  if (length > 32) {
    list.subarray(0, length).sort();
    return;
  }
  for (let i = 1; i < length; i++) {
    const x = list[i]!;
    let j = i - 1;
    while (j >= 0 && list[j]! > x) {
      list[j + 1] = list[j]!;
      j--;
    }
    list[j + 1] = x;
  }
}

/**
 * Candidate selection for one plan: the atoms of every rule's clauses go into per-field exact-value and
 * number maps and one scanner per field over the prefix/suffix/contains literals (keyword atoms under the
 * pseudo-field KEYWORDS, probed with every string of the event); a rule is a candidate once an atom of each
 * of its clauses holds, and rules without clauses always are.
 *
 * Not reentrant: `select` fills buffers owned by the index, read by the caller before the next call (the
 * engine evaluates synchronously, one event at a time), so selecting allocates nothing per event.
 */
export class LiteralIndex {
  private readonly fields: readonly FieldIndex[];
  private readonly always: Int32Array;
  /** generation stamp per rule: `satisfied` is current only when the stamp is */
  private readonly marks: Uint32Array;
  private readonly satisfied: Uint8Array;
  /** bit mask with one bit per clause of each rule */
  private readonly complete: Uint8Array;
  private generation = 0;
  /** plan positions selected by the last `select`, ascending, in the first `count` cells */
  readonly selected: Int32Array;
  private count = 0;
  // The event value being scanned: per-call state kept on the instance so the automaton callbacks are
  // created once, not once per field per event (they were a visible GC cost).
  private valueLength = 0;
  private readonly onMatch: ((id: number, end: number) => void)[];
  /** field positions by each name an event's `keys` may list for them (see `namesOf`) */
  private readonly byKey = new Map<string, number[]>();
  private readonly keywordField: number;
  /** generation stamp per field: probed for the current event already (two names can lead to one field) */
  private readonly probed: Uint32Array;

  constructor(requirements: readonly Requirement[]) {
    const builders = new Map<string, FieldBuilder>();
    const always: number[] = [];
    this.complete = new Uint8Array(requirements.length);
    requirements.forEach((req, rule) => {
      // An empty literal under a substring test holds everywhere, and so does its clause: drop such clauses.
      const clauses = (req ?? [])
        .filter((c) => c.length > 0 && !c.some((a) => a.text === '' && a.kind !== 'exact' && a.kind !== 'number'))
        .slice(0, MAX_CLAUSES);
      if (clauses.length === 0) {
        always.push(rule);
        return;
      }
      this.complete[rule] = (1 << clauses.length) - 1;
      clauses.forEach((clause, k) => {
        for (const atom of clause) addAtom(builders, atom, (rule << CLAUSE_BITS) | k);
      });
    });
    this.always = Int32Array.from(always);
    this.marks = new Uint32Array(requirements.length);
    this.satisfied = new Uint8Array(requirements.length);
    this.selected = new Int32Array(requirements.length);
    this.fields = [...builders].map(([field, b]) => {
      const texts = [...b.patterns.keys()];
      return {
        field,
        slot: fieldSlot(field),
        exact: b.exact.size === 0 ? null : b.exact,
        longestExact: Math.max(0, ...[...b.exact.keys()].map((k) => k.length)),
        numbers: b.numbers.size === 0 ? null : b.numbers,
        scanner: texts.length === 0 ? null : skipsWell(texts) ? new WuManber(texts) : new AhoCorasick(texts, true),
        patterns: [...b.patterns.values()],
      };
    });
    this.fields.forEach(({ field }, i) => {
      if (field !== KEYWORDS) for (const name of namesOf(field)) push(this.byKey, name, i);
    });
    this.keywordField = this.fields.findIndex((f) => f.field === KEYWORDS);
    this.probed = new Uint32Array(this.fields.length);
    this.onMatch = this.fields.map(({ patterns }) => (id, end) => {
      const p = patterns[id]!;
      if (p.contains.length > 0) this.mark(p.contains);
      if (end === p.length && p.prefix.length > 0) this.mark(p.prefix);
      if (end === this.valueLength && p.suffix.length > 0) this.mark(p.suffix);
    });
  }

  get alwaysEvaluated(): number {
    return this.always.length;
  }

  private mark(entries: readonly number[]): void {
    const { marks, satisfied, complete, generation, selected } = this;
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i]!;
      const rule = entry >> CLAUSE_BITS;
      const bit = 1 << (entry & ((1 << CLAUSE_BITS) - 1));
      if (marks[rule] !== generation) {
        marks[rule] = generation;
        satisfied[rule] = 0;
      }
      const before = satisfied[rule]!;
      if ((before & bit) !== 0) continue;
      satisfied[rule] = before | bit;
      // Recorded once: on the step that completes the mask (bits only ever get added within an event).
      if ((before | bit) === complete[rule]) selected[this.count++] = rule;
    }
  }

  private scan(scanner: LiteralScanner, s: string, onMatch: (id: number, end: number) => void): void {
    this.valueLength = s.length;
    if (!scanner.scanLowered(s, onMatch)) {
      const lower = s.toLowerCase();
      this.valueLength = lower.length;
      scanner.scan(lower, onMatch);
    }
  }

  /** Selects the candidates of one event into `selected`; returns how many there are. */
  select(ctx: EventContext): number {
    // Wrapping to 0 would make stale marks look current; starting over is cheap and happens once in 4e9 calls.
    if (++this.generation === 0xffffffff) {
      this.marks.fill(0);
      this.probed.fill(0);
      this.generation = 1;
    }
    this.selected.set(this.always);
    this.count = this.always.length;
    const keys = ctx.event.keys?.();
    if (keys === undefined) {
      for (let i = 0; i < this.fields.length; i++) this.probe(ctx, i);
    } else {
      // Only fields under the event's own names: the rest are missing, and probing each costs a lookup.
      if (this.keywordField !== -1) this.probe(ctx, this.keywordField);
      const { byKey, probed, generation } = this;
      for (let k = 0; k < keys.length; k++) {
        const fields = byKey.get(keys[k]!);
        if (fields === undefined) continue;
        for (let j = 0; j < fields.length; j++) {
          const i = fields[j]!;
          if (probed[i] === generation) continue;
          probed[i] = generation;
          this.probe(ctx, i);
        }
      }
    }
    if (this.count > this.always.length) sortPrefix(this.selected, this.count);
    return this.count;
  }

  /** Marks what the values of field `i` satisfy. */
  private probe(ctx: EventContext, i: number): void {
    const f = this.fields[i]!;
    // Read as written: scanners lower ASCII as they scan and numbers read the same either way, so only values
    // short enough to equal an exact value are lowered here (candidates lower what they test, lazily).
    const values = f.field === KEYWORDS ? ctx.keywordStrings(true) : ctx.stringsAt(f.slot, f.field, true);
    for (let v = 0; v < values.length; v++) {
      const s = values[v]!;
      if (f.exact !== null && s.length <= f.longestExact) {
        const exact = f.exact.get(s.toLowerCase());
        if (exact) this.mark(exact);
      }
      if (f.numbers !== null) {
        const n = toNumber(s);
        const numeric = n === null ? undefined : f.numbers.get(n);
        if (numeric) this.mark(numeric);
      }
      if (f.scanner !== null) this.scan(f.scanner, s, this.onMatch[i]!);
    }
  }
}
