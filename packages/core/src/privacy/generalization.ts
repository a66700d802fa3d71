import type { QuasiIdentifier } from './anonymization-spec.ts';

/** The value that withholds an attribute entirely: the top of every hierarchy. */
export const SUPPRESSED_VALUE = '*';

/**
 * One quasi-identifier's generalisation hierarchy as functions. Level 0 is the value as published in the input;
 * level `height` is the coarsest level of the spec. Every level is a coarsening of the one below it (the spec
 * schema checks nesting), so two values equal at level h stay equal at every level above h.
 *
 * An empty cell is a missing value: it stays empty at every level except `'*'`.
 */
export interface Generalizer {
  readonly column: string;
  readonly type: QuasiIdentifier['type'];
  /** Number of generalisation levels above the original value. */
  readonly height: number;
  /** Why a raw value cannot be generalised (not a number, not a date, not in the tree), or null when it can. */
  problem(raw: string): string | null;
  /** The value at `level`; call only for values whose `problem` is null. */
  generalize(raw: string, level: number): string;
  /** The interval `[low, high)` a numeric value falls in at `level` (null for other types, '*', or missing). */
  interval(raw: string, level: number): [number, number] | null;
  /** Whether `level` withholds the attribute entirely (`'*'`, or a prefix of 0 characters). */
  suppresses(level: number): boolean;
  /** Human description of a level for the report, e.g. `interval width 10`. */
  describe(level: number): string;
}

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:$|[T ])/;

/** Floating steps such as 0.1 leave 0.30000000000000004 behind; 12 significant digits is plenty for a bound. */
function tidy(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function parseIsoDate(raw: string): { year: number; month: number; day: number } | null {
  const match = ISO_DATE.exec(raw.trim());
  if (!match) return null;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const daysInMonth = new Date(Date.UTC(year, month, 0)).getUTCDate();
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth) return null;
  return { year, month, day };
}

export function buildGeneralizer(column: string, qi: QuasiIdentifier): Generalizer {
  const levels: readonly (string | number)[] = qi.levels;
  const levelAt = (level: number) => (level === 0 ? null : levels[level - 1]);
  const common = {
    column,
    type: qi.type,
    height: levels.length,
    suppresses: (level: number) => {
      const spec = levelAt(level);
      return spec === '*' || (qi.type === 'prefix' && spec === 0);
    },
    describe: (level: number) => {
      const spec = levelAt(level);
      if (spec === null) return 'original value';
      if (spec === '*' || (qi.type === 'prefix' && spec === 0)) return 'fully suppressed (*)';
      switch (qi.type) {
        case 'numeric':
          return `interval width ${spec}`;
        case 'prefix':
          return `first ${spec} characters`;
        case 'date':
          return `${spec}`;
        case 'category':
          return `${spec} step${spec === 1 ? '' : 's'} up the tree`;
      }
    },
  };
  // The shared rule for missing values and the top level, so each type only handles a present value.
  const around =
    (generalize: (raw: string, spec: string | number, level: number) => string) =>
    (raw: string, level: number): string => {
      const spec = levelAt(level);
      if (spec === '*') return SUPPRESSED_VALUE;
      if (raw === '' || spec === null || spec === undefined) return raw;
      return generalize(raw, spec, level);
    };

  switch (qi.type) {
    case 'numeric': {
      const bounds = (raw: string, level: number): [number, number] | null => {
        const width = levelAt(level);
        if (raw === '' || width === '*') return null;
        const value = Number(raw.trim());
        if (width === null || width === undefined) return [value, value];
        const low = Math.floor(value / Number(width)) * Number(width);
        return [low, low + Number(width)];
      };
      return {
        ...common,
        problem: (raw) =>
          raw === '' || (NUMBER.test(raw.trim()) && Number.isFinite(Number(raw.trim()))) ? null : 'not a number',
        generalize: around((raw, _spec, level) => {
          const [low, high] = bounds(raw, level)!;
          return `[${tidy(low)},${tidy(high)})`;
        }),
        interval: bounds,
      };
    }
    case 'prefix':
      return {
        ...common,
        problem: () => null,
        generalize: around((raw, spec) => {
          const characters = Array.from(raw);
          const kept = Number(spec);
          if (kept === 0) return SUPPRESSED_VALUE;
          return characters.length <= kept ? raw : `${characters.slice(0, kept).join('')}*`;
        }),
        interval: () => null,
      };
    case 'date':
      return {
        ...common,
        problem: (raw) => (raw === '' || parseIsoDate(raw) ? null : 'not an ISO date (YYYY-MM-DD)'),
        generalize: around((raw, spec) => {
          const { year, month, day } = parseIsoDate(raw)!;
          const mm = String(month).padStart(2, '0');
          const yyyy = String(year).padStart(4, '0');
          if (spec === 'day') return `${yyyy}-${mm}-${String(day).padStart(2, '0')}`;
          if (spec === 'month') return `${yyyy}-${mm}`;
          if (spec === 'year') return yyyy;
          const decade = Math.floor(year / 10) * 10;
          return `${decade}-${decade + 9}`;
        }),
        interval: () => null,
      };
    case 'category': {
      const tree = new Map(Object.entries(qi.hierarchy));
      const known = new Set([...tree.keys(), ...tree.values()]);
      return {
        ...common,
        problem: (raw) => (raw === '' || known.has(raw) ? null : 'not in the category tree'),
        generalize: around((raw, spec) => {
          let node = raw;
          for (let step = 0; step < Number(spec); step += 1) {
            const parent = tree.get(node);
            if (parent === undefined) break;
            node = parent;
          }
          return node;
        }),
        interval: () => null,
      };
    }
  }
}
