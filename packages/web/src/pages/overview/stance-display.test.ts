import { activePolicies, MAX_OVERRIDE_SECONDS, type StancePolicy } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import {
  checkOverride,
  overrideBounds,
  policyLines,
  stanceLevelClass,
  stanceLevelLabel,
  toLocalInputValue,
} from './stance-display.ts';

const NOW = new Date('2025-06-01T12:00:00Z');
const HOUR = 3_600_000;

const policy = (overrides: Partial<StancePolicy> & Pick<StancePolicy, 'id' | 'level'>): StancePolicy => ({
  file: `${overrides.id}.yml`,
  title: overrides.id,
  description: 'test',
  rule_packs: [],
  correlation_threshold_factor: 1,
  sla_factor: { incidents: 1, remediation: 1 },
  approval_required_for: [],
  blocklists: [],
  notify: [],
  ...overrides,
});

describe('stance levels', () => {
  it('name each level with its number and give each its own colour class', () => {
    expect(stanceLevelLabel(1)).toBe('1 · Normal');
    expect(stanceLevelLabel(5)).toBe('5 · Severe');
    const classes = new Set(([1, 2, 3, 4, 5] as const).map(stanceLevelClass));
    expect(classes.size).toBe(5);
    expect(stanceLevelClass(4)).toContain('stance-level-4');
  });
});

describe('policyLines', () => {
  it('says what a level changes: shorter SLAs, earlier correlations, approvals, blocklists', () => {
    const effective = activePolicies(3, [
      policy({ id: 'one', level: 1, blocklists: [{ name: 'firewall-ip', kinds: ['ip'], min_confidence: 90 }] }),
      policy({
        id: 'three',
        level: 3,
        correlation_threshold_factor: 0.6,
        sla_factor: { incidents: 0.75, remediation: 0.5 },
        approval_required_for: ['isolate', 'block_ip'],
        blocklists: [{ name: 'firewall-ip', kinds: ['ip'], min_confidence: 70 }],
      }),
    ]).effective;
    const lines = Object.fromEntries(policyLines(effective).map((line) => [line.label, line]));
    expect(lines['Incident SLAs']).toMatchObject({ value: '75 % of the usual time', changed: true });
    expect(lines['Remediation due']?.value).toBe('50 % of the usual time');
    expect(lines['Correlation thresholds']?.value).toBe('× 0.6 (fire at 60 % of the count)');
    expect(lines['Second approval for']?.value).toBe('isolate, block ip');
    expect(lines['Blocklists published']?.value).toBe('firewall-ip (ip; confidence ≥ 70)');
  });

  it('marks nothing as changed when no policy tightens anything', () => {
    const lines = policyLines(activePolicies(1, []).effective);
    expect(lines.filter((line) => line.changed)).toEqual([]);
    expect(lines.find((line) => line.label === 'Incident SLAs')?.value).toBe('Standard');
  });
});

describe('checkOverride', () => {
  const until = (ms: number) => toLocalInputValue(new Date(NOW.getTime() + ms));

  it('builds the request with the expiry in UTC', () => {
    const checked = checkOverride(
      { level: '4', justification: '  Ransomware at a neighbouring city  ', until: until(24 * HOUR) },
      NOW,
    );
    expect(checked).toEqual({
      ok: true,
      request: { level: 4, justification: 'Ransomware at a neighbouring city', until: '2025-06-02T12:00:00.000Z' },
    });
  });

  it('refuses what the server would refuse, with a sentence', () => {
    const ok = { level: '3', justification: 'a long enough reason', until: until(HOUR) };
    expect(checkOverride({ ...ok, level: '6' }, NOW)).toMatchObject({ ok: false });
    expect(checkOverride({ ...ok, justification: 'too short' }, NOW)).toMatchObject({
      ok: false,
      problem: 'Say why in at least 10 characters.',
    });
    expect(checkOverride({ ...ok, until: '' }, NOW)).toMatchObject({ ok: false, problem: 'Choose when it ends.' });
    expect(checkOverride({ ...ok, until: until(-HOUR) }, NOW)).toMatchObject({ ok: false });
    expect(checkOverride({ ...ok, until: until(MAX_OVERRIDE_SECONDS * 1000 + HOUR) }, NOW)).toMatchObject({
      ok: false,
      problem: 'An override lasts at most 30 days; renew it to extend.',
    });
  });

  it('offers expiries from now to 30 days ahead', () => {
    const { min, max } = overrideBounds(NOW);
    expect(new Date(min).getTime()).toBeGreaterThan(NOW.getTime());
    expect(new Date(max).getTime() - NOW.getTime()).toBeLessThanOrEqual(MAX_OVERRIDE_SECONDS * 1000);
    expect(checkOverride({ level: '2', justification: 'the longest allowed', until: max }, NOW)).toMatchObject({
      ok: true,
    });
  });
});
