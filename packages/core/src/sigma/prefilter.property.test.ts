import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.ts';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { ruleShape, ruleYaml, text, unit } from './property-generators.ts';
import { type SigmaRule } from './types.ts';

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
