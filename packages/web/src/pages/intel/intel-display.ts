import type { Indicator } from '../../api/intel-schemas.ts';

/** Whether an indicator can match now, and the sentence that says so. */
export interface IndicatorValidity {
  readonly state: 'valid' | 'expired' | 'pending' | 'revoked';
  readonly text: string;
}

type DateText = (iso: string) => string;

/** Revoked wins over expired, expired over not-yet-valid: the reason an operator would act on first. */
export function indicatorValidity(
  indicator: Pick<Indicator, 'valid_from' | 'valid_until' | 'revoked_at'>,
  nowMs: number,
  date: DateText,
): IndicatorValidity {
  if (indicator.revoked_at !== null) return { state: 'revoked', text: `Revoked ${date(indicator.revoked_at)}` };
  const until = indicator.valid_until === null ? null : Date.parse(indicator.valid_until);
  if (until !== null && until <= nowMs)
    return { state: 'expired', text: `Expired ${date(indicator.valid_until ?? '')}` };
  if (Date.parse(indicator.valid_from) > nowMs) return { state: 'pending', text: `From ${date(indicator.valid_from)}` };
  return {
    state: 'valid',
    text: indicator.valid_until === null ? 'No expiry' : `Until ${date(indicator.valid_until)}`,
  };
}

const TLP_LEVELS = ['red', 'amber+strict', 'amber', 'green', 'clear'] as const;
export type TlpLevel = (typeof TLP_LEVELS)[number];

/**
 * A TLP marking in its 2.0 name, whatever way the source wrote it ("TLP:AMBER", "amber", "white" = "clear");
 * null when it is none of them, which the table shows as written.
 */
export function tlpLevel(tlp: string | null): TlpLevel | null {
  if (tlp === null) return null;
  const name = tlp.trim().toLowerCase().replace(/^tlp:/, '');
  if (name === 'white') return 'clear';
  return TLP_LEVELS.find((level) => level === name) ?? null;
}

/** The class of a TLP badge: the standard's colours (red, amber, green, clear). */
export function tlpClass(tlp: string | null): string {
  const level = tlpLevel(tlp);
  return level === null ? 'badge' : `badge tlp tlp-${level.replace('+strict', '-strict')}`;
}
