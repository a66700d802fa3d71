import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  compile,
  compileCorrelations,
  createCorrelator,
  eventTime,
  flattenEvent,
  parseRules,
} from '@citysoc/core/sigma';
import { describe, expect, it } from 'vitest';
import { listRuleFiles } from './sigma-files.loader.ts';

const SPEC = path.resolve(import.meta.dirname, '../../../../../../shared/data/sigma-spec');
const SCHEMA_TESTS = path.join(SPEC, 'tests/schema');

/** The complete YAML examples of a specification page (fenced blocks with a title and a correlation or filter). */
function examples(page: string): string[] {
  const text = readFileSync(path.join(SPEC, 'specification', page), 'utf8');
  return [...text.matchAll(/```ya?ml\n([\s\S]*?)```/g)]
    .map((m) => m[1]!)
    .filter((y) => /^title:/m.test(y) && (/^ {4}type:/m.test(y) || /^filter:/m.test(y)));
}

describe('Sigma specification correlation and filter examples', () => {
  const files = listRuleFiles(SCHEMA_TESTS)
    .map((f) => path.relative(SCHEMA_TESTS, f))
    .filter((f) => !f.startsWith('rules'));

  it.each(files)('schema example %s parses as one correlation or filter', (file) => {
    const parsed = parseRules(readFileSync(path.join(SCHEMA_TESTS, file), 'utf8'), file);
    expect(parsed.errors).toEqual([]);
    expect(parsed.rules).toEqual([]);
    expect(parsed.correlations.length + parsed.filters.length).toBe(1);
  });

  it.each([
    ...examples('sigma-correlation-rules-specification.md').map((y, i) => [`correlation example ${i + 1}`, y]),
    ...examples('sigma-filters-specification.md').map((y, i) => [`filter example ${i + 1}`, y]),
  ])('%s parses', (_name, yaml) => {
    const parsed = parseRules(yaml);
    expect(parsed.errors).toEqual([]);
    expect(parsed.correlations.length + parsed.filters.length).toBeGreaterThan(0);
  });

  it('runs the "failed logins followed by a successful login" chain of the specification', () => {
    const full = examples('sigma-correlation-rules-specification.md').find((y) => y.includes('multiple_failed_login'));
    const parsed = parseRules(full!);
    const engine = compile(parsed.rules);
    const set = compileCorrelations(parsed.correlations, engine.rules);
    expect([engine.rejected, set.rejected]).toEqual([[], []]);
    expect([...set.silentRules].sort()).toEqual([
      '4d0a2c83-c62c-4ed4-b475-c7e23a9269b8',
      '53ba33fd-3a50-4468-a5ef-c583635cfa92',
    ]);
    const correlator = createCorrelator(set);
    const t0 = Date.parse('2024-05-01T08:00:00Z');
    const logins = [
      ...Array.from({ length: 10 }, (_, i) => ({ EventID: 4625, User: 'bob', seconds: i * 20 })),
      { EventID: 4625, User: 'eve', seconds: 100 },
      { EventID: 4624, User: 'eve', seconds: 200 },
      { EventID: 4624, User: 'bob', seconds: 300 },
    ];
    const hits = logins.flatMap(({ seconds, ...fields }, eventIndex) => {
      const event = flattenEvent({
        ...fields,
        Channel: 'Security',
        '@timestamp': new Date(t0 + seconds * 1000).toISOString(),
      });
      const time = eventTime(event)!;
      return correlator.observe(engine.match(event).map((r) => ({ ruleId: r.id, event, time, eventIndex })));
    });
    expect(hits.map((h) => [h.correlation.id, h.group, h.events])).toEqual([
      ['b180ead8-d58f-40b2-ae54-c8940995b9b6', { User: 'bob' }, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 12]],
    ]);
  });
});
