import type { AttestationRequest, PostureControl } from '../../api/posture-schemas.ts';
import { addDays } from '../vulns/finding-decision.ts';
import { daysUntil } from '../vulns/finding-filters.ts';

/** The server's shortest note: a word is not a record an auditor can follow up. */
export const MIN_NOTE_LENGTH = 10;
/** What the form proposes: a quarter, or less when the control allows less. */
const DEFAULT_DAYS = 90;

/**
 * The last date the server accepts for a control: it counts validity to the end of the chosen day (UTC), so
 * the control's full validity from today ends the day before.
 */
export function latestUntil(control: PostureControl, today: string): string {
  const seconds = control.evidence.kind === 'attestation' ? control.evidence.max_validity : 0;
  return addDays(today, Math.max(0, Math.floor(seconds / 86_400) - 1));
}

export function defaultUntil(control: PostureControl, today: string): string {
  const latest = latestUntil(control, today);
  const proposed = addDays(today, DEFAULT_DAYS);
  return proposed < latest ? proposed : latest;
}

export type AttestationCheck =
  { readonly ok: true; readonly request: AttestationRequest } | { readonly ok: false; readonly problem: string };

/** The attestation the form describes, or the first problem with it (the server checks the same again). */
export function checkAttestation(
  control: PostureControl,
  target: string,
  until: string,
  note: string,
  today: string,
): AttestationCheck {
  if (control.evidence.kind !== 'attestation')
    return { ok: false, problem: `${control.id} is evidenced automatically, not by attestation.` };
  if (!/^\d{4}-\d{2}-\d{2}$/.test(until) || Number.isNaN(Date.parse(until)))
    return { ok: false, problem: 'Choose the date the attestation expires.' };
  if (daysUntil(until, today) < 0) return { ok: false, problem: 'The attestation cannot expire in the past.' };
  if (until > latestUntil(control, today))
    return { ok: false, problem: `${control.id} accepts attestations until ${latestUntil(control, today)} at most.` };
  const text = note.trim();
  if (text.length < MIN_NOTE_LENGTH)
    return { ok: false, problem: `Say what shows the control is in place (at least ${MIN_NOTE_LENGTH} characters).` };
  return { ok: true, request: { control: control.id, target, until, note: text } };
}
