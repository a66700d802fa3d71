import { describe, expect, it } from 'vitest';
import {
  type Exploitation,
  missionAndWellBeing,
  type MissionPrevalence,
  type MissionWellBeing,
  type PublicWellBeing,
  ssvcDecision,
  type TechnicalImpact,
} from './ssvc.ts';

/** CISA's decision table as published (CERT/CC SSVC data/csv/cisa/cisa_coordinator_2_0_3.csv). */
const CISA_TABLE = `
none,no,partial,low,track
none,no,partial,medium,track
none,no,partial,high,track
none,no,total,low,track
none,no,total,medium,track
none,no,total,high,track*
none,yes,partial,low,track
none,yes,partial,medium,track
none,yes,partial,high,attend
none,yes,total,low,track
none,yes,total,medium,track
none,yes,total,high,attend
public poc,no,partial,low,track
public poc,no,partial,medium,track
public poc,no,partial,high,track*
public poc,no,total,low,track
public poc,no,total,medium,track*
public poc,no,total,high,attend
public poc,yes,partial,low,track
public poc,yes,partial,medium,track
public poc,yes,partial,high,attend
public poc,yes,total,low,track
public poc,yes,total,medium,track*
public poc,yes,total,high,attend
active,no,partial,low,track
active,no,partial,medium,track
active,no,partial,high,attend
active,no,total,low,track
active,no,total,medium,attend
active,no,total,high,act
active,yes,partial,low,attend
active,yes,partial,medium,attend
active,yes,partial,high,act
active,yes,total,low,attend
active,yes,total,medium,act
active,yes,total,high,act`
  .trim()
  .split('\n')
  .map((line) => line.split(','));

const DECISION = { track: 'Track', 'track*': 'Track*', attend: 'Attend', act: 'Act' } as const;

describe("CISA's SSVC tree", () => {
  it.each(CISA_TABLE)('%s, automatable %s, %s impact, %s mission & well-being → %s', (e, a, t, m, decision) => {
    const exploitation = (e === 'public poc' ? 'poc' : e) as Exploitation;
    expect(
      ssvcDecision({
        exploitation,
        automatable: a === 'yes',
        technicalImpact: t as TechnicalImpact,
        missionWellBeing: m as MissionWellBeing,
      }),
    ).toBe(DECISION[decision as keyof typeof DECISION]);
  });

  it.each([
    ['minimal', 'minimal', 'low'],
    ['minimal', 'material', 'medium'],
    ['minimal', 'irreversible', 'high'],
    ['support', 'minimal', 'medium'],
    ['support', 'material', 'medium'],
    ['support', 'irreversible', 'high'],
    ['essential', 'minimal', 'high'],
    ['essential', 'material', 'high'],
    ['essential', 'irreversible', 'high'],
  ] as const)('mission %s and well-being %s → %s', (mission, wellBeing, expected) => {
    expect(missionAndWellBeing(mission as MissionPrevalence, wellBeing as PublicWellBeing)).toBe(expected);
  });
});
