import { type SigmaEvent } from './types.ts';

const EMPTY: readonly string[] = [];

function scalarStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) if (!Array.isArray(v)) scalarStrings(v, out);
}

interface FieldStrings {
  readonly cased: readonly string[];
  lower: readonly string[] | null;
}

/**
 * Per-event memo shared by every rule evaluated on one event: each field is read and lowercased once, however
 * many rules test it (SIGMA.md "lowercase each field value once per event").
 */
export class EventContext {
  // One memo entry per field holds both spellings: one Map lookup per test instead of two.
  private readonly fields = new Map<string, FieldStrings>();
  private keywordsCased: readonly string[] | undefined;
  private keywordsLower: readonly string[] | undefined;

  constructor(readonly event: SigmaEvent) {}

  /** The raw value: `undefined` when missing, `null` when present and null. */
  value(field: string): unknown {
    return this.event.get(field);
  }

  /** The field's scalar values as strings (an array field gives each element); empty for missing/null/object. */
  strings(field: string, cased: boolean): readonly string[] {
    let entry = this.fields.get(field);
    if (!entry) {
      const out: string[] = [];
      scalarStrings(this.event.get(field), out);
      entry = { cased: out.length === 0 ? EMPTY : out, lower: null };
      this.fields.set(field, entry);
    }
    if (cased) return entry.cased;
    entry.lower ??= entry.cased.length === 0 ? EMPTY : entry.cased.map((s) => s.toLowerCase());
    return entry.lower;
  }

  /** Every string and number in the event, for field-less keyword search. */
  keywordStrings(cased: boolean): readonly string[] {
    if (!this.keywordsCased) {
      const out: string[] = [];
      for (const v of this.event.values()) scalarStrings(v, out);
      this.keywordsCased = out;
    }
    if (cased) return this.keywordsCased;
    this.keywordsLower ??= this.keywordsCased.map((s) => s.toLowerCase());
    return this.keywordsLower;
  }
}
