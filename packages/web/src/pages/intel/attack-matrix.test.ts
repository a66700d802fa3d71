import { describe, expect, it } from 'vitest';
import type { AttackCoverage } from '../../api/intel-schemas.ts';
import { coverageSummary, coverageTier, layoutMatrix, techniqueLink } from './attack-matrix.ts';

const technique = (id: string, name: string, rules: number, alerts = 0) => ({
  id,
  name,
  rules: Array.from({ length: rules }, (_, i) => `rule-${id}-${i}`),
  alerts_30d: alerts,
});

const COVERAGE: AttackCoverage = {
  domain: 'enterprise',
  imported: true,
  techniques_total: 5,
  techniques_covered: 3,
  tactics: [
    {
      id: 'TA0001',
      shortname: 'initial-access',
      name: 'Initial Access',
      techniques: [
        technique('T1566', 'Phishing', 0),
        technique('T1190', 'Exploit Public-Facing Application', 2, 4),
        technique('T1133', 'External Remote Services', 2, 9),
      ],
    },
    {
      id: 'TA0002',
      shortname: 'execution',
      name: 'Execution',
      techniques: [technique('T1059', 'Command and Scripting Interpreter', 5), technique('T1204', 'User Execution', 0)],
    },
  ],
};

describe('coverageTier', () => {
  it('separates no rule, a single rule, a few, and many', () => {
    expect([0, 1, 2, 3, 4, 12].map(coverageTier)).toEqual([0, 1, 2, 2, 3, 3]);
  });
});

describe('layoutMatrix', () => {
  it('keeps the tactics in ATT&CK order and puts covered techniques first, most rules then most alerts', () => {
    const columns = layoutMatrix(COVERAGE, false);
    expect(columns.map((c) => c.tactic.id)).toEqual(['TA0001', 'TA0002']);
    expect(columns[0]!.cells.map((c) => c.id)).toEqual(['T1133', 'T1190', 'T1566']);
    expect(columns[0]!.cells.map((c) => c.tier)).toEqual([2, 2, 0]);
    expect(columns[0]).toMatchObject({ covered: 2, total: 3 });
    expect(columns[1]!.cells[0]).toMatchObject({ id: 'T1059', tier: 3 });
  });

  it('hides the gaps on request but still counts them', () => {
    const columns = layoutMatrix(COVERAGE, true);
    expect(columns[1]!.cells.map((c) => c.id)).toEqual(['T1059']);
    expect(columns[1]).toMatchObject({ covered: 1, total: 2 });
  });
});

describe('coverageSummary', () => {
  it('rounds the share down so that nearly complete never reads as complete', () => {
    expect(coverageSummary({ techniques_total: 1000, techniques_covered: 999 })).toMatch(/\(99 %\)$/);
    expect(coverageSummary({ techniques_total: 0, techniques_covered: 0 })).toMatch(/\(0 %\)$/);
  });
});

describe('techniqueLink', () => {
  it('links only to http(s) pages, never to script or relative addresses from a bundle', () => {
    expect(techniqueLink('https://attack.mitre.org/techniques/T1190')).toBe(
      'https://attack.mitre.org/techniques/T1190',
    );
    expect(techniqueLink('javascript:alert(1)')).toBeNull();
    expect(techniqueLink('/api/auth/logout')).toBeNull();
    expect(techniqueLink(null)).toBeNull();
  });
});
