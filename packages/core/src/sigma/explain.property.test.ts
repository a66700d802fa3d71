import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compile } from './engine.ts';
import { flattenEvent } from './event.ts';
import { parseRules } from './parse-rules.ts';
import { item, type ItemShape, ruleShape, ruleYaml, text, yamlString } from './property-generators.ts';
import type { SigmaFilter } from './correlation-types.ts';
import type { SigmaRule } from './types.ts';

/** Log sources that route differently: never an event log, Windows process creation, any source. */
const LOGSOURCES = ['{ product: test }', '{ product: windows, category: process_creation }', '{}'];
/** Event sources: none, Sysmon process creation, a Security logon (Windows, but not process creation). */
const SOURCES = [
  {},
  { Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 1 },
  { Channel: 'Security', EventID: 4624 },
];

const keywords = fc.array(fc.oneof(text, fc.constantFrom('a*b', 'Σ')), { minLength: 1, maxLength: 3 });

/** A generated rule with a keyword search `kw` and a log source; some conditions use the keywords. */
function explainedRuleYaml(
  i: number,
  shape: Parameters<typeof ruleYaml>[1],
  logsource: string,
  kw: string[],
  useKeywords: boolean,
): string {
  const condition = useKeywords ? `(${shape.condition}) or kw and not sel` : shape.condition;
  return ruleYaml(i, { ...shape, condition })
    .replace('logsource: { product: test }', `logsource: ${logsource}`)
    .replace('\n  condition:', `\n  kw: [${kw.map(yamlString).join(', ')}]\n  condition:`);
}

function filterYaml(i: number, target: string, shape: ItemShape): string {
  const values = shape.values.map(yamlString).join(', ');
  return `title: filter ${i}\nid: filter-${i}\nlogsource: {}\nfilter:\n  rules: [${target}]\n  selection: { ${shape.field}${shape.form}: [${values}] }\n  condition: selection\n`;
}

describe('explain agrees with match', () => {
  it('matched is true exactly when match returns the rule, on random rules, filters and events', () => {
    const generated = fc.record({
      shape: ruleShape,
      logsource: fc.constantFrom(...LOGSOURCES),
      kw: keywords,
      useKeywords: fc.boolean(),
      filter: fc.option(item, { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(generated, { minLength: 1, maxLength: 12 }),
        fc.array(fc.record({ A: text, B: text, C: text, source: fc.nat(SOURCES.length - 1) }), {
          minLength: 1,
          maxLength: 8,
        }),
        (generatedRules, events) => {
          const rules: SigmaRule[] = [];
          const filters: SigmaFilter[] = [];
          generatedRules.forEach((g, i) => {
            const parsed = parseRules(explainedRuleYaml(i, g.shape, g.logsource, g.kw, g.useKeywords));
            expect(parsed.errors).toEqual([]);
            rules.push(...parsed.rules);
            if (g.filter) filters.push(...parseRules(filterYaml(i, `r${i}`, g.filter)).filters);
          });
          const engine = compile(rules, { filters });
          expect(engine.rejected).toEqual([]);
          for (const { source, ...fields } of events) {
            const event = flattenEvent({ ...fields, ...SOURCES[source] });
            const hits = new Set(engine.match(event).map((r) => r.id));
            for (const rule of rules) {
              const explanation = engine.explain(rule.id, event)!;
              expect(explanation.matched, rule.id).toBe(hits.has(rule.id));
              // Every holding item that compares values names at least one value that held.
              for (const s of explanation.selections)
                for (const x of s.items) if (x.matched) expect(x.matches.length).toBeGreaterThan(0);
            }
          }
        },
      ),
      { numRuns: 150 },
    );
  });
});
