/** Tables of playbook runs (migration 0015). JSON columns are text parsed with zod at the repository boundary. */

export interface PlaybookRunsTable {
  id: string;
  incident_id: string;
  /** The incident's department, copied so runs are scoped without a join; null for a city-wide incident. */
  department_id: string | null;
  playbook_id: string;
  playbook_version: number;
  playbook_title: string;
  /** JSON: the playbook as it was when the run started, so a later edit of the file never changes a run. */
  definition: string;
  trigger: string;
  trigger_reason: string | null;
  /** `<incident>:<playbook>` for automatic runs (unique: one automatic run per playbook and incident), else null. */
  auto_key: string | null;
  /** JSON: inputs taken from the incident at start, and the incident's fields the templates read. */
  inputs: string;
  context: string;
  state: string;
  started_by: string;
  started_by_id: string;
  /** JSON: the starter as a principal (kind, permissions, departments); people are looked up again on resume. */
  starter: string;
  started_at: string;
  updated_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface PlaybookRunStepsTable {
  id: string;
  run_id: string;
  position: number;
  step_id: string;
  kind: string;
  title: string;
  item: string | null;
  state: string;
  two_person: number;
  action: string | null;
  /** JSON ImpactAnswer or null. */
  impact: string | null;
  /** JSON array of StepApproval. */
  approvals: string;
  response_approval_id: string | null;
  /** JSON array of StepAttempt. */
  attempts: string;
  summary: string | null;
  /** JSON object. */
  output: string;
  error: string | null;
  actor: string | null;
  started_at: string | null;
  finished_at: string | null;
}
