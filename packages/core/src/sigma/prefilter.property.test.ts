import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.ts';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { type SigmaRule } from './types.ts';

/** A tiny alphabet so rule literals and event values collide often; Σ exercises context-dependent lowering. */
const unit = fc.constantFrom('a', 'b', 'A', 'B', '\\', '.', 'Σ', 'ς');
const text = fc.string({ unit, minLength: 0, maxLength: 6 });

describe('Aho-Corasick', () => {
  it('finds exactly the occurrences a naive search finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        text,
        (patterns, s) => {
          const found = new Set<string>();
          new AhoCorasick(patterns).scan(s, (id, end) => found.add(`${id}@${end}`));
          const expected = new Set<string>();
          patterns.forEach((p, id) => {
            for (let i = s.indexOf(p); i !== -1; i = s.indexOf(p, i + 1)) expected.add(`${id}@${i + p.length}`);
          });
          expect(found).toEqual(expected);
          expect(new AhoCorasick(patterns).matchesAny(s)).toBe(expected.size > 0);
          // Approximate automata (candidate selection) may report more, never less.
          const approximate = new Set<string>();
          new AhoCorasick(patterns, true).scan(s, (id, end) => approximate.add(`${id}@${end}`));
          for (const hit of expected) expect(approximate).toContain(hit);
        },
      ),
      { numRuns: 500 },
    );
  });
});

const FORMS = [
  '',
  '|contains',
  '|startswith',
  '|endswith',
  '|contains|all',
  '|cased',
  '|contains|cased',
  '|endswith|windash',
];
const CONDITIONS = ['sel', 'sel and not f', 'sel or f', '1 of s*', 'all of s*', 'not f'];
const yamlString = (s: string): string => `'${s.replace(/'/g, "''")}'`;

const stringItem = fc.record({
  field: fc.constantFrom('A', 'B', 'C'),
  form: fc.constantFrom(...FORMS),
  values: fc.array(fc.oneof(text, fc.constantFrom('*', 'a*b', '?a', 'ab*')), { minLength: 1, maxLength: 9 }),
});
/** Regexes whose literals collide with the alphabet above, with and without `i`. */
const regexItem = fc.record({
  field: fc.constantFrom('A', 'B', 'C'),
  form: fc.constantFrom('|re', '|re|i'),
  values: fc.array(fc.constantFrom('ab+a', 'a\\.b', 'BAB', 'a(b|a)bb', '^ab', 'b?aab', '\\\\a.b', 'aΣb', 'x|bab'), {
    minLength: 1,
    maxLength: 3,
  }),
});
const item = fc.oneof(stringItem, regexItem);
const ruleShape = fc.record({
  sel: fc.array(item, { minLength: 1, maxLength: 2 }),
  f: item,
  condition: fc.constantFrom(...CONDITIONS),
});

interface ItemShape {
  field: string;
  form: string;
  values: string[];
}

function ruleYaml(i: number, shape: { sel: ItemShape[]; f: ItemShape; condition: string }): string {
  const map = (items: ItemShape[]): string =>
    `{ ${items.map((x) => `${x.field}${x.form}: [${x.values.map(yamlString).join(', ')}]`).join(', ')} }`;
  // YAML refuses duplicate keys: keep the first item of each field|modifiers.
  const sel = shape.sel.filter((x, j) => shape.sel.findIndex((y) => y.field + y.form === x.field + x.form) === j);
  return `title: r${i}\nid: r${i}\nlogsource: { product: test }\ndetection:\n  sel: ${map(sel)}\n  f: ${map([shape.f])}\n  condition: ${shape.condition}\n`;
}

describe('literal index', () => {
  it('selects the same rules as evaluating each rule alone', () => {
    fc.assert(
      fc.property(
        fc.array(ruleShape, { minLength: 8, maxLength: 30 }),
        fc.array(fc.record({ A: text, B: text, C: text }), { minLength: 1, maxLength: 20 }),
        (shapes, events) => {
          const rules: SigmaRule[] = shapes.flatMap((s, i) => {
            const { rules: parsed, errors } = parseRules(ruleYaml(i, s));
            expect(errors).toEqual([]);
            return parsed;
          });
          const engine = compile(rules);
          expect(engine.rejected).toEqual([]);
          const singles = rules.map((r) => compile([r], { prefilter: false }));
          for (const record of events) {
            const event = flattenEvent(record);
            const expected = singles.flatMap((s) => s.match(event).map((r) => r.id));
            expect(engine.match(event).map((r) => r.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
