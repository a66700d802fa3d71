import { describe, expect, it } from 'vitest';
import { computeStance } from './compute.ts';
import { citySectorsIn } from './signals.ts';
import { at, policy, signalsWith } from './testing/factories.ts';
import { stanceChangeOf, stanceView } from './view.ts';

const T0 = new Date('2026-03-01T08:00:00.000Z');
const CITY = { kind: 'city' } as const;

describe('citySectorsIn', () => {
  it('finds the city sectors among STIX sectors and labels, normalised and sorted', () => {
    expect(citySectorsIn(['Water', 'financial-services', 'sector:Energy', 'infrastructure_water', 'water'])).toEqual([
      'energy',
      'infrastructure-water',
      'water',
    ]);
  });

  it('finds none in unrelated labels', () => {
    expect(citySectorsIn(['retail', 'malicious-activity'])).toEqual([]);
  });
});

describe('stance history and view', () => {
  const first = computeStance(signalsWith(), null, [], T0);
  const raised = computeStance(
    signalsWith((s) => void (s.openIncidents.high = 1)),
    first,
    [],
    at(T0, 1),
  );

  it('records a change with from, to and the reasons', () => {
    expect(stanceChangeOf(CITY, raised)).toEqual({
      scope: CITY,
      at: at(T0, 1).toISOString(),
      from: 1,
      to: 3,
      computedLevel: 3,
      reasons: raised.reasons,
      override: null,
    });
  });

  it('records nothing when the level did not change', () => {
    const same = computeStance(
      signalsWith((s) => void (s.openIncidents.high = 1)),
      raised,
      [],
      at(T0, 2),
    );
    expect(stanceChangeOf(CITY, same)).toBeNull();
  });

  it('shows the level with its name, reasons, policies in force and history', () => {
    const policies = [policy('base', 1), policy('elevated', 3, { approval_required_for: ['isolate'] })];
    const change = stanceChangeOf(CITY, raised)!;
    const view = stanceView(CITY, raised, policies, [change]);
    expect(view).toMatchObject({ level: 3, levelName: 'Elevated', reasons: raised.reasons, history: [change] });
    expect(view.policies.approval_required_for).toEqual(['isolate']);
    expect(view.policies.policies.map((p) => p.id)).toEqual(['base', 'elevated']);
  });
});
