import { type SigmaEvent } from './types.ts';

const EMPTY: readonly string[] = [];

function scalarStrings(value: unknown, out: string[]): void {
  if (typeof value === 'string') out.push(value);
  else if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint')
    out.push(String(value));
  else if (Array.isArray(value)) for (const v of value) if (!Array.isArray(v)) scalarStrings(v, out);
}

/*
 * Field names get dense numbers when rules compile, so the per-event memo is arrays indexed by number rather
 * than a Map keyed by name (a Map per event, grown field by field, showed in profiles). The numbering is
 * shared by all engines; it only grows with the field names rules are written with, never with event data.
 */
const slots = new Map<string, number>();

/** The memo slot of a field name, assigned on first use. */
export function fieldSlot(field: string): number {
  let slot = slots.get(field);
  if (slot === undefined) {
    slot = slots.size;
    slots.set(field, slot);
  }
  return slot;
}

/**
 * Per-event memo shared by every rule evaluated on one event: each field is read and lowercased once, however
 * many rules test it (SIGMA.md "lowercase each field value once per event"). An engine keeps one context and
 * `reset`s it per event: entries are current only when stamped with the current generation, so nothing is
 * cleared or allocated per event but the strings themselves.
 */
export class EventContext {
  private generation = 1;
  private stamps = new Uint32Array(0);
  private cased: (readonly string[])[] = [];
  private lower: (readonly string[] | null)[] = [];
  private keywordsCased: readonly string[] | undefined;
  private keywordsLower: readonly string[] | undefined;

  constructor(private current: SigmaEvent) {}

  get event(): SigmaEvent {
    return this.current;
  }

  /** Starts over on another event; memo entries of the previous one become stale. */
  reset(event: SigmaEvent): void {
    this.current = event;
    this.keywordsCased = undefined;
    this.keywordsLower = undefined;
    if (++this.generation === 0xffffffff) {
      this.stamps.fill(0);
      this.generation = 1;
    }
  }

  /** The raw value: `undefined` when missing, `null` when present and null. */
  value(field: string): unknown {
    return this.current.get(field);
  }

  /** The field's scalar values as strings (an array field gives each element); empty for missing/null/object. */
  strings(field: string, cased: boolean): readonly string[] {
    return this.stringsAt(fieldSlot(field), field, cased);
  }

  /** `strings` for a field whose slot the caller looked up once, at compile time. */
  stringsAt(slot: number, field: string, cased: boolean): readonly string[] {
    if (slot >= this.stamps.length) this.grow(slot);
    if (this.stamps[slot] !== this.generation) {
      this.stamps[slot] = this.generation;
      this.cased[slot] = scalarList(this.current.get(field));
      this.lower[slot] = null;
    }
    if (cased) return this.cased[slot]!;
    return (this.lower[slot] ??= lowered(this.cased[slot]!));
  }

  /** Every string and number in the event, for field-less keyword search. */
  keywordStrings(cased: boolean): readonly string[] {
    if (!this.keywordsCased) {
      const out: string[] = [];
      for (const v of this.current.values()) scalarStrings(v, out);
      this.keywordsCased = out;
    }
    if (cased) return this.keywordsCased;
    this.keywordsLower ??= lowered(this.keywordsCased);
    return this.keywordsLower;
  }

  private grow(slot: number): void {
    const stamps = new Uint32Array(Math.max(slot + 1, slots.size, this.stamps.length * 2));
    stamps.set(this.stamps);
    this.stamps = stamps;
    for (let i = this.cased.length; i < stamps.length; i++) {
      this.cased.push(EMPTY);
      this.lower.push(null);
    }
  }
}

/** The common single-string field without the general walk; missing, null and objects share EMPTY. */
function scalarList(value: unknown): readonly string[] {
  if (typeof value === 'string') return [value];
  if (value === undefined || value === null) return EMPTY;
  const out: string[] = [];
  scalarStrings(value, out);
  return out.length === 0 ? EMPTY : out;
}

/** Lower-case copies; the list itself when lowering changes nothing (paths and ids often are lower-case). */
function lowered(strings: readonly string[]): readonly string[] {
  let out: string[] | null = null;
  for (let i = 0; i < strings.length; i++) {
    const s = strings[i]!;
    const lower = s.toLowerCase();
    if (out === null) {
      if (lower === s) continue;
      out = strings.slice(0, i);
    }
    out.push(lower);
  }
  return out ?? strings;
}
