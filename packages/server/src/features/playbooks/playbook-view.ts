import {
  ImpactAnswer,
  type PlaybookRun,
  type PlaybookRunStep,
  RunState,
  StepApproval,
  StepAttempt,
  StepState,
} from '@citysoc/core';
import { z } from 'zod';
import type { RunRow, StepRow } from './playbook-runs.repository.ts';

const Inputs = z.record(z.string(), z.union([z.string(), z.array(z.string())]));
const Output = z.record(z.string(), z.unknown());

export const parseApprovals = (text: string) => z.array(StepApproval).parse(JSON.parse(text));
export const parseAttempts = (text: string) => z.array(StepAttempt).parse(JSON.parse(text));
export const parseInputs = (text: string) => Inputs.parse(JSON.parse(text));

export function toStep(row: StepRow): PlaybookRunStep {
  return {
    id: row.id,
    stepId: row.step_id,
    position: row.position,
    kind: row.kind,
    title: row.title,
    item: row.item,
    state: StepState.parse(row.state),
    impact: row.impact === null ? null : ImpactAnswer.parse(JSON.parse(row.impact)),
    twoPerson: row.two_person === 1,
    action: row.action,
    approvals: parseApprovals(row.approvals),
    responseApprovalId: row.response_approval_id,
    attempts: parseAttempts(row.attempts),
    summary: row.summary,
    output: Output.parse(JSON.parse(row.output)),
    error: row.error,
    actor: row.actor,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
  };
}

export function toRun(row: RunRow, steps: readonly StepRow[]): PlaybookRun {
  return {
    id: row.id,
    incidentId: row.incident_id,
    departmentId: row.department_id,
    playbookId: row.playbook_id,
    playbookVersion: row.playbook_version,
    playbookTitle: row.playbook_title,
    trigger: row.trigger === 'auto' ? 'auto' : 'manual',
    triggerReason: row.trigger_reason,
    inputs: parseInputs(row.inputs),
    state: RunState.parse(row.state),
    startedBy: row.started_by,
    startedAt: row.started_at,
    updatedAt: row.updated_at,
    finishedAt: row.finished_at,
    error: row.error,
    steps: steps.filter((s) => s.run_id === row.id).map(toStep),
  };
}
