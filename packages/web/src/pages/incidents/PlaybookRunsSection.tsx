import type { IncidentDetail, PlaybookRun, PlaybookRunStep } from '@citysoc/core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useLive } from '../../hooks/use-live.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { useSession } from '../../session/session-context.ts';
import {
  approvalBlock,
  describeAttempt,
  describeKinds,
  impactSummary,
  isOpenRun,
  RUN_STATE_LABELS,
  STEP_STATE_LABELS,
} from '../playbooks/playbook-display.ts';
import {
  cancelRun,
  decideStep,
  fetchPlaybookCatalogue,
  listPlaybookRuns,
  startPlaybook,
} from '../playbooks/playbooks-api.ts';

const REFRESH_MS = 15_000;

/** Start a playbook: the ones whose triggers match the case come first, with the reason. */
function PlaybookPicker({ incidentId, onStarted }: { incidentId: string; onStarted: () => void }) {
  const load = useCallback(() => fetchPlaybookCatalogue(incidentId), [incidentId]);
  const catalogue = useApiData(load);
  const [chosen, setChosen] = useState('');
  const mutation = useMutation();
  const playbooks = catalogue.data?.playbooks ?? [];
  const selected = playbooks.find((p) => p.id === chosen);

  const onStart = async (): Promise<void> => {
    if ((await mutation.run(() => startPlaybook(incidentId, chosen))) !== undefined) {
      setChosen('');
      onStarted();
    }
  };

  return (
    <div className="inline-form" aria-label="Start a playbook">
      <label htmlFor="playbook-picker">Playbook</label>
      <select id="playbook-picker" value={chosen} onChange={(event) => setChosen(event.target.value)}>
        <option value="">Choose a playbook…</option>
        {playbooks.map((p) => (
          <option key={p.id} value={p.id}>
            {p.match?.matched ? '★ ' : ''}
            {p.title} (v{p.version})
          </option>
        ))}
      </select>
      <button type="button" disabled={mutation.pending || chosen === ''} onClick={() => void onStart()}>
        Start
      </button>
      {selected !== undefined && (
        <p className="muted">
          {selected.match?.matched
            ? `Matches: ${selected.match.reason ?? ''}. `
            : 'Its triggers do not match this case. '}
          It {describeKinds(selected.stepKinds)}.
        </p>
      )}
      <ErrorMessage error={catalogue.error ?? mutation.error} />
    </div>
  );
}

