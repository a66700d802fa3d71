import {
  type CancelPlaybookRun,
  type Principal,
  InputError,
  incidentContext,
  isDomainError,
  matchPlaybook,
  NotFoundError,
  type Playbook,
  type PlaybookCatalogue as CatalogueView,
  type PlaybookDetail,
  type PlaybookRun,
  planSteps,
  requirePermission,
  resolveInputs,
  stepTitle,
} from '@citysoc/core';
import { v7 as timeOrderedUuid } from 'uuid';
import { z } from 'zod';
import { constraintViolation } from '../../platform/db/constraint-errors.ts';
import { AUTOMATION_PRINCIPAL, createPlaybookKit, type PlaybooksDeps, storePrincipal } from './playbook-kit.ts';
import { createPlaybookDecisions } from './playbook-decisions.ts';
import { createPlaybookRunner } from './playbook-runner.ts';
import {
  cancelOpenSteps,
  findRun,
  hasAutoRun,
  insertRun,
  type RunRow,
  runsOfIncident,
  stepsOfRuns,
  type StepRow,
  unfinishedRunIds,
  updateRun,
} from './playbook-runs.repository.ts';
import { toRun } from './playbook-view.ts';

const Changed = z.object({ id: z.string() });
/** How often containment requests are checked for expiry. */
const EXPIRY_SWEEP_MS = 60_000;

/**
 * Playbooks on incidents: the catalogue (with whether each applies to a case), starting a run by hand or
 * automatically when an incident's triggers match (once per playbook and incident), the runs with their steps,
 * approvals and denials of destructive steps, and cancelling. Every start, decision and cancel is audited;
 * every step's result is on the incident's timeline.
 */
