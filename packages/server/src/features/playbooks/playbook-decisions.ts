import {
  hasPermission,
  InputError,
  NotAllowedError,
  NotFoundError,
  type Principal,
  requirePermission,
  type StepApproval,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { z } from 'zod';
import { AUTOMATION_PRINCIPAL, type PlaybookKit } from './playbook-kit.ts';
import type { PlaybookRunner } from './playbook-runner.ts';
import {
  findRun,
  findStepByResponseApproval,
  moveStep,
  type RunRow,
  stepsOfRuns,
  type StepRow,
  updateStep,
} from './playbook-runs.repository.ts';
import { isAssetStep, type StepResult } from './playbook-steps.ts';
import { parseApprovals } from './playbook-view.ts';

const Decided = z.object({ id: z.string(), state: z.string() });
const StarterKind = z.object({ kind: z.string() });

/**
 * Approving and denying waiting steps, by a person allowed to contain in the incident's department, and
 * following decisions made on the response approvals page. Each decision is audited in the decider's name.
 */
export function createPlaybookDecisions(kit: PlaybookKit, runner: PlaybookRunner) {
  const { store, audit, response } = kit.deps;

  /** The run and its waiting step, within the actor's departments, checked for a decision by this actor. */
  async function decisionTarget(actor: Principal, runId: string, stepRowId: string) {
    requirePermission(actor, 'assets.contain');
    if (actor.kind !== 'user') throw new NotAllowedError('Only a person can decide a playbook step');
    const run = await findRun(store.db, actor.departments, runId);
    if (!run) throw new NotFoundError(`Playbook run '${runId}' not found`);
    const row = (await stepsOfRuns(store.db, [run.id])).find((s) => s.id === stepRowId);
    if (!row) throw new NotFoundError(`Step '${stepRowId}' not found`);
    if (row.state !== 'awaiting_approval')
      throw new InputError(`This step is ${row.state.replace('_', ' ')}, not waiting`);
    return { run, row, step: runner.stepOf(kit.definitionOf(run), row) };
  }

  async function recordDecision(
    actor: Principal,
    run: RunRow,
    row: StepRow,
    change: Parameters<typeof moveStep>[3],
    what: 'approve' | 'deny',
    reason: string,
  ) {
    await audit.transact(actor, async (trx, record) => {
      if (!(await moveStep(trx, row.id, ['awaiting_approval'], change)))
        throw new InputError('This step was decided meanwhile');
      record({
        action: `playbook.step.${what}`,
        targetType: 'incident',
        targetId: run.incident_id,
        departmentId: run.department_id,
        details: { run: run.id, playbook: run.playbook_id, step: row.step_id, item: row.item, reason },
      });
    });
  }

  /**
   * Brings a step held by the response service in line with that approval once it is no longer pending
   * (approved or denied on the approvals page, or expired). Returns whether it was.
   */
  async function settleHeld(run: RunRow, row: StepRow): Promise<boolean> {
    const approvals = await response.list(SYSTEM_PRINCIPAL, { limit: 1000 });
    const approval = approvals.find((a) => a.id === row.response_approval_id);
    if (!approval || approval.state === 'pending') return false;
    const by = approval.decided_by ?? 'a second person';
    const approved = approval.state === 'approved';
    const summary = `${row.title} ${approval.state} by ${by} on the approvals page`;
    const moved = await moveStep(store.db, row.id, ['awaiting_approval'], {
      state: approved ? 'succeeded' : 'denied',
      ...(approved ? { summary } : { error: `${summary}: ${approval.decision_reason ?? ''}` }),
      actor: by,
      finished_at: kit.now().toISOString(),
    });
    if (moved) {
      await kit.timeline(AUTOMATION_PRINCIPAL, run, `Playbook “${run.playbook_title}”: ${summary}`, { step: row.id });
    }
    return true;
  }

  async function approveNow(actor: Principal, runId: string, stepRowId: string, reason: string) {
    const { run, row, step } = await decisionTarget(actor, runId, stepRowId);
    if (step.kind === 'block' && !hasPermission(actor, 'incidents.manage'))
      throw new NotAllowedError('Blocking marks the case: incidents.manage is needed too');
    const starterIsPerson = StarterKind.parse(JSON.parse(run.starter)).kind === 'user';
    const approvals = parseApprovals(row.approvals);
    if (row.two_person === 1 && starterIsPerson && run.started_by_id === actor.id)
      throw new NotAllowedError('A second person must approve: you started this playbook');
    if (row.two_person === 1 && approvals.some((a) => a.byId === actor.id))
      throw new NotAllowedError('A second person must approve: you already approved');
    const approval: StepApproval = { by: actor.name, byId: actor.id, at: kit.now().toISOString(), reason };
    const all = JSON.stringify([...approvals, approval]);
    // Without a person starting the run, two approvals make two persons; asset steps get their second person
    // from the response service instead.
    const needed = row.two_person === 1 && !starterIsPerson && !isAssetStep(step) ? 2 : 1;
    if (row.response_approval_id === null && approvals.length + 1 < needed) {
      await recordDecision(actor, run, row, { approvals: all }, 'approve', reason);
      await kit.timeline(
        actor,
        run,
        `Playbook “${run.playbook_title}”: ${actor.name} approved ${row.title}; a second person must approve too`,
        { stepId: row.step_id, step: row.id, state: 'awaiting_approval' },
      );
      return;
    }
    await recordDecision(actor, run, row, { approvals: all, state: 'running' }, 'approve', reason);
    let result: StepResult;
    if (row.response_approval_id !== null) {
      try {
        await response.decide(actor, row.response_approval_id, { approve: true, reason });
      } catch (error) {
        await updateStep(store.db, row.id, { state: 'awaiting_approval', approvals: row.approvals });
        // Decided on the approvals page meanwhile, or expired: the step follows that decision.
        if (error instanceof InputError && (await settleHeld(run, row))) return;
        throw error;
      }
      result = { state: 'succeeded', summary: `${row.title} approved by ${actor.name} and applied` };
    } else {
      const ctx = runner.contextOf(run, kit.definitionOf(run), row);
      result = await runner.actions.performApproved(run, step, ctx, actor, reason);
    }
    await runner.finish(run, row, result, actor, ['running']);
  }

  async function denyNow(actor: Principal, runId: string, stepRowId: string, reason: string) {
    const { run, row } = await decisionTarget(actor, runId, stepRowId);
    if (row.response_approval_id !== null) {
      try {
        await response.decide(actor, row.response_approval_id, { approve: false, reason });
      } catch (error) {
        if (error instanceof InputError && (await settleHeld(run, row))) return;
        throw error;
      }
    }
    const at = kit.now().toISOString();
    const error = `Denied by ${actor.name}: ${reason}`;
    await recordDecision(
      actor,
      run,
      row,
      { state: 'denied', error, actor: actor.name, finished_at: at },
      'deny',
      reason,
    );
    await kit.timeline(
      actor,
      run,
      `Playbook “${run.playbook_title}”: ${row.title} denied by ${actor.name}: ${reason}`,
      {
        stepId: row.step_id,
        step: row.id,
        state: 'denied',
      },
    );
  }

  /** A containment held by the response service was decided (here or on the approvals page). */
  async function responseDecided(message: unknown): Promise<void> {
    const decided = Decided.safeParse(message);
    if (!decided.success) return;
    const row = await findStepByResponseApproval(store.db, decided.data.id);
    if (!row || row.state !== 'awaiting_approval') return;
    await runner.exclusive(row.run_id, async () => {
      const run = await findRun(store.db, { all: true }, row.run_id);
      const current = (await stepsOfRuns(store.db, [row.run_id])).find((s) => s.id === row.id);
      if (run && current?.state === 'awaiting_approval') await settleHeld(run, current);
    });
    runner.schedule(row.run_id);
  }

  return {
    approve: async (actor: Principal, runId: string, stepRowId: string, reason: string) => {
      await runner.exclusive(runId, () => approveNow(actor, runId, stepRowId, reason));
      runner.schedule(runId);
    },
    deny: async (actor: Principal, runId: string, stepRowId: string, reason: string) => {
      await runner.exclusive(runId, () => denyNow(actor, runId, stepRowId, reason));
      runner.schedule(runId);
    },
    responseDecided,
  };
}