function StepDecision({ run, step, onDecided }: { run: PlaybookRun; step: PlaybookRunStep; onDecided: () => void }) {
  const { session, can } = useSession();
  const [reason, setReason] = useState('');
  const mutation = useMutation();
  const blocked = approvalBlock(run, step, session.user, can('assets.contain'));
  const decide = async (approve: boolean): Promise<void> => {
    if ((await mutation.run(() => decideStep(run.id, step.id, approve, reason.trim()))) !== undefined) {
      setReason('');
      onDecided();
    }
  };
  const id = `step-reason-${step.id}`;
  return (
    <div className="approval-decision">
      <label htmlFor={id}>Reason</label>
      <input id={id} value={reason} maxLength={2000} onChange={(event) => setReason(event.target.value)} />
      <button
        type="button"
        className="button-danger"
        title={blocked ?? undefined}
        disabled={mutation.pending || reason.trim() === '' || blocked !== null}
        onClick={() => void decide(true)}
      >
        Approve
      </button>
      <button
        type="button"
        disabled={mutation.pending || reason.trim() === '' || !can('assets.contain')}
        onClick={() => void decide(false)}
      >
        Deny
      </button>
      {blocked !== null && <p className="muted">{blocked}</p>}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

function StepDetails({ step }: { step: PlaybookRunStep }) {
  const gated = step.action !== null || step.kind === 'wait_for_approval';
  return (
    <>
      {step.summary !== null && <div className="break-anywhere">{step.summary}</div>}
      {step.error !== null && <div className="message message-error break-anywhere">{step.error}</div>}
      {gated && (step.state === 'awaiting_approval' || step.impact !== null) && (
        <div data-testid="step-impact">
          Impact: {impactSummary(step.impact)}
          {step.twoPerson && ' · two persons must agree'}
        </div>
      )}
      {step.approvals.map((a) => (
        <div key={`${a.byId}-${a.at}`} className="muted">
          Approved by {a.by}, {formatDateTime(a.at)}: {a.reason}
        </div>
      ))}
      {step.attempts.length > 0 && (
        <ul className="muted">
          {step.attempts.map((a) => (
            <li key={a.attempt}>{describeAttempt(a)}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function RunCard({ run, canManage, onChanged }: { run: PlaybookRun; canManage: boolean; onChanged: () => void }) {
  const mutation = useMutation();
  const [cancelReason, setCancelReason] = useState('');
  const columns: readonly Column<PlaybookRunStep>[] = [
    { header: '#', cell: (s) => s.position + 1, className: 'numeric' },
    { header: 'Step', cell: (s) => s.title, className: 'break-anywhere' },
    {
      header: 'State',
      cell: (s) => <span className={`badge step-${s.state}`}>{STEP_STATE_LABELS[s.state]}</span>,
    },
    { header: 'Result', cell: (s) => <StepDetails step={s} /> },
    {
      header: 'Decision',
      cell: (s) => (s.state === 'awaiting_approval' ? <StepDecision run={run} step={s} onDecided={onChanged} /> : null),
    },
  ];
  const onCancel = async (): Promise<void> => {
    if ((await mutation.run(() => cancelRun(run.id, cancelReason.trim()))) !== undefined) onChanged();
  };
  return (
    <div className="playbook-run" data-testid="playbook-run">
      <h3>
        {run.playbookTitle} <span className="muted">v{run.playbookVersion}</span>{' '}
        <span className={`badge run-${run.state}`}>{RUN_STATE_LABELS[run.state]}</span>
      </h3>
      <p className="muted">
        {run.trigger === 'auto'
          ? `Started automatically (${run.triggerReason ?? 'triggers matched'})`
          : `Started by ${run.startedBy}`}{' '}
        {formatDateTime(run.startedAt)}
        {run.error !== null && ` · ${run.error}`}
      </p>
      <DataTable
        label={`Steps of ${run.playbookTitle}`}
        columns={columns}
        rows={run.steps}
        rowKey={(s) => s.id}
        rowTestId="playbook-step"
      />
      {canManage && isOpenRun(run) && (
        <div className="inline-form">
          <label htmlFor={`cancel-${run.id}`}>Cancel reason</label>
          <input
            id={`cancel-${run.id}`}
            value={cancelReason}
            maxLength={2000}
            onChange={(e) => setCancelReason(e.target.value)}
          />
          <button
            type="button"
            disabled={mutation.pending || cancelReason.trim() === ''}
            onClick={() => void onCancel()}
          >
            Cancel run
          </button>
        </div>
      )}
      <ErrorMessage error={mutation.error} />
    </div>
  );
}

/**
 * The case's playbook runs: start one from the matching playbooks, follow each step, and approve or deny the
 * destructive ones with their cascade impact on city services in view.
 */
export function PlaybookRunsSection({ incident }: { incident: IncidentDetail }) {
  const { can } = useSession();
  const canManage = can('incidents.manage');
  const load = useCallback(() => listPlaybookRuns(incident.id), [incident.id]);
  const runs = useApiData(load, REFRESH_MS);
  useLive(['incidents'], runs.reload);
  const rows = runs.data ?? [];
  return (
    <section className="panel" aria-labelledby="incident-playbooks">
      <h2 id="incident-playbooks">Playbooks</h2>
      <p className="muted">
        <Link to="/incidents/playbooks">Playbook catalogue</Link>
      </p>
      {canManage && <PlaybookPicker incidentId={incident.id} onStarted={runs.reload} />}
      <ErrorMessage error={runs.error} />
      {rows.length === 0 ? (
        <p className="muted">No playbook has run on this case.</p>
      ) : (
        rows.map((run) => <RunCard key={run.id} run={run} canManage={canManage} onChanged={runs.reload} />)
      )}
    </section>
  );
}
