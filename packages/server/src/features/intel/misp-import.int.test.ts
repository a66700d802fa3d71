import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { looksLikeMisp, mispToStix } from './index.ts';

const EVENTS = path.resolve(import.meta.dirname, '../../../../../../shared/data/misp/pymisp-test-events');

function eventFiles(): string[] {
  return readdirSync(EVENTS, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json'))
    .map((e) => path.join(e.parentPath, e.name));
}

/** to_ids attributes in a MISP document, counted by walking the JSON (independently of the converter). */
function toIdsAttributes(json: unknown): number {
  if (Array.isArray(json)) return json.reduce((n: number, item) => n + toIdsAttributes(item), 0);
  if (typeof json !== 'object' || json === null) return 0;
  const object = json as Record<string, unknown>;
  const own = 'type' in object && 'value' in object && (object.to_ids === true || object.to_ids === '1') ? 1 : 0;
  return own + Object.values(object).reduce((n: number, value) => n + toIdsAttributes(value), 0);
}

describe.each(testDatabaseKinds())('MISP import on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  it('turns every to_ids attribute of the PyMISP test events into an indicator or a named refusal, once', async () => {
    let indicators = 0;
    let refused = 0;
    let expected = 0;
    for (const file of eventFiles()) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!looksLikeMisp(json)) continue;
      expected += toIdsAttributes(json);
      const { objects, skipped } = mispToStix(json, 'misp-tests');
      refused += skipped.length;
      const summary = await city.services.intel.importObjects(SYSTEM_PRINCIPAL, objects, {
        source: 'misp-tests',
        kind: 'misp',
      });
      indicators += summary.indicators;
    }
    expect(indicators).toBeGreaterThan(0);
    // Some events share attributes (the same uuid in several test files): stored once, so at most the count.
    expect(indicators + refused).toBeLessThanOrEqual(expected);
    expect(indicators + refused).toBeGreaterThan(expected / 2);
    let again = 0;
    for (const file of eventFiles()) {
      const json = JSON.parse(readFileSync(file, 'utf8')) as unknown;
      if (!looksLikeMisp(json)) continue;
      again += (
        await city.services.intel.importObjects(SYSTEM_PRINCIPAL, mispToStix(json, 'misp-tests').objects, {
          source: 'misp-tests',
          kind: 'misp',
        })
      ).objects;
    }
    expect(again).toBe(0);
  });
});
