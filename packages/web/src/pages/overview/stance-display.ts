import {
  type EffectiveStancePolicy,
  MAX_OVERRIDE_SECONDS,
  STANCE_LEVEL_NAMES,
  StanceLevel,
  type StanceOverrideRequest,
} from '@citysoc/core';
import { formatDuration } from '../../format.ts';

/** The levels in order, for pickers and legends. */
export const STANCE_LEVELS = [1, 2, 3, 4, 5] as const satisfies readonly StanceLevel[];

/** "3 · Elevated": the number first, so the level reads the same in any language and to colour-blind readers. */
export function stanceLevelLabel(level: StanceLevel): string {
  return `${level} · ${STANCE_LEVEL_NAMES[level]}`;
}

/** The class that colours a level: green (1) through blue, amber and orange to red (5). */
export function stanceLevelClass(level: StanceLevel): string {
  return `stance-level stance-level-${level}`;
}

function percentOfUsual(factor: number): string {
  return `${Math.round(factor * 100)} % of the usual time`;
}

const humanise = (name: string): string => name.replaceAll('_', ' ');

/** One thing the level changes, as a label and a sentence; `changed` is false where the level keeps the default. */
export interface PolicyLine {
  readonly label: string;
  readonly value: string;
  readonly changed: boolean;
}

/**
 * What the policies in force change, in the terms an operator acts on: how much sooner incidents and findings
 * are due, how much earlier correlations fire, what needs a second approval, which blocklists are published.
 */
export function policyLines(policy: EffectiveStancePolicy): PolicyLine[] {
  const { incidents, remediation } = policy.sla_factor;
  const correlation = policy.correlation_threshold_factor;
  return [
    {
      label: 'Incident SLAs',
      value: incidents < 1 ? percentOfUsual(incidents) : 'Standard',
      changed: incidents < 1,
    },
    {
      label: 'Remediation due',
      value: remediation < 1 ? percentOfUsual(remediation) : 'Standard',
      changed: remediation < 1,
    },
    {
      label: 'Correlation thresholds',
      value:
        correlation < 1 ? `× ${correlation} (fire at ${Math.round(correlation * 100)} % of the count)` : 'As written',
      changed: correlation < 1,
    },
    {
      label: 'Second approval for',
      value:
        policy.approval_required_for.length === 0 ? 'Nothing' : policy.approval_required_for.map(humanise).join(', '),
      changed: policy.approval_required_for.length > 0,
    },
    {
      label: 'Blocklists published',
      value:
        policy.blocklists.length === 0
          ? 'None'
          : policy.blocklists
              .map(
                (list) => `${list.name} (${list.kinds.map(humanise).join(', ')}; confidence ≥ ${list.min_confidence})`,
              )
              .join('; '),
      changed: policy.blocklists.length > 0,
    },
    {
      label: 'Extra rule packs',
      value: policy.rule_packs.length === 0 ? 'None' : policy.rule_packs.join(', '),
      changed: policy.rule_packs.length > 0,
    },
    {
      label: 'Notified on change',
      value: policy.notify.length === 0 ? 'Nobody' : policy.notify.map(humanise).join(', '),
      changed: policy.notify.length > 0,
    },
    {
      label: 'Lowers after',
      value: `${formatDuration(policy.cooling_period_seconds)} below the level`,
      changed: false,
    },
  ];
}

const pad = (n: number): string => String(n).padStart(2, '0');

/** A time as a `datetime-local` input's value (local time, to the minute). */
export function toLocalInputValue(date: Date): string {
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}`
  );
}

/** The earliest and latest expiry the override form offers: the server refuses the past and beyond 30 days. */
export function overrideBounds(now: Date): { readonly min: string; readonly max: string } {
  return {
    min: toLocalInputValue(new Date(now.getTime() + 60_000)),
    max: toLocalInputValue(new Date(now.getTime() + MAX_OVERRIDE_SECONDS * 1000)),
  };
}

/** What the override form holds, as typed. */
export interface OverrideForm {
  readonly level: string;
  readonly justification: string;
  /** A `datetime-local` value, in the browser's time zone. */
  readonly until: string;
}

export const MIN_JUSTIFICATION = 10;

export type OverrideCheck =
  { readonly ok: true; readonly request: StanceOverrideRequest } | { readonly ok: false; readonly problem: string };

/**
 * The request for the form, or the first problem with it, checked as the server will check it (a justification
 * of at least 10 characters, an expiry in the future and at most 30 days away), so the user hears it at once.
 */
export function checkOverride(form: OverrideForm, now: Date): OverrideCheck {
  const level = StanceLevel.safeParse(Number(form.level));
  if (!level.success) return { ok: false, problem: 'Choose a level from 1 to 5.' };
  const justification = form.justification.trim();
  if (justification.length < MIN_JUSTIFICATION) {
    return { ok: false, problem: `Say why in at least ${MIN_JUSTIFICATION} characters.` };
  }
  const until = new Date(form.until);
  if (form.until === '' || Number.isNaN(until.getTime())) return { ok: false, problem: 'Choose when it ends.' };
  if (until.getTime() <= now.getTime()) return { ok: false, problem: 'The override must end in the future.' };
  if (until.getTime() - now.getTime() > MAX_OVERRIDE_SECONDS * 1000) {
    return { ok: false, problem: 'An override lasts at most 30 days; renew it to extend.' };
  }
  return { ok: true, request: { level: level.data, justification, until: until.toISOString() } };
}
