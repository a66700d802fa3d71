import { describe, expect, it } from 'vitest';
import { normaliseCvss } from './cvss.ts';
import {
  isInternetFacing,
  missionPrevalence,
  prioritise,
  type PriorityContext,
  publicWellBeing,
} from './prioritise.ts';

const NOW = new Date('2026-11-22T12:00:00Z');
const critical9 = normaliseCvss({ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' });
const localPartial = normaliseCvss({ vector: 'CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N' });

const water: PriorityContext = {
  zone: 'ot',
  assetCriticality: 'high',
  services: [{ criticality: 'critical', population: 250_000 }],
};
const kiosk: PriorityContext = { zone: 'it', assetCriticality: 'low', services: [] };

describe('SSVC decision points from CitySOC data', () => {
  it('KEV means active exploitation; EPSS ≥ 0.1 means PoC; otherwise none', () => {
    const kev = { dateAdded: '2024-02-09', dueDate: '2024-02-16', ransomware: null, action: null };
    expect(prioritise({ cvss: critical9, kev }, water, NOW).exploitation).toBe('active');
    expect(
      prioritise({ cvss: critical9, epss: { score: 0.2, percentile: 0.96, date: null } }, water, NOW).exploitation,
    ).toBe('poc');
    expect(
      prioritise({ cvss: critical9, epss: { score: 0.02, percentile: 0.8, date: null } }, water, NOW).exploitation,
    ).toBe('none');
  });

  it("prefers CISA's published SSVC points to the CVSS-derived ones", () => {
    const ssvc = {
      exploitation: 'none',
      automatable: false,
      technicalImpact: 'partial',
      provider: 'CISA-ADP',
      timestamp: null,
    } as const;
    const result = prioritise({ cvss: critical9, ssvc }, water, NOW);
    expect(result).toMatchObject({ automatable: false, technicalImpact: 'partial' });
    expect(prioritise({ cvss: critical9 }, water, NOW)).toMatchObject({ automatable: true, technicalImpact: 'total' });
  });

  it('derives mission and well-being from the services that depend on the asset', () => {
    expect(missionPrevalence(water)).toBe('essential');
    expect(publicWellBeing(water)).toBe('irreversible');
    expect(missionPrevalence(kiosk)).toBe('minimal');
    expect(publicWellBeing(kiosk)).toBe('minimal');
    expect(publicWellBeing({ ...kiosk, services: [{ criticality: 'medium', population: 5000 }] })).toBe('material');
    expect(missionPrevalence({ ...kiosk, services: [{ criticality: 'medium', population: 0 }] })).toBe('support');
  });

  it('guesses internet exposure from the zone unless told', () => {
    expect(isInternetFacing({ zone: 'DMZ' })).toBe(true);
    expect(isInternetFacing({ zone: 'ot' })).toBe(false);
    expect(isInternetFacing({ zone: 'ot', internetFacing: true })).toBe(true);
  });
});

describe('priority, score and due date', () => {
  it('an exploited, automatable, total-impact flaw on a critical water service is Act / P1', () => {
    const kev = { dateAdded: '2026-11-20', dueDate: '2026-11-25', ransomware: true, action: 'patch' };
    const result = prioritise({ cvss: critical9, kev }, water, NOW);
    expect(result).toMatchObject({ ssvc: 'Act', priority: 'P1', due: '2026-11-25' });
    expect(result.score).toBe(89.4); // 9.8 × 3 + active 30 + internal 5 + high 25
    expect(result.reason).toContain('KEV since 2026-11-20');
    expect(result.reason).toContain('KEV due 2026-11-25');
  });

  it('an unexploited local flaw on a kiosk is Track / P4 due in 180 days', () => {
    const result = prioritise({ cvss: localPartial }, kiosk, NOW);
    expect(result).toMatchObject({ ssvc: 'Track', priority: 'P4', due: '2027-05-21' });
  });

  it('an internet-facing asset is raised one level when the flaw is automatable', () => {
    const internal = prioritise({ cvss: critical9 }, kiosk, NOW);
    const exposed = prioritise({ cvss: critical9 }, { ...kiosk, zone: 'dmz' }, NOW);
    expect(internal.priority).toBe('P4');
    expect(exposed.priority).toBe('P3');
    expect(exposed.reason).toContain('internet-facing, raised to P3');
    expect(exposed.score - internal.score).toBe(10);
  });

  it('the KEV due date wins only when it is earlier', () => {
    const late = { dateAdded: '2026-11-20', dueDate: '2027-12-31', ransomware: null, action: null };
    expect(prioritise({ cvss: critical9, kev: late }, water, NOW).due).toBe('2026-11-29');
  });

  it('keeps the score within 0–100 with or without CVSS', () => {
    const max = prioritise(
      {
        cvss: normaliseCvss({ vector: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H' }),
        kev: { dateAdded: '2026-01-01', dueDate: null, ransomware: null, action: null },
      },
      { ...water, zone: 'dmz' },
      NOW,
    );
    expect(max.score).toBe(100);
    const unknown = prioritise({ cvss: null }, kiosk, NOW);
    expect(unknown.score).toBe(15 + 0 + 5 + 5);
    expect(unknown).toMatchObject({ automatable: false, technicalImpact: 'partial' });
  });
});
