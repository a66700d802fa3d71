import { readdirSync } from 'node:fs';
import path from 'node:path';
import { compile, flattenEvent, type SigmaEvent } from '@citysoc/core/sigma';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadRuleDirectory, readEventsFile } from './sigma-files.loader.ts';

const SIGMA = path.resolve(import.meta.dirname, '../../../../../../shared/data/sigma');
const REGRESSION = path.join(SIGMA, 'regression_data/rules');

/** Rules explained per event besides its own and the hits: a spread of the corpus that mostly does not match. */
const OTHERS_PER_EVENT = 40;

describe('explain on the SigmaHQ corpus and its regression events', () => {
  const engine = compile(loadRuleDirectory(path.join(SIGMA, 'rules')).rules);
  const events: { ruleId: string; event: SigmaEvent }[] = [];

  beforeAll(async () => {
    const files = readdirSync(REGRESSION, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.json'));
    for (const f of files.sort()) {
      for await (const { event } of readEventsFile(path.join(REGRESSION, f)))
        events.push({ ruleId: path.basename(f, '.json'), event: flattenEvent(event) });
    }
  });

  it('agrees with match, and names the values behind every hit', () => {
    let explained = 0;
    let hits = 0;
    events.forEach(({ ruleId, event }, n) => {
      const matched = new Set(engine.match(event).map((r) => r.id));
      const others = Array.from(
        { length: OTHERS_PER_EVENT },
        (_, k) => engine.rules[(n * 31 + k * 397) % engine.rules.length]!.id,
      );
      for (const id of new Set([ruleId, ...matched, ...others])) {
        const explanation = engine.explain(id, event);
        if (!explanation) continue; // the pair's rule is absent or refused: sigma.regression.int.test.ts says which
        explained += 1;
        expect(explanation.matched, `${id} on an event of ${ruleId}`).toBe(matched.has(id));
        if (!explanation.matched) continue;
        hits += 1;
        const evidence = explanation.selections.filter((s) => s.matched && !s.negated);
        // A condition can hold by negation alone (`not filter`); otherwise a holding selection names its values.
        if (evidence.length > 0) expect(evidence.some((s) => s.items.some((i) => i.matches.length > 0))).toBe(true);
      }
    });
    // 180 events: ≈7,400 rule/event pairs explained, ≈250 of them hits.
    expect(events.length).toBeGreaterThan(150);
    expect(hits).toBeGreaterThan(200);
    expect(explained).toBeGreaterThan(5000);
  });
});
