import { Control } from '@citysoc/core';
import { describe, expect, it } from 'vitest';
import {
  durationWords,
  evidenceText,
  isAttestable,
  relativeTime,
  scopeText,
  scoreText,
  scoreTone,
} from './posture-display.ts';

const control = (fields: Record<string, unknown>) =>
  Control.parse({ id: 'SYS-X-01', title: 'X', direction: 'system', description: 'x', ...fields });

describe('scores', () => {
  it('shows one decimal, and a dash where no control applies', () => {
    expect(scoreText(73.46)).toBe('73.5');
    expect(scoreText(100)).toBe('100.0');
    expect(scoreText(null)).toBe('—');
  });

  it('colours good from 80, bad below 50, and nothing for no score', () => {
    expect(scoreTone(80)).toBe('good');
    expect(scoreTone(79.9)).toBe('neutral');
    expect(scoreTone(50)).toBe('neutral');
    expect(scoreTone(49.9)).toBe('bad');
    expect(scoreTone(null)).toBe('neutral');
  });
});

describe('evidence in words', () => {
  it('names the telemetry metric, the passing states and the age limit', () => {
    const c = control({
      evidence: { kind: 'telemetry', metric: 'antivirus', pass_states: ['ok', 'up_to_date'], max_age: '1d' },
    });
    expect(evidenceText(c.evidence)).toBe('device telemetry `antivirus` in [ok, up_to_date], at most 1 day old');
  });

  it('states value bounds', () => {
    const c = control({
      evidence: { kind: 'telemetry', metric: 'hardening_score', pass_values: { gte: 80 }, max_age: '7d' },
    });
    expect(evidenceText(c.evidence)).toBe('device telemetry `hardening_score` ≥ 80, at most 7 days old');
  });

  it('describes findings, reporting, environment and attestation evidence', () => {
    expect(evidenceText(control({ evidence: { kind: 'vulnerabilities' } }).evidence)).toBe(
      'vulnerability findings: none open at P1 or worse, none past its due date',
    );
    expect(evidenceText(control({ evidence: { kind: 'reporting' } }).evidence)).toMatch(/keeps reporting/);
    expect(
      evidenceText(
        control({ evidence: { kind: 'environment', metrics: ['temperature', 'humidity'], max_age: '1h' } }).evidence,
      ),
    ).toBe('a sensor in the same zone reports temperature and humidity in range, at most 1 hour old');
    expect(evidenceText(control({ evidence: { kind: 'attestation', max_validity: '180d' } }).evidence)).toBe(
      'attestation by a person, valid for at most 180 days',
    );
  });

  it('words durations in the largest whole unit', () => {
    expect(durationWords(86_400)).toBe('1 day');
    expect(durationWords(43_200)).toBe('12 hours');
    expect(durationWords(90)).toBe('90 seconds');
  });
});

describe('scope in words', () => {
  it('says each department for department-level controls and every asset when unrestricted', () => {
    expect(scopeText(control({ level: 'department', evidence: { kind: 'attestation' } }))).toBe('each department');
    expect(scopeText(control({ evidence: { kind: 'reporting' } }))).toBe('every asset');
  });

  it('lists types, zones, criticality and services', () => {
    const c = control({
      applies_to: {
        asset_types: ['server', 'endpoint'],
        zones: ['OT'],
        min_criticality: 'high',
        services: ['water-supply'],
      },
      evidence: { kind: 'reporting' },
    });
    expect(scopeText(c)).toBe('types server, endpoint; zone ot; criticality high or above; supporting water-supply');
  });

  it('offers attestation only for attestation-evidenced controls', () => {
    expect(isAttestable(control({ evidence: { kind: 'attestation' } }))).toBe(true);
    expect(isAttestable(control({ evidence: { kind: 'reporting' } }))).toBe(false);
    expect(isAttestable(undefined)).toBe(false);
  });
});

describe('relativeTime', () => {
  const now = Date.parse('2026-03-10T12:00:00Z');
  it('reads the largest unit that has passed', () => {
    expect(relativeTime('2026-03-10T11:59:30Z', now)).toBe('just now');
    expect(relativeTime('2026-03-10T11:55:00Z', now)).toBe('5 minutes ago');
    expect(relativeTime('2026-03-10T11:00:00Z', now)).toBe('1 hour ago');
    expect(relativeTime('2026-03-07T10:00:00Z', now)).toBe('3 days ago');
  });

  it('reads a future time as just now and shows what is not a time as it is', () => {
    expect(relativeTime('2026-03-11T00:00:00Z', now)).toBe('just now');
    expect(relativeTime('yesterday', now)).toBe('yesterday');
  });
});
