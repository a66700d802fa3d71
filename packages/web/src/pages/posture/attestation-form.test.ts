import { Control } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import { checkAttestation, defaultUntil, latestUntil } from './attestation-form.ts';

const TODAY = '2026-03-10';
const control = (maxValidity: string) =>
  Control.parse({
    id: 'MGT-ACC-01',
    title: 'Access rights reviewed',
    direction: 'management',
    description: 'x',
    level: 'department',
    evidence: { kind: 'attestation', max_validity: maxValidity },
  });
const NOTE = 'Quarterly access review, minutes in DMS-4411';

describe('attestation dates', () => {
  it('ends the validity the day before the full span, as the server counts to the end of the chosen day', () => {
    expect(latestUntil(control('180d'), TODAY)).toBe('2026-09-05');
  });

  it('proposes 90 days, or less when the control allows less', () => {
    expect(defaultUntil(control('365d'), TODAY)).toBe('2026-06-08');
    expect(defaultUntil(control('30d'), TODAY)).toBe('2026-04-08');
  });
});

describe('checkAttestation', () => {
  it('builds the request with the trimmed note', () => {
    expect(checkAttestation(control('180d'), 'water', '2026-06-01', `  ${NOTE} `, TODAY)).toEqual({
      ok: true,
      request: { control: 'MGT-ACC-01', target: 'water', until: '2026-06-01', note: NOTE },
    });
  });

  it('refuses a past date, a date beyond the validity, no date and a short note', () => {
    const check = (until: string, note = NOTE) => checkAttestation(control('180d'), 'water', until, note, TODAY);
    expect(check('2026-03-09')).toMatchObject({ ok: false, problem: 'The attestation cannot expire in the past.' });
    expect(check('2026-09-06')).toMatchObject({ ok: false, problem: expect.stringContaining('until 2026-09-05') });
    expect(check('')).toMatchObject({ ok: false, problem: 'Choose the date the attestation expires.' });
    expect(check('2026-06-01', 'ok       ')).toMatchObject({
      ok: false,
      problem: expect.stringContaining('at least 10'),
    });
  });

  it('refuses controls that are evidenced automatically', () => {
    const telemetry = Control.parse({
      id: 'SYS-AV-01',
      title: 'AV',
      direction: 'system',
      description: 'x',
      evidence: { kind: 'telemetry', metric: 'antivirus', max_age: '1d' },
    });
    expect(checkAttestation(telemetry, 'scada-1', '2026-06-01', NOTE, TODAY)).toMatchObject({ ok: false });
  });
});
