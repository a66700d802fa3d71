import type { DepartmentScope } from '@citysoc/core';
import type { Updateable } from 'kysely';
import type { Queryable } from '../../platform/db/database.ts';
import { inDepartmentScope } from '../../platform/db/department-scope.ts';
import type { PlaybookRunStepsTable, PlaybookRunsTable } from '../../platform/db/schema.ts';

export type RunRow = PlaybookRunsTable;
export type StepRow = PlaybookRunStepsTable;

export async function insertRun(db: Queryable, run: RunRow, steps: readonly StepRow[]): Promise<void> {
  await db.insertInto('playbook_runs').values(run).execute();
  if (steps.length > 0)
    await db
      .insertInto('playbook_run_steps')
      .values([...steps])
      .execute();
}

export function findRun(db: Queryable, scope: DepartmentScope, id: string) {
  return db
    .selectFrom('playbook_runs')
    .selectAll()
    .where('id', '=', id)
    .where((eb) => inDepartmentScope(eb, 'department_id', scope))
    .executeTakeFirst();
}

export function runsOfIncident(db: Queryable, incidentId: string) {
  return db
    .selectFrom('playbook_runs')
    .selectAll()
    .where('incident_id', '=', incidentId)
    .orderBy('started_at', 'desc')
    .orderBy('id', 'desc')
    .limit(200)
    .execute();
}

export function stepsOfRuns(db: Queryable, runIds: readonly string[]) {
  if (runIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('playbook_run_steps')
    .selectAll()
    .where('run_id', 'in', [...runIds])
    .orderBy('run_id')
    .orderBy('position')
    .execute();
}

/** Runs not finished: resumed on start. */
export function unfinishedRunIds(db: Queryable) {
  return db
    .selectFrom('playbook_runs')
    .select('id')
    .where('state', 'in', ['running', 'waiting'])
    .orderBy('started_at')
    .execute();
}

/** Whether an automatic run of this playbook already exists for the incident (one per incident and playbook). */
export async function hasAutoRun(db: Queryable, autoKey: string): Promise<boolean> {
  const row = await db.selectFrom('playbook_runs').select('id').where('auto_key', '=', autoKey).executeTakeFirst();
  return row !== undefined;
}

export async function updateRun(db: Queryable, id: string, change: Updateable<RunRow>): Promise<void> {
  await db.updateTable('playbook_runs').set(change).where('id', '=', id).execute();
}

/**
 * Changes a step only if it is still in one of `from`: false when someone else moved it first (a decision made
 * through the response approvals page and through the run at the same time).
 */
export async function moveStep(
  db: Queryable,
  id: string,
  from: readonly string[],
  change: Updateable<StepRow>,
): Promise<boolean> {
  const result = await db
    .updateTable('playbook_run_steps')
    .set(change)
    .where('id', '=', id)
    .where('state', 'in', [...from])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

export async function updateStep(db: Queryable, id: string, change: Updateable<StepRow>): Promise<void> {
  await db.updateTable('playbook_run_steps').set(change).where('id', '=', id).execute();
}

export function findStepByResponseApproval(db: Queryable, approvalId: string) {
  return db
    .selectFrom('playbook_run_steps')
    .selectAll()
    .where('response_approval_id', '=', approvalId)
    .executeTakeFirst();
}

/** Steps not finished of a run, to cancel them with it. */
export async function cancelOpenSteps(db: Queryable, runId: string, at: string): Promise<void> {
  await db
    .updateTable('playbook_run_steps')
    .set({ state: 'cancelled', finished_at: at })
    .where('run_id', '=', runId)
    .where('state', 'in', ['pending', 'running', 'awaiting_approval'])
    .execute();
}
