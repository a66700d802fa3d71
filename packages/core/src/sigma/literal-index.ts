import { AhoCorasick } from './aho-corasick.ts';
import { type EventContext } from './event-context.ts';
import { type Atom, MAX_CLAUSES, type Requirement } from './requirements.ts';

/*
 * Literals longer than this are cut for the automaton: "contains a long string" implies "contains its first
 * MAX_LITERAL characters" (and likewise for prefixes and suffixes), so the test stays necessary while the
 * automaton stays shallow and small. Exact values are never cut (they live in a Map).
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

/** The merged literals of every indexed rule that tests one field. */
interface FieldIndex {
  readonly field: string;
  readonly exact: Map<string, number[]>;
  readonly automaton: AhoCorasick | null;
  readonly patterns: readonly PatternRules[];
}

interface FieldBuilder {
  exact: Map<string, number[]>;
  patterns: Map<string, PatternRules>;
}

function cut(atom: Atom): string {
  if (atom.kind === 'exact' || atom.text.length <= MAX_LITERAL) return atom.text;
  return atom.kind === 'suffix' ? atom.text.slice(-MAX_LITERAL) : atom.text.slice(0, MAX_LITERAL);
}

function addAtom(builders: Map<string, FieldBuilder>, atom: Atom, entry: number): void {
  let b = builders.get(atom.field);
  if (!b) {
    b = { exact: new Map(), patterns: new Map() };
    builders.set(atom.field, b);
  }
  const text = cut(atom);
  if (atom.kind === 'exact') {
    const list = b.exact.get(text);
    if (list) list.push(entry);
    else b.exact.set(text, [entry]);
    return;
  }
  let p = b.patterns.get(text);
  if (!p) {
    p = { length: text.length, contains: [], prefix: [], suffix: [] };
    b.patterns.set(text, p);
  }
  p[atom.kind].push(entry);
}

/**
 * Candidate selection for one plan: the atoms of every rule's clauses go into per-field exact-value maps and
 * one Aho-Corasick automaton per field over the prefix/suffix/contains literals; a rule is a candidate once
 * an atom of each of its clauses holds, and rules without clauses always are. `candidates` returns plan
 * positions in ascending order, so hits keep rule-set order.
 */
export class LiteralIndex {
  private readonly fields: readonly FieldIndex[];
  private readonly always: readonly number[];
  /** generation stamp per rule: `satisfied` is current only when the stamp is */
  private readonly marks: Uint32Array;
  private readonly satisfied: Uint8Array;
  /** bit mask with one bit per clause of each rule */
  private readonly complete: Uint8Array;
  private generation = 0;
  // The event value being scanned and the list being filled: per-call state kept on the instance so the
  // automaton callbacks are created once, not once per field per event (they were a visible GC cost).
  private valueLength = 0;
  private out: number[] = [];
  private readonly onMatch: ((id: number, end: number) => void)[];

  constructor(requirements: readonly Requirement[]) {
    const builders = new Map<string, FieldBuilder>();
    const always: number[] = [];
    this.complete = new Uint8Array(requirements.length);
    requirements.forEach((req, rule) => {
      // An empty literal under a substring test holds everywhere, and so does its clause: drop such clauses.
      const clauses = (req ?? [])
        .filter((c) => c.length > 0 && !c.some((a) => a.text === '' && a.kind !== 'exact'))
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
    this.always = always;
    this.marks = new Uint32Array(requirements.length);
    this.satisfied = new Uint8Array(requirements.length);
    this.fields = [...builders].map(([field, b]) => {
      const texts = [...b.patterns.keys()];
      return {
        field,
        exact: b.exact,
        automaton: texts.length === 0 ? null : new AhoCorasick(texts, true),
        patterns: [...b.patterns.values()],
      };
    });
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
    const { marks, satisfied, complete, generation, out } = this;
    for (const entry of entries) {
      const rule = entry >> CLAUSE_BITS;
      const bit = 1 << (entry & ((1 << CLAUSE_BITS) - 1));
      if (marks[rule] !== generation) {
        marks[rule] = generation;
        satisfied[rule] = 0;
      }
      const before = satisfied[rule]!;
      if ((before & bit) !== 0) continue;
      satisfied[rule] = before | bit;
      // Pushed once: on the step that completes the mask (bits only ever get added within an event).
      if ((before | bit) === complete[rule]) out.push(rule);
    }
  }

  candidates(ctx: EventContext): number[] {
    // Wrapping to 0 would make stale marks look current; starting over is cheap and happens once in 4e9 calls.
    if (++this.generation === 0xffffffff) {
      this.marks.fill(0);
      this.generation = 1;
    }
    const out = this.always.slice();
    this.out = out;
    const { fields, onMatch } = this;
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i]!;
      const values = ctx.strings(f.field, false);
      for (const s of values) {
        if (f.exact.size > 0) {
          const exact = f.exact.get(s);
          if (exact) this.mark(exact);
        }
        if (f.automaton) {
          this.valueLength = s.length;
          f.automaton.scan(s, onMatch[i]!);
        }
      }
    }
    this.out = [];
    return out.length === this.always.length ? out : out.sort((a, b) => a - b);
  }
}
