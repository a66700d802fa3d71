import { z } from 'zod';
import type { Criticality } from '../city/inventory.ts';
import type { IncidentSeverity, IncidentStatus } from './lifecycle.ts';

export const SlaTarget = z.enum(['acknowledge', 'contain', 'resolve']);
export type SlaTarget = z.infer<typeof SlaTarget>;

type Targets = Readonly<Record<SlaTarget, number>>;

const H = 60;
const D = 24 * H;

/**
 * SLA targets in minutes by incident severity (rows) × the highest criticality among the affected services
 * (columns; 'low' when no service is affected). Documented in README.md beside this file. The stance policy's
 * `sla_factor.incidents` (0 < f ≤ 1) multiplies every target when the incident opens.
 */
export const SLA_TARGET_MINUTES: Readonly<Record<IncidentSeverity, Readonly<Record<Criticality, Targets>>>> = {
  critical: {
    critical: { acknowledge: 15, contain: 2 * H, resolve: 1 * D },
    high: { acknowledge: 15, contain: 4 * H, resolve: 2 * D },
    medium: { acknowledge: 30, contain: 4 * H, resolve: 3 * D },
    low: { acknowledge: 30, contain: 8 * H, resolve: 3 * D },
  },
  high: {
    critical: { acknowledge: 30, contain: 4 * H, resolve: 2 * D },
    high: { acknowledge: 1 * H, contain: 8 * H, resolve: 3 * D },
    medium: { acknowledge: 1 * H, contain: 12 * H, resolve: 5 * D },
    low: { acknowledge: 2 * H, contain: 1 * D, resolve: 5 * D },
  },
  medium: {
    critical: { acknowledge: 2 * H, contain: 1 * D, resolve: 5 * D },
    high: { acknowledge: 4 * H, contain: 1 * D, resolve: 7 * D },
    medium: { acknowledge: 8 * H, contain: 2 * D, resolve: 10 * D },
    low: { acknowledge: 8 * H, contain: 3 * D, resolve: 14 * D },
  },
  low: {
    critical: { acknowledge: 8 * H, contain: 3 * D, resolve: 14 * D },
    high: { acknowledge: 1 * D, contain: 5 * D, resolve: 30 * D },
    medium: { acknowledge: 1 * D, contain: 7 * D, resolve: 30 * D },
    low: { acknowledge: 2 * D, contain: 14 * D, resolve: 30 * D },
  },
};

/**
 * The phases in which each clock runs. A clock is met as soon as the incident is in a phase after its set and
 * stops there: `post_incident` and `closed` stop every clock (lessons learned is not resolution time). Reopening
 * (closed → triage) or stepping back (recovery → containment) starts the clocks concerned again from the time
 * already used: the time a case spent stopped is a pause, never counted.
 */
export const SLA_RUNNING_PHASES: Readonly<Record<SlaTarget, readonly IncidentStatus[]>> = {
  acknowledge: ['new'],
  contain: ['new', 'triage', 'containment'],
  resolve: ['new', 'triage', 'containment', 'eradication', 'recovery'],
};

export const SlaClock = z.object({
  target: SlaTarget,
  /** The target after the stance factor, in minutes. */
  targetMinutes: z.number(),
  state: z.enum(['running', 'met']),
  /** Time counted so far (running) or until met. */
  elapsedMs: z.number(),
  /** target − elapsed; negative once breached. */
  remainingMs: z.number(),
  /** When a running clock breaches if nothing changes; null once met. */
  due: z.string().nullable(),
  /** When the clock last stopped (met); null while running. */
  metAt: z.string().nullable(),
  breached: z.boolean(),
});
export type SlaClock = z.infer<typeof SlaClock>;

export const SlaStatus = z.object({
  clocks: z.array(SlaClock),
  /** Any clock breached (running past its target, or met late). */
  breached: z.boolean(),
  /** The earliest due time of a running clock, for sorting the queue. */
  nextDue: z.string().nullable(),
});
export type SlaStatus = z.infer<typeof SlaStatus>;

/** What the SLA needs of an incident: enough to be computed for every row of a list. */
export interface SlaInput {
  readonly createdAt: string;
  readonly severity: IncidentSeverity;
  readonly serviceCriticality: Criticality;
  /** The stance factor fixed when the incident opened (0 < f ≤ 1). */
  readonly slaFactor: number;
  /** Status changes after creation, oldest first; the incident starts in `new` at `createdAt`. */
  readonly statusHistory: readonly { at: string; to: IncidentStatus }[];
}

/** A stance factor as the SLA uses it: 0 < f ≤ 1, anything else (a bad policy value) means no change. */
export function validSlaFactor(factor: number): number {
  return Number.isFinite(factor) && factor > 0 && factor <= 1 ? factor : 1;
}

export function slaTargets(severity: IncidentSeverity, criticality: Criticality, factor: number): Targets {
  const base = SLA_TARGET_MINUTES[severity][criticality];
  const f = validSlaFactor(factor);
  return { acknowledge: base.acknowledge * f, contain: base.contain * f, resolve: base.resolve * f };
}

/** The intervals the incident spent in each status, from creation to `now`. */
function phases(input: SlaInput, now: number): { status: IncidentStatus; from: number; to: number }[] {
  const out: { status: IncidentStatus; from: number; to: number }[] = [];
  let status: IncidentStatus = 'new';
  let from = Date.parse(input.createdAt);
  for (const change of input.statusHistory) {
    const at = Math.max(from, Date.parse(change.at));
    out.push({ status, from, to: Math.min(at, now) });
    status = change.to;
    from = at;
  }
  out.push({ status, from, to: Math.max(from, now) });
  return out.filter((p) => p.to > p.from || p === out.at(-1));
}

/**
 * The SLA clocks of an incident at `now`. Pure: the same input and `now` give the same answer, which is what
 * lets tests drive it with a fake clock.
 */
export function slaStatus(input: SlaInput, now: Date): SlaStatus {
  const nowMs = now.getTime();
  const targets = slaTargets(input.severity, input.serviceCriticality, input.slaFactor);
  const intervals = phases(input, nowMs);
  const current = intervals.at(-1)?.status ?? 'new';
  const clocks = SlaTarget.options.map((target): SlaClock => {
    const running = SLA_RUNNING_PHASES[target];
    let elapsed = 0;
    let lastStop: number | null = null;
    for (const interval of intervals) {
      if (!running.includes(interval.status)) continue;
      elapsed += Math.max(0, interval.to - interval.from);
      lastStop = interval.to;
    }
    const targetMs = targets[target] * 60_000;
    const remaining = targetMs - elapsed;
    const isRunning = running.includes(current);
    return {
      target,
      targetMinutes: targets[target],
      state: isRunning ? 'running' : 'met',
      elapsedMs: elapsed,
      remainingMs: remaining,
      due: isRunning ? new Date(nowMs + remaining).toISOString() : null,
      metAt: isRunning || lastStop === null ? null : new Date(lastStop).toISOString(),
      breached: remaining < 0,
    };
  });
  const dues = clocks.flatMap((c) => (c.due === null ? [] : [c.due])).sort();
  return { clocks, breached: clocks.some((c) => c.breached), nextDue: dues[0] ?? null };
}
