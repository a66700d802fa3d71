import { TlpLevel } from '../intel/indicator.ts';

/**
 * An incident report names the city's systems, its weaknesses and the people on the case: it is never shared
 * more widely than TLP:AMBER, whatever its observables say.
 */
export const REPORT_TLP_FLOOR: TlpLevel = 'amber';

/** The most restrictive TLP among `levels` and the floor (TLP 2.0 order: clear < green < amber < amber+strict < red). */
export function highestTlp(levels: readonly TlpLevel[], floor: TlpLevel = REPORT_TLP_FLOOR): TlpLevel {
  const rank = (level: TlpLevel) => TlpLevel.options.indexOf(level);
  return levels.reduce((highest, level) => (rank(level) > rank(highest) ? level : highest), floor);
}
