import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compile, flattenEvent, type SigmaEngine } from '@citysoc/core/sigma';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleDirectory, readEventsFile } from './sigma-files.loader.ts';

const SIGMA = path.resolve(import.meta.dirname, '../../../../../../shared/data/sigma');
const REGRESSION = path.join(SIGMA, 'regression_data/rules');

type Record_ = Record<string, unknown>;

/**
 * The literals the rules test on each field (wildcards dropped), so mutations put into a field what rules
 * look for in that field and actually reach the index and the rules' filters.
 */
function ruleLiterals(detection: unknown, field: string, out: Map<string, Set<string>>): void {
  if (typeof detection === 'string' || typeof detection === 'number') {
    const text = String(detection).replace(/[*?]/g, '');
    if (text === '') return;
    if (!out.has(field)) out.set(field, new Set());
    out.get(field)!.add(text);
  } else if (Array.isArray(detection)) for (const v of detection) ruleLiterals(v, field, out);
  else if (typeof detection === 'object' && detection !== null)
    for (const [k, v] of Object.entries(detection)) ruleLiterals(v, k.split('|')[0]!, out);
}

const randomCase = (s: string, flips: number): string =>
  [...s].map((c, i) => ((i * 7 + flips) % 3 === 0 ? c.toUpperCase() : c.toLowerCase())).join('');

describe('literal index and routing against per-rule evaluation', () => {
  const { rules } = loadRuleDirectory(path.join(SIGMA, 'rules'));
  const engine = compile(rules);
  let singles: SigmaEngine[] = [];
  const events: Record_[] = [];
  const literals = new Map<string, Set<string>>();

  beforeAll(async () => {
    // The reference: each rule alone, without the literal index (routing still applies to both sides).
    singles = engine.rules.map((r) => compile([r], { prefilter: false }));
    for (const r of engine.rules) ruleLiterals(r.detection, '', literals);
    const files = readdirSync(REGRESSION, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    for (const f of files.sort())
      for await (const { event } of readEventsFile(path.join(REGRESSION, f))) events.push(event);
  });

  it('returns exactly the rules that match when each is evaluated alone', () => {
    const words = new Map([...literals].map(([field, set]) => [field, [...set].sort()]));
    let eventsWithHits = 0;
    const mutation = fc.record({
      field: fc.nat(),
      how: fc.constantFrom('literal', 'prefix', 'suffix', 'infix', 'case', 'cut', 'swap', 'source'),
      word: fc.nat(),
      at: fc.nat(),
    });
    fc.assert(
      fc.property(fc.nat(), fc.array(mutation, { minLength: 1, maxLength: 4 }), (which, mutations) => {
        const event = structuredClone(events[which % events.length]!);
        const root = event['Event'] as Record_;
        const data = (root['EventData'] ?? {}) as Record_;
        const system = root['System'] as Record_;
        const keys = Object.keys(data).filter((k) => words.has(k));
        for (const m of mutations) {
          const key = keys[m.field % Math.max(1, keys.length)];
          const pool = words.get(key ?? '') ?? [''];
          const word = pool[m.word % pool.length]!;
          const other = events[m.word % events.length]!;
          if (m.how === 'source') {
            const otherSystem = (other['Event'] as Record_)['System'] as Record_;
            system['EventID'] = otherSystem['EventID'];
            system['Channel'] = otherSystem['Channel'];
            continue;
          }
          if (key === undefined) continue;
          const value = String(data[key] ?? '');
          const cut = m.at % (value.length + 1);
          data[key] =
            m.how === 'literal'
              ? word
              : m.how === 'prefix'
                ? word + value
                : m.how === 'suffix'
                  ? value + word
                  : m.how === 'infix'
                    ? value.slice(0, cut) + word + value.slice(cut)
                    : m.how === 'case'
                      ? randomCase(value, m.at)
                      : m.how === 'cut'
                        ? value.slice(cut)
                        : (((other['Event'] as Record_)['EventData'] as Record_ | undefined)?.[key] ?? value);
        }
        const flat = flattenEvent(event);
        const expected = singles.flatMap((s) => s.match(flat).map((r) => r.id));
        if (expected.length > 0) eventsWithHits += 1;
        expect(engine.match(flat).map((r) => r.id)).toEqual(expected);
      }),
      { numRuns: 500 },
    );
    // Enough mutated events must fire rules for the comparison to mean something.
    expect(eventsWithHits).toBeGreaterThan(100);
  });
});
