import type { ImpactAnswer, PlaybookRun, PlaybookRunStep, RunState, StepState } from '@citysoc/core';

export const STEP_STATE_LABELS: Readonly<Record<StepState, string>> = {
  pending: 'Pending',
  running: 'Running',
  awaiting_approval: 'Waiting for approval',
  succeeded: 'Done',
  skipped: 'Skipped',
  failed: 'Failed',
  denied: 'Denied',
  cancelled: 'Not run',
};

export const RUN_STATE_LABELS: Readonly<Record<RunState, string>> = {
  running: 'Running',
  waiting: 'Waiting for approval',
  succeeded: 'Finished',
  failed: 'Stopped',
  cancelled: 'Cancelled',
};

export const STEP_KIND_LABELS: Readonly<Record<string, string>> = {
  create_task: 'creates tasks',
  notify: 'notifies',
  webhook: 'calls a webhook',
  block: 'blocks indicators',
  isolate_asset: 'isolates assets',
  set_asset_status: 'changes asset states',
  wait_for_approval: 'waits for approval',
  set_status: 'moves the case',
};

/** "isolates assets, blocks indicators, …": what a playbook does, each kind once, in order. */
export function describeKinds(kinds: readonly string[]): string {
  return [...new Set(kinds)].map((k) => STEP_KIND_LABELS[k] ?? k).join(', ');
}

/** "1 service down, 2 degraded; 250,000 residents" — or that nothing depends on it. */
export function impactSummary(impact: ImpactAnswer | null): string {
  if (impact === null) return 'No city service depends on it';
  const down = impact.services.filter((s) => s.state === 'down').length;
  const degraded = impact.services.filter((s) => s.state === 'degraded').length;
  const hidden = impact.other_departments.services;
  const more = hidden > 0 ? ` (+${hidden} in other departments)` : '';
  return `${down} service${down === 1 ? '' : 's'} down, ${degraded} degraded${more}; ${impact.population_affected.toLocaleString('en')} residents`;
}

/**
 * Whether this person may approve the step, and if not, why: the server decides, this only explains the
 * disabled button. Two persons: the starter cannot approve, nor someone who already did.
 */
export function approvalBlock(
  run: PlaybookRun,
  step: PlaybookRunStep,
  user: { id: string; username: string },
  canContain: boolean,
): string | null {
  if (step.state !== 'awaiting_approval') return 'Not waiting';
  if (!canContain) return 'Approving containment needs the assets.contain permission';
  if (step.twoPerson && run.trigger === 'manual' && run.startedBy === user.username)
    return 'Two persons: someone other than the starter approves';
  if (step.twoPerson && step.approvals.some((a) => a.byId === user.id)) return 'Two persons: you already approved';
  return null;
}

/** Steps, with the attempts of a webhook as "attempt 2: HTTP 500, retry in 1.2 s". */
export function describeAttempt(attempt: PlaybookRunStep['attempts'][number]): string {
  const outcome = attempt.ok ? `HTTP ${attempt.status ?? '?'}` : (attempt.error ?? 'failed');
  const retry = attempt.retryInMs === null ? '' : `, retry in ${(attempt.retryInMs / 1000).toFixed(1)} s`;
  return `attempt ${attempt.attempt}: ${outcome}${retry}`;
}

export function isOpenRun(run: PlaybookRun): boolean {
  return run.state === 'running' || run.state === 'waiting';
}
