import { PostureDirection } from '@citysoc/core';
import type { GapStatus, PostureControl } from '../../api/posture-schemas.ts';
import type { Tone } from '../../components/StatCard.tsx';

/** How the Posture area words its data. Every function returns plain text for React to escape. */

export const DIRECTIONS = PostureDirection.options;

export const DIRECTION_TITLES: Readonly<Record<PostureDirection, string>> = {
  physical: 'Physical',
  system: 'System',
  network: 'Network',
  data_application: 'Data & application',
  management: 'Management',
};

export const GAP_STATUSES: readonly GapStatus[] = ['fail', 'stale', 'missing'];

export const GAP_STATUS_TITLES: Readonly<Record<GapStatus, string>> = {
  fail: 'Failing',
  stale: 'Stale evidence',
  missing: 'No evidence',
};

/** A score as shown: one decimal, or a dash where no control applies (unknown, not zero). */
export function scoreText(score: number | null): string {
  return score === null ? '—' : score.toLocaleString(undefined, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
}

/** Thresholds for colouring a score; the number is always shown too, so colour is never the only signal. */
export const GOOD_SCORE = 80;
export const BAD_SCORE = 50;

export function scoreTone(score: number | null): Tone {
  if (score === null) return 'neutral';
  if (score >= GOOD_SCORE) return 'good';
  if (score < BAD_SCORE) return 'bad';
  return 'neutral';
}

/** "scores 73.5 of 100", the text a screen reader hears for a bar. */
export function scoreWords(score: number | null): string {
  return score === null ? 'no control applies' : `${scoreText(score)} of 100`;
}

const UNITS: readonly (readonly [number, string])[] = [
  [86_400, 'day'],
  [3_600, 'hour'],
  [60, 'minute'],
  [1, 'second'],
];

/** A duration in seconds in the largest unit that divides it: "1 day", "12 hours", "90 seconds". */
export function durationWords(seconds: number): string {
  for (const [size, unit] of UNITS) {
    if (seconds >= size && seconds % size === 0) {
      const n = seconds / size;
      return `${n.toLocaleString()} ${unit}${n === 1 ? '' : 's'}`;
    }
  }
  return `${seconds} seconds`;
}

const list = (items: readonly (string | number)[]): string => `[${items.join(', ')}]`;

/** How a control is evidenced, in words: "device telemetry `antivirus` in [ok, up_to_date], at most 1 day old". */
export function evidenceText(evidence: PostureControl['evidence']): string {
  switch (evidence.kind) {
    case 'telemetry': {
      const tests: string[] = [];
      if (evidence.pass_states) tests.push(`in ${list(evidence.pass_states)}`);
      if (evidence.pass_values) {
        const { gte, lte } = evidence.pass_values;
        if (gte !== undefined) tests.push(`≥ ${gte}`);
        if (lte !== undefined) tests.push(`≤ ${lte}`);
      }
      const test = tests.length === 0 ? 'reported' : tests.join(' and ');
      return `device telemetry \`${evidence.metric}\` ${test}, at most ${durationWords(evidence.max_age)} old`;
    }
    case 'vulnerabilities':
      return `vulnerability findings: none open at ${evidence.max_open_priority} or worse${
        evidence.fail_when_overdue ? ', none past its due date' : ''
      }`;
    case 'reporting':
      return 'the asset keeps reporting (operational, not silent)';
    case 'environment':
      return `a sensor in the same zone reports ${evidence.metrics.join(' and ')} in range, at most ${durationWords(
        evidence.max_age,
      )} old`;
    case 'attestation':
      return `attestation by a person, valid for at most ${durationWords(evidence.max_validity)}`;
  }
}

/** What a control applies to, in words: "each department", "every asset", "servers in zone ot, criticality high or above". */
export function scopeText(control: PostureControl): string {
  if (control.level === 'department') return 'each department';
  const scope = control.applies_to;
  const parts: string[] = [];
  if (scope.asset_types) parts.push(`types ${scope.asset_types.join(', ')}`);
  if (scope.zones) parts.push(`zone${scope.zones.length === 1 ? '' : 's'} ${scope.zones.join(', ')}`);
  if (scope.min_criticality) parts.push(`criticality ${scope.min_criticality} or above`);
  if (scope.services) parts.push(`supporting ${scope.services.join(', ')}`);
  return parts.length === 0 ? 'every asset' : parts.join('; ');
}

/** The frameworks auditors map controls to, with the names they know them by. */
export const FRAMEWORKS = [
  { key: 'iso27001', title: 'ISO/IEC 27001:2022 Annex A' },
  { key: 'nist_csf', title: 'NIST CSF 2.0' },
  { key: 'iec62443', title: 'IEC 62443-3-3' },
] as const;

/** "3 days ago", "5 minutes ago", "just now"; `now` in epoch ms. A time in the future reads "just now". */
export function relativeTime(iso: string, now: number): string {
  const then = Date.parse(iso);
  if (Number.isNaN(then)) return iso;
  const seconds = Math.floor((now - then) / 1000);
  if (seconds < 60) return 'just now';
  for (const [size, unit] of UNITS) {
    if (seconds >= size) {
      const n = Math.floor(seconds / size);
      return `${n.toLocaleString()} ${unit}${n === 1 ? '' : 's'} ago`;
    }
  }
  return 'just now';
}

/** Whether the user may attest a control (its evidence is a person's word) — the server checks again. */
export function isAttestable(control: PostureControl | undefined): boolean {
  return control?.evidence.kind === 'attestation';
}
