import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AhoCorasick } from './aho-corasick.ts';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { ruleShape, ruleYaml, text, unit, yamlString } from './property-generators.ts';
import { type SigmaRule } from './types.ts';
import { WuManber } from './wu-manber.ts';

const NON_ASCII = /[\u0080-\uffff]/;

/** Every occurrence of each pattern in `s`, as `id@end`. */
function naiveOccurrences(patterns: readonly string[], s: string): Set<string> {
  const expected = new Set<string>();
  patterns.forEach((p, id) => {
    for (let i = s.indexOf(p); i !== -1; i = s.indexOf(p, i + 1)) expected.add(`${id}@${i + p.length}`);
  });
  return expected;
}

const collect = (scan: (found: (id: number, end: number) => void) => unknown): Set<string> => {
  const found = new Set<string>();
  scan((id, end) => found.add(`${id}@${end}`));
  return found;
};

describe('Aho-Corasick', () => {
  it('finds exactly the occurrences a naive search finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 }),
        text,
        (patterns, s) => {
          const found = collect((f) => new AhoCorasick(patterns).scan(s, f));
          const expected = naiveOccurrences(patterns, s);
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

  it('lowers ASCII as it scans, and stops at other text having reported only real occurrences', () => {
    fc.assert(
      fc.property(fc.array(text, { minLength: 1, maxLength: 8 }), text, (raw, s) => {
        const patterns = raw.map((p) => p.toLowerCase()).filter((p) => p !== '');
        fc.pre(patterns.length > 0);
        const automaton = new AhoCorasick(patterns);
        let complete = false;
        const found = collect((f) => (complete = automaton.scanLowered(s, f)));
        const expected = naiveOccurrences(patterns, s.toLowerCase());
        if (complete) expect(found).toEqual(expected);
        else for (const hit of found) expect(expected).toContain(hit);
        expect(complete).toBe(!NON_ASCII.test(s));
      }),
      { numRuns: 500 },
    );
  });
});

describe('Wu-Manber', () => {
  it('finds exactly the occurrences a naive search finds', () => {
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit, minLength: 2, maxLength: 7 }), { minLength: 1, maxLength: 12 }),
        fc.string({ unit, maxLength: 40 }),
        (patterns, s) => {
          expect(collect((f) => new WuManber(patterns).scan(s, f))).toEqual(naiveOccurrences(patterns, s));
        },
      ),
      { numRuns: 500 },
    );
  });

  it('folds ASCII as it scans when it can, exactly as scanning the lower-case text', () => {
    // Mostly ASCII (so folding is usually possible), sometimes text that lowers to ASCII or is not ASCII.
    const mixed = fc.oneof(
      { arbitrary: fc.constantFrom('a', 'b', 'A', 'B', '\\', 'i', 'I', 'k', 'K'), weight: 12 },
      { arbitrary: fc.constantFrom('é', 'É', '\u212a', '\u0130'), weight: 1 },
    );
    fc.assert(
      fc.property(
        fc.array(fc.string({ unit: mixed, minLength: 2, maxLength: 6 }), { minLength: 1, maxLength: 10 }),
        fc.string({ unit: mixed, maxLength: 40 }),
        (raw, s) => {
          const patterns = raw.map((p) => p.toLowerCase()).filter((p) => p.length >= 2);
          fc.pre(patterns.length > 0);
          const scanner = new WuManber(patterns);
          let complete = false;
          const found = collect((f) => (complete = scanner.scanLowered(s, f)));
          if (complete) expect(found).toEqual(naiveOccurrences(patterns, s.toLowerCase()));
          else expect(found.size).toBe(0);
          const ascii = patterns.every((p) => !NON_ASCII.test(p));
          expect(complete).toBe(ascii && !/[\u0130\u212a]/.test(s));
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

/** Keyword searches, plain numbers and long literals: the atoms behind keyword, number and skipping probes. */
const longText = fc.string({ unit, minLength: 5, maxLength: 9 });
/** Longer than the index keeps of a literal (16 characters). */
const veryLong = fc.string({ unit: fc.constantFrom('a', 'b', 'A'), minLength: 17, maxLength: 22 });
const scalar = fc.oneof(text, longText, fc.constantFrom(1, 2, 10, -0.5, '1.0', '01', ' 2'));
const yamlValue = (v: string | number): string => (typeof v === 'number' ? String(v) : yamlString(v));
const yamlList = (values: readonly (string | number)[]): string => `[${values.map(yamlValue).join(', ')}]`;
const numberRule = fc.record({
  kw: fc.array(fc.oneof(text, longText, fc.constantFrom(1, 10, 'a*b')), { minLength: 1, maxLength: 4 }),
  kwForm: fc.constantFrom('', '|all', '|startswith', '|cased'),
  numbers: fc.array(fc.oneof(fc.constantFrom(1, 2, 10, -0.5, 0), text), { minLength: 1, maxLength: 3 }),
  long: fc.array(fc.oneof(longText, veryLong), { minLength: 1, maxLength: 12 }),
  longForm: fc.constantFrom('|contains', '|startswith', '|endswith', '|contains|all'),
  condition: fc.constantFrom('kw', 'k2', 'num', 'long', 'kw and not num', 'num or long', 'long and kw', 'k2 or num'),
});

type NumberRule = typeof numberRule extends fc.Arbitrary<infer T> ? T : never;

function numberRuleYaml(i: number, r: NumberRule): string {
  return (
    `title: n${i}\nid: n${i}\nlogsource: { product: test }\ndetection:\n` +
    `  kw: ${yamlList(r.kw)}\n  k2: { '${r.kwForm}': ${yamlList(r.kw)} }\n  num: { A: ${yamlList(r.numbers)} }\n` +
    `  long: { 'B${r.longForm}': ${yamlList(r.long)} }\n  condition: ${r.condition}\n`
  );
}

describe('literal index on keywords, numbers and long literals', () => {
  it('selects the same rules as evaluating each rule alone', () => {
    const event = fc.record({
      A: scalar,
      B: fc.oneof(longText, text, veryLong, fc.array(fc.oneof(longText, veryLong), { maxLength: 2 })),
      C: fc.record({ D: scalar, E: fc.array(scalar, { maxLength: 2 }) }),
      // B built around one of the rules' long literals, so prefixes, suffixes and substrings do occur.
      around: fc.option(fc.record({ pick: fc.nat(), before: text, after: text }), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(numberRule, { minLength: 8, maxLength: 20 }),
        fc.array(event, { minLength: 1, maxLength: 12 }),
        (shapes, events) => {
          const rules: SigmaRule[] = shapes.flatMap((s, i) => {
            const { rules: parsed, errors } = parseRules(numberRuleYaml(i, s));
            expect(errors).toEqual([]);
            return parsed;
          });
          const engine = compile(rules);
          expect(engine.rejected).toEqual([]);
          const singles = rules.map((r) => compile([r], { prefilter: false }));
          const literals = shapes.flatMap((s) => s.long);
          for (const { around, ...record } of events) {
            if (around) record.B = `${around.before}${literals[around.pick % literals.length]!}${around.after}`;
            const flat = flattenEvent(record);
            const expected = singles.flatMap((s) => s.match(flat).map((r) => r.id));
            expect(engine.match(flat).map((r) => r.id)).toEqual(expected);
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
