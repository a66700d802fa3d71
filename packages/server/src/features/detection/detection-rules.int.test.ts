import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { flattenEvent } from '@citysoc/core/sigma';
import { describe, expect, it } from 'vitest';
import { loadDetectionEngine } from './detection-rules.ts';

const FILTER = `title: Ignore the test door of the training centre
id: 3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a02
logsource: { product: citysoc, category: physical }
filter:
  rules:
    - 7d0c7e64-3c0b-4f0e-9a47-0f4a3c2f9a01
  selection:
    device.id: door-training-1
  condition: selection
`;

const BASE = `title: Badge refused
id: 3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04
logsource: { product: citysoc, category: physical }
detection:
  selection:
    citysoc.telemetry.metric: badge
    citysoc.telemetry.state: refused
  condition: selection
`;

const CORRELATION = `title: Many refused badges
id: 3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a03
correlation:
  type: event_count
  rules:
    - 3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04
  group-by:
    - device.id
  timespan: 10m
  condition:
    gte: 3
`;

describe('the detection engine of the pipeline', () => {
  const door = (device: string) =>
    flattenEvent({ device: { id: device }, citysoc: { telemetry: { metric: 'door', state: 'forced' } } });

  it('applies Sigma filters from the configured folders to the shipped rules', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-filters-'));
    writeFileSync(path.join(dir, 'training-door.yml'), FILTER);
    const { engine, rejections } = loadDetectionEngine([dir]);
    expect(rejections).toEqual([]);
    expect(engine.match(door('door-substation-3')).map((r) => r.title)).toEqual([
      'Door forced open at a city facility',
    ]);
    expect(engine.match(door('door-training-1'))).toEqual([]);
  });

  it('loads correlations from the configured folders and silences the base rules they do not generate', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-correlations-'));
    writeFileSync(path.join(dir, 'badge-refused.yml'), BASE);
    writeFileSync(path.join(dir, 'many-badges.yml'), CORRELATION);
    const { engine, rejections } = loadDetectionEngine([dir]);
    expect(rejections).toEqual([]);
    expect(engine.correlations.correlations.map((c) => c.correlation.key)).toContain(
      '3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a03',
    );
    expect(engine.correlations.silentRules.has('3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04')).toBe(true);
    expect(engine.correlatedRules.rules.map((r) => r.id)).toContain('3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04');
  });

  it('refuses a rule of a configured folder whose |re can backtrack catastrophically, and runs the others', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-redos-'));
    // A function, not a string: `$'` in a replacement string means "the text after the match".
    const redos = BASE.replace('citysoc.telemetry.state: refused', () => "message|re: '^(\\w+\\s?)*$'")
      .replace('Badge refused', 'Catastrophic')
      .replace('0a04', '0a05');
    writeFileSync(path.join(dir, 'redos.yml'), redos);
    writeFileSync(path.join(dir, 'badge-refused.yml'), BASE);
    const { engine, rejections } = loadDetectionEngine([dir]);
    expect(rejections).toEqual([
      {
        file: 'redos.yml',
        id: '3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a05',
        reason: expect.stringContaining("regular expression '^(\\w+\\s?)*$' refused (ReDoS)"),
      },
    ]);
    const attack = flattenEvent({ citysoc: { telemetry: { metric: 'badge' } }, message: `${'a'.repeat(40)}!` });
    expect(engine.match(attack)).toEqual([]);
  });

  it('refuses a correlation over a rule that is not loaded, by name', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'citysoc-correlations-'));
    writeFileSync(path.join(dir, 'badge-refused.yml'), BASE);
    writeFileSync(path.join(dir, 'dangling.yml'), CORRELATION.replace('3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04', 'nope'));
    const { engine, rejections } = loadDetectionEngine([dir]);
    expect(rejections).toEqual([
      expect.objectContaining({
        id: '3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a03',
        reason: expect.stringMatching(/unknown rule 'nope'/),
      }),
    ]);
    expect(engine.correlations.silentRules.has('3c1f0d2e-2222-4c7a-9a0e-5e0d7c1f0a04')).toBe(false);
  });
});
