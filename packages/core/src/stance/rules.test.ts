import { describe, expect, it } from 'vitest';
import { type StanceSignals } from './signals.ts';
import { evaluateStanceRules, STANCE_RULES } from './rules.ts';
import { signalsWith } from './testing/factories.ts';

/** How to make each rule's measure equal `value`, so the whole table is tested tier by tier. */
const SET_MEASURE: Record<string, (value: number) => StanceSignals> = {
  incidents_critical: (v) => signalsWith((s) => void (s.openIncidents.critical = v)),
  incidents_high: (v) => signalsWith((s) => void (s.openIncidents.high = v)),
  incidents_medium: (v) => signalsWith((s) => void (s.openIncidents.medium = v)),
  incidents_low: (v) => signalsWith((s) => void (s.openIncidents.low = v)),
  indicators_24h: (v) => signalsWith((s) => void (s.sightings.last24h = { indicators: 2, maxConfidence: v })),
  indicators_7d: (v) => signalsWith((s) => void (s.sightings.last7d = { indicators: 2, maxConfidence: v })),
  targeted_intel: (v) =>
    signalsWith((s) => void (s.targetedIntel = { last30d: v, sectors: ['water'], names: ['Campaign X'] })),
  kev_critical_services: (v) =>
    signalsWith((s) => void (s.vulnerabilities.kevOnCriticalServices = { findings: v, services: ['water-supply'] })),
  exposed_kev_assets: (v) =>
    signalsWith((s) => void (s.exposure = { internetFacingAssetsWithKev: v, assets: ['portal-web-1'] })),
  kev_high_services: (v) =>
    signalsWith((s) => void (s.vulnerabilities.kevOnHighServices = { findings: v, services: ['street-lighting'] })),
  p1_findings: (v) => signalsWith((s) => void (s.vulnerabilities.openByPriority.P1 = v)),
  isolated_assets: (v) => signalsWith((s) => void (s.assets = { total: 100, silent: 0, isolated: v })),
  silent_assets: (v) => signalsWith((s) => void (s.assets = { total: 100, silent: v, isolated: 0 })),
  critical_alerts_24h: (v) => signalsWith((s) => void (s.alerts.critical24h = v)),
};

describe('the stance rule table', () => {
  it('gives level 1 with a baseline reason when nothing is happening', () => {
    expect(evaluateStanceRules(signalsWith())).toEqual({
      computedLevel: 1,
      reasons: [
        { code: 'baseline', kind: 'baseline', level: 1, text: 'No signal is above its threshold: normal operations' },
      ],
    });
  });

  it('has a test setter for every rule', () => {
    expect(Object.keys(SET_MEASURE).sort()).toEqual(STANCE_RULES.map((r) => r.code).sort());
  });

  for (const rule of STANCE_RULES) {
    for (const tier of rule.tiers) {
      it(`${rule.code} ≥ ${tier.atLeast} raises the level to ${tier.level} and says why`, () => {
        const verdict = evaluateStanceRules(SET_MEASURE[rule.code]!(tier.atLeast));
        expect(verdict.computedLevel).toBe(tier.level);
        expect(verdict.reasons).toEqual([
          expect.objectContaining({ code: rule.code, kind: 'signal', level: tier.level }),
        ]);
        expect(verdict.reasons[0]!.text).toMatch(new RegExp(`→ at least level ${tier.level}$`));
      });
    }

    it(`${rule.code} below its lowest threshold does not fire`, () => {
      const lowest = Math.min(...rule.tiers.map((t) => t.atLeast));
      expect(evaluateStanceRules(SET_MEASURE[rule.code]!(lowest - 1)).computedLevel).toBe(1);
    });
  }

  it('names the critical services with KEV findings', () => {
    const signals = signalsWith((s) => {
      s.vulnerabilities.kevOnCriticalServices = { findings: 2, services: ['water-supply', 'power-grid'] };
    });
    expect(evaluateStanceRules(signals).reasons[0]!.text).toBe(
      '2 KEV findings on critical services (water-supply, power-grid) → at least level 3',
    );
  });

  it('quotes five names at most, then how many more', () => {
    const assets = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6', 'a7'];
    const signals = signalsWith((s) => void (s.exposure = { internetFacingAssetsWithKev: 7, assets }));
    expect(evaluateStanceRules(signals).reasons[0]!.text).toBe(
      '7 internet-facing assets with KEV findings (a1, a2, a3, a4, a5, +2 more) → at least level 4',
    );
  });

  it('explains the share of silent assets', () => {
    const signals = signalsWith((s) => void (s.assets = { total: 80, silent: 12, isolated: 0 }));
    expect(evaluateStanceRules(signals).reasons[0]!.text).toBe('12 of 80 assets (15%) silent → at least level 2');
  });

  it('ignores a large share of silent assets when fewer than three are silent', () => {
    const signals = signalsWith((s) => void (s.assets = { total: 4, silent: 2, isolated: 0 }));
    expect(evaluateStanceRules(signals).computedLevel).toBe(1);
  });

  it('ignores low-confidence sightings', () => {
    const signals = signalsWith((s) => void (s.sightings.last24h = { indicators: 40, maxConfidence: 30 }));
    expect(evaluateStanceRules(signals).computedLevel).toBe(1);
  });

  it('says which sectors targeted intelligence is about', () => {
    const signals = signalsWith((s) => {
      s.targetedIntel = { last30d: 1, sectors: ['energy', 'water'], names: ['Volt Typhoon advisory'] };
    });
    expect(evaluateStanceRules(signals).reasons[0]!.text).toBe(
      "1 intelligence object targeting the city's sectors (energy, water) in the last 30 days: Volt Typhoon advisory → at least level 2",
    );
  });

  it('takes the highest minimum and lists every fired rule, highest level first', () => {
    const signals = signalsWith((s) => {
      s.openIncidents.medium = 1; // 2
      s.alerts.critical24h = 2; // 2
      s.vulnerabilities.kevOnCriticalServices = { findings: 1, services: ['water-supply'] }; // 3
      s.sightings.last7d = { indicators: 1, maxConfidence: 90 }; // 2
    });
    const verdict = evaluateStanceRules(signals);
    expect(verdict.computedLevel).toBe(3);
    expect(verdict.reasons.map((r) => [r.code, r.level])).toEqual([
      ['kev_critical_services', 3],
      ['incidents_medium', 2],
      ['indicators_7d', 2],
      ['critical_alerts_24h', 2],
    ]);
  });

  it('reaches level 5 with two open critical incidents whatever else is quiet', () => {
    const verdict = evaluateStanceRules(signalsWith((s) => void (s.openIncidents.critical = 2)));
    expect(verdict.computedLevel).toBe(5);
    expect(verdict.reasons[0]!.text).toBe('2 open critical incidents → at least level 5');
  });
});
