import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { InputError, NotAllowedError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { readStixText } from './index.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const read = (file: string) => readFileSync(path.join(DATA, file), 'utf8');

/** Distinct ids and indicator count of a STIX file, read independently of the importer. */
function census(texts: string[]): { ids: Set<string>; indicators: Set<string> } {
  const ids = new Set<string>();
  const indicators = new Set<string>();
  for (const text of texts) {
    const parsed = JSON.parse(text) as { objects?: { id: string; type: string }[] } & { id: string; type: string };
    for (const object of parsed.objects ?? [parsed]) {
      ids.add(object.id);
      if (object.type === 'indicator') indicators.add(object.id);
    }
  }
  return { ids, indicators };
}

describe.each(testDatabaseKinds())('intelligence import on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
  });
  afterEach(() => city.dispose());

  const importText = (text: string, source: string) => {
    const input = readStixText(text);
    return city.services.intel.importObjects(SYSTEM_PRINCIPAL, input.objects, { source, kind: 'stix' }, input.rejected);
  };

  it('stores every object of the OASIS examples once, and turns indicators into indicators', async () => {
    const dir = path.join(DATA, 'stix2.1/examples');
    const texts = readdirSync(dir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => readFileSync(path.join(dir, f), 'utf8'));
    let objects = 0;
    let indicators = 0;
    for (const text of texts) {
      const summary = await importText(text, 'oasis');
      objects += summary.objects;
      indicators += summary.indicators;
    }
    const expected = census(texts);
    expect(objects).toBe(expected.ids.size);
    expect(indicators).toBe(expected.indicators.size);
    // The same files again change nothing: same ids, same versions.
    let again = 0;
    for (const text of texts) again += (await importText(text, 'oasis')).objects;
    expect(again).toBe(0);
  });

  it('imports MITRE ATT&CK for ICS as the technique catalogue', async () => {
    const text = read('mitre-attack/ics-attack-18.1.json');
    const summary = await importText(text, 'mitre-attack-ics');
    const expected = census([text]);
    expect(summary.objects).toBe(expected.ids.size);
    expect(summary.rejected).toBe(0);
  });

  it('imports MITRE ATT&CK enterprise, STIX 2.0 objects one per line', async () => {
    const text = read('mitre-attack/enterprise-attack-18.1-stix20-objects.ndjson');
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const ids = new Set(lines.map((line) => (JSON.parse(line) as { id: string }).id));
    const summary = await importText(text, 'mitre-attack-enterprise');
    expect(summary.objects).toBe(ids.size);
    expect(summary.rejected).toBe(0);
  }, 120_000);

  it('refuses malformed objects one by one and keeps the rest', async () => {
    const text = [
      JSON.stringify({ type: 'indicator', id: 'indicator--not-a-uuid', pattern: "[ipv4-addr:value = '1.2.3.4']" }),
      '{broken',
      JSON.stringify({ type: 'malware', id: 'indicator--1b7e2c4e-1111-4d2b-9c8a-0f1e2d3c4b5a' }),
      JSON.stringify({
        type: 'malware',
        id: 'malware--1b7e2c4e-1111-4d2b-9c8a-0f1e2d3c4b5a',
        name: 'x',
        is_family: false,
      }),
    ].join('\n');
    const summary = await importText(text, 'hostile');
    expect(summary).toMatchObject({ objects: 1, rejected: 3 });
    expect(summary.errors.map((e) => e.index)).toEqual([0, 1, 2]);
  });

  it('lets only intelligence managers import', async () => {
    const cio = await city.addUser('cio', 'cio');
    await expect(city.services.intel.importObjects(cio, [], { source: 'x', kind: 'stix' })).rejects.toThrow(
      NotAllowedError,
    );
    await expect(
      city.services.intel.importObjects(SYSTEM_PRINCIPAL, [], { source: 'Bad Name', kind: 'stix' }),
    ).rejects.toThrow(InputError);
  });
});