export function createPlaybooksService(deps: PlaybooksDeps) {
  const kit = createPlaybookKit(deps);
  const runner = createPlaybookRunner(kit);
  const decisions = createPlaybookDecisions(kit, runner);
  const { store, audit, bus, log, catalogue } = deps;
  const unsubscribes: (() => void)[] = [];
  const waitingIncidents = new Set<string>();
  let triggers: Promise<void> = Promise.resolve();

  async function viewOf(run: RunRow): Promise<PlaybookRun> {
    return toRun(run, await stepsOfRuns(store.db, [run.id]));
  }

  async function visibleRun(actor: Principal, id: string): Promise<RunRow> {
    const run = await findRun(store.db, actor.departments, id);
    if (!run) throw new NotFoundError(`Playbook run '${id}' not found`);
    return run;
  }

  async function begin(
    actor: Principal,
    incidentId: string,
    playbook: Playbook,
    trigger: { kind: 'manual' | 'auto'; reason: string | null },
  ): Promise<RunRow> {
    const subject = await kit.subjectOf(actor, incidentId);
    const inputs = resolveInputs(playbook, subject);
    const at = kit.now().toISOString();
    const run: RunRow = {
      id: timeOrderedUuid(),
      incident_id: subject.id,
      department_id: subject.departmentId,
      playbook_id: playbook.id,
      playbook_version: playbook.version,
      playbook_title: playbook.title,
      definition: JSON.stringify(playbook),
      trigger: trigger.kind,
      trigger_reason: trigger.reason ?? matchPlaybook(playbook, subject).reason,
      auto_key: trigger.kind === 'auto' ? `${subject.id}:${playbook.id}` : null,
      inputs: JSON.stringify(inputs),
      context: JSON.stringify({ incident: incidentContext(subject) }),
      state: 'running',
      started_by: actor.name,
      started_by_id: actor.id,
      starter: storePrincipal(actor),
      started_at: at,
      updated_at: at,
      finished_at: null,
      error: null,
    };
    const steps: StepRow[] = planSteps(playbook, inputs).map((planned) => {
      const step = playbook.steps.find((s) => s.id === planned.stepId);
      const title = `${step ? stepTitle(step) : planned.stepId}${planned.item === null ? '' : ` (${planned.item})`}`;
      return {
        id: timeOrderedUuid(),
        run_id: run.id,
        position: planned.position,
        step_id: planned.stepId,
        kind: step?.kind ?? 'unknown',
        title: title.slice(0, 300),
        item: planned.item,
        state: planned.skipReason === null ? 'pending' : 'skipped',
        two_person: 0,
        action: null,
        impact: null,
        approvals: '[]',
        response_approval_id: null,
        attempts: '[]',
        summary: planned.skipReason === null ? null : `Skipped: ${planned.skipReason}`,
        output: '{}',
        error: null,
        actor: null,
        started_at: null,
        finished_at: planned.skipReason === null ? null : at,
      };
    });
    await audit.transact(actor, async (trx, record) => {
      await insertRun(trx, run, steps);
      record({
        action: 'playbook.start',
        targetType: 'incident',
        targetId: subject.id,
        departmentId: subject.departmentId,
        details: {
          ref: subject.ref,
          run: run.id,
          playbook: playbook.id,
          version: playbook.version,
          trigger: trigger.kind,
        },
      });
    });
    const how =
      trigger.kind === 'auto' ? `automatically (${run.trigger_reason ?? 'triggers matched'})` : `by ${actor.name}`;
    await kit.timeline(actor, run, `Playbook “${playbook.title}” v${playbook.version} started ${how}`, {
      state: 'running',
    });
    runner.schedule(run.id);
    return run;
  }

  /** Starts the automatic playbooks whose triggers now match the incident (each at most once per incident). */
  async function startMatching(incidentId: string): Promise<void> {
    const automatic = catalogue.playbooks.filter((p) => p.auto_start);
    if (automatic.length === 0) return;
    let subject;
    try {
      subject = await kit.subjectOf(AUTOMATION_PRINCIPAL, incidentId);
    } catch (error) {
      if (error instanceof NotFoundError) return;
      throw error;
    }
    if (subject.status === 'closed') return;
    for (const playbook of automatic) {
      const match = matchPlaybook(playbook, subject);
      if (!match.matched || (await hasAutoRun(store.db, `${subject.id}:${playbook.id}`))) continue;
      try {
        await begin(AUTOMATION_PRINCIPAL, incidentId, playbook, { kind: 'auto', reason: match.reason });
      } catch (error) {
        // Another process started it first: the unique automatic key kept it to one run.
        if (constraintViolation(error) !== 'unique') throw error;
      }
    }
  }

  function onIncidentChanged(message: unknown): void {
    const parsed = Changed.safeParse(message);
    if (!parsed.success || waitingIncidents.has(parsed.data.id)) return;
    // Changes come in bursts (an alert storm links alerts one by one): one check per burst is enough.
    waitingIncidents.add(parsed.data.id);
    triggers = triggers.then(async () => {
      waitingIncidents.delete(parsed.data.id);
      try {
        await startMatching(parsed.data.id);
      } catch (error) {
        log.error({ err: error, incident: parsed.data.id }, 'automatic playbooks could not start');
      }
    });
  }

  return {
    /** The catalogue; with an incident, whether each playbook applies to it and why. */
    async catalogue(actor: Principal, incidentId?: string): Promise<CatalogueView> {
      requirePermission(actor, 'incidents.read');
      const subject = incidentId === undefined ? null : await kit.subjectOf(actor, incidentId);
      const playbooks = catalogue.playbooks.map((p) => ({
        id: p.id,
        version: p.version,
        title: p.title,
        description: p.description,
        autoStart: p.auto_start,
        stepCount: p.steps.length,
        stepKinds: p.steps.map((s) => s.kind),
        match: subject === null ? null : matchPlaybook(p, subject),
      }));
      if (subject !== null) playbooks.sort((a, b) => Number(b.match?.matched) - Number(a.match?.matched));
      return { playbooks, rejected: [...catalogue.rejected] };
    },

    get(actor: Principal, id: string): PlaybookDetail {
      requirePermission(actor, 'incidents.read');
      return { playbook: catalogue.get(id), file: catalogue.fileOf(id) };
    },

    async start(actor: Principal, incidentId: string, playbookId: string): Promise<PlaybookRun> {
      requirePermission(actor, 'incidents.manage');
      const playbook = catalogue.get(playbookId);
      const run = await begin(actor, incidentId, playbook, { kind: 'manual', reason: null });
      return viewOf(run);
    },

    async runs(actor: Principal, incidentId: string): Promise<PlaybookRun[]> {
      requirePermission(actor, 'incidents.read');
      await deps.incidents.get(actor, incidentId);
      const rows = await runsOfIncident(store.db, incidentId);
      const steps = await stepsOfRuns(
        store.db,
        rows.map((r) => r.id),
      );
      return rows.map((row) => toRun(row, steps));
    },

    async run(actor: Principal, id: string): Promise<PlaybookRun> {
      requirePermission(actor, 'incidents.read');
      return viewOf(await visibleRun(actor, id));
    },

    async approve(actor: Principal, runId: string, stepId: string, reason: string): Promise<PlaybookRun> {
      await decisions.approve(actor, runId, stepId, reason);
      return viewOf(await visibleRun(actor, runId));
    },

    async deny(actor: Principal, runId: string, stepId: string, reason: string): Promise<PlaybookRun> {
      await decisions.deny(actor, runId, stepId, reason);
      return viewOf(await visibleRun(actor, runId));
    },

    /** Stops a run; a containment it asked for and nobody decided yet is withdrawn in the canceller's name. */
    async cancel(actor: Principal, runId: string, request: CancelPlaybookRun): Promise<PlaybookRun> {
      requirePermission(actor, 'incidents.manage');
      const existing = await visibleRun(actor, runId);
      await runner.exclusive(runId, async () => {
        const run = await visibleRun(actor, runId);
        if (run.state !== 'running' && run.state !== 'waiting')
          throw new InputError(`This run is already ${run.state}`);
        const held = (await stepsOfRuns(store.db, [run.id])).filter(
          (s) => s.state === 'awaiting_approval' && s.response_approval_id !== null,
        );
        const at = kit.now().toISOString();
        await audit.transact(actor, async (trx, record) => {
          await updateRun(trx, run.id, {
            state: 'cancelled',
            error: `Cancelled by ${actor.name}: ${request.reason}`,
            finished_at: at,
            updated_at: at,
          });
          await cancelOpenSteps(trx, run.id, at);
          record({
            action: 'playbook.cancel',
            targetType: 'incident',
            targetId: run.incident_id,
            departmentId: run.department_id,
            details: { run: run.id, playbook: run.playbook_id, reason: request.reason },
          });
        });
        for (const step of held) {
          try {
            await deps.response.withdraw(
              actor,
              step.response_approval_id ?? '',
              `Playbook run cancelled: ${request.reason}`,
            );
          } catch (error) {
            // Decided meanwhile (approved: the containment happened; the timeline says so), or out of reach.
            if (!isDomainError(error)) throw error;
            log.warn({ err: error, run: run.id }, 'a held containment of a cancelled run could not be withdrawn');
          }
        }
        await kit.timeline(
          actor,
          run,
          `Playbook “${run.playbook_title}” cancelled by ${actor.name}: ${request.reason}`,
          { state: 'cancelled' },
        );
      });
      return viewOf(await visibleRun(actor, existing.id));
    },

    /** Follows incidents (automatic starts) and response decisions, and resumes the runs a restart interrupted. */
    async follow(): Promise<void> {
      if (unsubscribes.length > 0) return;
      unsubscribes.push(bus.subscribe('incidents.changed', onIncidentChanged));
      unsubscribes.push(
        bus.subscribe('response.decided', (message) =>
          decisions
            .responseDecided(message)
            .catch((error: unknown) => log.error({ err: error }, 'playbook step not resumed')),
        ),
      );
      // A containment nobody decides expires after 24 hours; the sweep says so on the bus, and the step waiting
      // on it ends instead of waiting for ever.
      const expiry = setInterval(() => {
        deps.response.expireStale().catch((error: unknown) => log.error({ err: error }, 'approval expiry failed'));
      }, EXPIRY_SWEEP_MS);
      expiry.unref();
      unsubscribes.push(() => clearInterval(expiry));
      for (const { id } of await unfinishedRunIds(store.db)) runner.schedule(id);
    },

    stop(): void {
      for (const unsubscribe of unsubscribes.splice(0)) unsubscribe();
    },

    /** Resolves when no run is advancing and no automatic start is pending (tests, shutdown). */
    async idle(): Promise<void> {
      for (let i = 0; i < 20; i++) {
        await triggers;
        await runner.idle();
        await new Promise((resolve) => setImmediate(resolve));
        if (waitingIncidents.size === 0) {
          await runner.idle();
          return;
        }
      }
    },
  };
}

export type PlaybooksService = ReturnType<typeof createPlaybooksService>;
