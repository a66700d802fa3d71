import {
  ALL_DEPARTMENTS,
  describeCondition,
  evaluateCondition,
  FINISHED_STEP_STATES,
  hasPermission,
  isGatedStep,
  type Playbook,
  type PlaybookStep,
  type Principal,
  stepContext,
  type StepState,
} from '@citysoc/core';
import { AUTOMATION_PRINCIPAL, type PlaybookKit } from './playbook-kit.ts';
import {
  cancelOpenSteps,
  findRun,
  moveStep,
  type RunRow,
  stepsOfRuns,
  type StepRow,
  updateRun,
  updateStep,
} from './playbook-runs.repository.ts';
import { createStepActions, isAssetStep, type StepResult } from './playbook-steps.ts';
import { parseInputs } from './playbook-view.ts';

/**
 * Runs playbooks step by step. Everything that changes one run — advancing it, an approval, a denial, a
 * decision made on the response approvals page — goes through that run's queue, so two of them never interleave
 * in this process; the state moves in the database are conditional, so another process cannot double them
 * either. A run survives a restart: its steps are in the database, and the service's `follow` schedules every
 * unfinished run again.
 */
export function createPlaybookRunner(kit: PlaybookKit) {
  const { deps } = kit;
  const { store, log } = deps;
  const actions = createStepActions(kit);
  const queues = new Map<string, Promise<unknown>>();

  /** Runs `work` after everything already queued for the run. */
  function exclusive<T>(runId: string, work: () => Promise<T>): Promise<T> {
    const previous = queues.get(runId) ?? Promise.resolve();
    const next = previous.then(work, work);
    const settled = next.then(
      () => undefined,
      () => undefined,
    );
    queues.set(runId, settled);
    void settled.then(() => {
      if (queues.get(runId) === settled) queues.delete(runId);
    });
    return next;
  }

  function schedule(runId: string): void {
    exclusive(runId, () => advance(runId)).catch((error: unknown) =>
      log.error({ err: error, run: runId }, 'playbook run could not advance'),
    );
  }

  async function idle(): Promise<void> {
    while (queues.size > 0) await Promise.all([...queues.values()]);
  }

  const stepOf = (definition: Playbook, row: StepRow): PlaybookStep => {
    const step = definition.steps.find((s) => s.id === row.step_id);
    if (!step) throw new Error(`step ${row.step_id} is not in the run's playbook`);
    return step;
  };

  const contextOf = (run: RunRow, definition: Playbook, row: StepRow) =>
    stepContext({
      incident: kit.incidentOf(run),
      inputs: parseInputs(run.inputs),
      item: row.item,
      playbook: definition,
      run: { id: run.id, startedBy: run.started_by },
    });

  async function actorOf(run: RunRow): Promise<Principal> {
    return run.trigger === 'auto' ? AUTOMATION_PRINCIPAL : kit.starterOf(run);
  }

  /** Writes a step's end and says so on the timeline. */
  async function finish(run: RunRow, row: StepRow, result: StepResult, actor: Principal, from: StepState[]) {
    const at = kit.now().toISOString();
    const moved = await moveStep(store.db, row.id, from, {
      state: result.state === 'held' ? 'awaiting_approval' : result.state,
      summary: result.state === 'failed' ? null : result.summary,
      error: result.state === 'failed' ? result.error : null,
      output: JSON.stringify(result.state === 'held' ? {} : (result.output ?? {})),
      actor: actor.name,
      ...(result.state === 'held'
        ? { response_approval_id: result.approvalId, impact: JSON.stringify(result.impact), two_person: 1 }
        : { finished_at: at }),
    });
    if (!moved) return false;
    const text =
      result.state === 'failed'
        ? `Playbook “${run.playbook_title}”: ${row.title} failed: ${result.error}`
        : `Playbook “${run.playbook_title}”: ${result.summary}`;
    await kit.timeline(actor, run, text, { stepId: row.step_id, step: row.id, state: result.state });
    return true;
  }

  async function finishRun(run: RunRow, state: 'succeeded' | 'failed', error: string | null) {
    const at = kit.now().toISOString();
    await updateRun(store.db, run.id, { state, error, finished_at: at, updated_at: at });
    await cancelOpenSteps(store.db, run.id, at);
    const text =
      state === 'succeeded'
        ? `Playbook “${run.playbook_title}” finished`
        : `Playbook “${run.playbook_title}” stopped: ${error ?? 'a step failed'}`;
    await kit.timeline(AUTOMATION_PRINCIPAL, run, text, { state });
  }

  /** A gated step reached: show what is at stake and wait for a person allowed to contain. */
  async function openGate(run: RunRow, row: StepRow, step: PlaybookStep, actor: Principal) {
    const ctx = contextOf(run, kit.definitionOf(run), row);
    const gate = await actions.gate(run, step, ctx);
    let responseApprovalId: string | null = null;
    let impact = gate.impact;
    const starter = run.trigger === 'auto' ? null : await kit.starterOf(run);
    if (isAssetStep(step) && gate.twoPerson && starter?.kind === 'user' && hasPermission(starter, 'assets.contain')) {
      // The person who started the run asks for the containment; the response service holds it for a second
      // person, who approves it here or on the approvals page.
      const result = await actions.changeAsset(step, run, ctx, starter);
      if (result.state !== 'held') return finish(run, row, result, starter, ['running']);
      responseApprovalId = result.approvalId;
      impact = result.impact;
    }
    await moveStep(store.db, row.id, ['running'], {
      state: 'awaiting_approval',
      impact: impact === null ? null : JSON.stringify(impact),
      two_person: gate.twoPerson ? 1 : 0,
      action: gate.action,
      response_approval_id: responseApprovalId,
    });
    const stake =
      impact === null
        ? 'no city service depends on it'
        : `${impact.services.filter((s) => s.state === 'down').length} service(s) down, ` +
          `${impact.services.filter((s) => s.state === 'degraded').length} degraded, ` +
          `${impact.population_affected.toLocaleString('en')} residents`;
    const who = gate.twoPerson ? 'two persons must agree' : 'a person allowed to contain must approve';
    await kit.timeline(
      actor,
      run,
      `Playbook “${run.playbook_title}”: ${row.title} waits for approval (${stake}; ${who})`,
      {
        stepId: row.step_id,
        step: row.id,
        state: 'awaiting_approval',
      },
    );
    await kit.notifier.notify({
      kind: 'playbook.approval_needed',
      severity: 'high',
      title: `Approval needed: ${row.title} (${run.playbook_title})`,
      body: `Impact: ${stake}. ${who}.`,
      departmentId: run.department_id,
      link: `/incidents/${run.incident_id}`,
      recipients: { permission: 'assets.contain' },
      dedupeKey: `playbook-approval:${row.id}`,
    });
    return true;
  }

  async function runStep(run: RunRow, row: StepRow, definition: Playbook) {
    if (
      !(await moveStep(store.db, row.id, ['pending', 'running'], {
        state: 'running',
        started_at: kit.now().toISOString(),
      }))
    )
      return;
    const step = stepOf(definition, row);
    let actor: Principal;
    try {
      actor = await actorOf(run);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await finish(run, row, { state: 'failed', error: message }, AUTOMATION_PRINCIPAL, ['running']);
      return;
    }
    const ctx = contextOf(run, definition, row);
    if (step.when !== undefined && !evaluateCondition(step.when, ctx)) {
      const summary = `${row.title} skipped: ${describeCondition(step.when)} does not hold`;
      await moveStep(store.db, row.id, ['running'], {
        state: 'skipped',
        summary,
        finished_at: kit.now().toISOString(),
      });
      await kit.timeline(actor, run, `Playbook “${run.playbook_title}”: ${summary}`, {
        stepId: row.step_id,
        step: row.id,
        state: 'skipped',
      });
      return;
    }
    const gated = isGatedStep(step) || (isAssetStep(step) && !hasPermission(actor, 'assets.contain'));
    if (gated) {
      try {
        await openGate(run, row, step, actor);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        await finish(run, row, { state: 'failed', error: message }, actor, ['running']);
      }
      return;
    }
    const result = await actions.perform(run, row, step, ctx, actor, (attempts) =>
      updateStep(store.db, row.id, { attempts: JSON.stringify(attempts) }),
    );
    await finish(run, row, result, actor, ['running']);
  }

  async function advance(runId: string): Promise<void> {
    for (let guard = 0; guard < 1000; guard++) {
      const run = await findRun(store.db, ALL_DEPARTMENTS, runId);
      if (!run || (run.state !== 'running' && run.state !== 'waiting')) return;
      const definition = kit.definitionOf(run);
      const steps = await stepsOfRuns(store.db, [runId]);
      const stopped = steps.find(
        (s) => (s.state === 'failed' || s.state === 'denied') && stepOf(definition, s).on_failure === 'stop',
      );
      if (stopped) return finishRun(run, 'failed', stopped.error ?? `${stopped.title}: ${stopped.state}`);
      const next = steps.find((s) => !FINISHED_STEP_STATES.has(s.state));
      if (!next) return finishRun(run, 'succeeded', null);
      if (next.state === 'awaiting_approval') {
        if (run.state !== 'waiting')
          await updateRun(store.db, runId, { state: 'waiting', updated_at: kit.now().toISOString() });
        return;
      }
      if (run.state !== 'running')
        await updateRun(store.db, runId, { state: 'running', updated_at: kit.now().toISOString() });
      await runStep(run, next, definition);
    }
  }

  return {
    schedule,
    idle,
    exclusive,
    finish,
    contextOf,
    stepOf,
    actions,
  };
}

export type PlaybookRunner = ReturnType<typeof createPlaybookRunner>;
