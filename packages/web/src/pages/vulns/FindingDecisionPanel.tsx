import { useState, type SubmitEvent } from 'react';
import { decideFinding } from '../../api/vulns.ts';
import type { FindingView } from '../../api/vulns-schemas.ts';
import { DetailItem } from '../../components/DetailItem.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField, fieldHintId } from '../../components/FormField.tsx';
import { formatDateTime } from '../../format.ts';
import { useMutation } from '../../hooks/use-mutation.ts';
import { STATUS_TITLES } from './finding-display.ts';
import {
  addDays,
  checkDecision,
  DECISION_TITLES,
  type DecisionKind,
  decisionsFor,
  MAX_ACCEPT_DAYS,
} from './finding-decision.ts';

interface FindingDecisionPanelProps {
  readonly finding: FindingView;
  readonly today: string;
  /** Whether the user may decide (inventory.manage): otherwise the panel only explains the finding. */
  readonly canDecide: boolean;
  readonly onDecided: (finding: FindingView) => void;
  readonly onClose: () => void;
}

/** One finding in full (how it matched, who decided what) and, for those allowed, the lifecycle decisions. */
export function FindingDecisionPanel({ finding, today, canDecide, onDecided, onClose }: FindingDecisionPanelProps) {
  const choices = decisionsFor(finding.status);
  const [kind, setKind] = useState<DecisionKind | null>(null);
  const [note, setNote] = useState('');
  const [until, setUntil] = useState(() => addDays(today, 90));
  const [problem, setProblem] = useState<string | null>(null);
  const mutation = useMutation();

  const onSubmit = async (event: SubmitEvent<HTMLFormElement>): Promise<void> => {
    event.preventDefault();
    if (kind === null) return;
    const checked = checkDecision(kind, note, until, today);
    if (!checked.ok) {
      setProblem(checked.problem);
      return;
    }
    setProblem(null);
    const decided = await mutation.run(() => decideFinding(finding.id, checked.decision));
    if (decided === undefined) return;
    setKind(null);
    setNote('');
    onDecided(decided);
  };

  return (
    <section className="panel finding-detail" aria-labelledby="finding-detail-title" data-testid="finding-detail">
      <div className="panel-header">
        <h2 id="finding-detail-title">
          {finding.cve} on {finding.asset}
        </h2>
        <button type="button" className="button-small" onClick={onClose}>
          Close
        </button>
      </div>
      <dl className="detail-list">
        <DetailItem label="Status">{STATUS_TITLES[finding.status]}</DetailItem>
        <DetailItem label="Why this priority">{finding.reason}</DetailItem>
        <DetailItem label="Services at stake">
          {finding.services.length === 0 ? null : <span className="mono">{finding.services.join(', ')}</span>}
        </DetailItem>
        <DetailItem label="CVSS vector">
          {finding.cvss_vector === null ? null : <code className="break-anywhere">{finding.cvss_vector}</code>}
        </DetailItem>
        <DetailItem label="Matched">
          <ul className="plain-list break-anywhere">
            {finding.matches.map((match, index) => (
              <li key={index}>
                <code>{match.cpe}</code> by {match.matchedBy === 'nvd' ? 'NVD' : `CVE 5 ${match.provider ?? ''}`}{' '}
                {match.criteria} ({match.range})
              </li>
            ))}
          </ul>
        </DetailItem>
        <DetailItem label="First seen">{formatDateTime(finding.first_seen)}</DetailItem>
        {finding.decided_by !== null && (
          <DetailItem label="Decided by">
            {finding.decided_by}
            {finding.decision_note ? `: ${finding.decision_note}` : ''}
            {finding.accepted_until !== null && ` (until ${finding.accepted_until.slice(0, 10)})`}
          </DetailItem>
        )}
      </dl>
      {canDecide && choices.length > 0 && (
        <div className="toolbar">
          {choices.map((choice) => (
            <button
              key={choice}
              type="button"
              className={kind === choice ? 'button-primary' : undefined}
              aria-pressed={kind === choice}
              onClick={() => {
                setKind(choice);
                setProblem(null);
              }}
            >
              {DECISION_TITLES[choice]}
            </button>
          ))}
        </div>
      )}
      {canDecide && kind !== null && (
        <form className="form-grid" aria-label={DECISION_TITLES[kind]} onSubmit={(event) => void onSubmit(event)}>
          {kind === 'accepted' && (
            <FormField id="decision-until" label="Accepted until" hint="The finding reopens by itself on that day.">
              <input
                id="decision-until"
                type="date"
                required
                min={addDays(today, 1)}
                max={addDays(today, MAX_ACCEPT_DAYS)}
                value={until}
                aria-describedby={fieldHintId('decision-until')}
                onChange={(event) => setUntil(event.target.value)}
              />
            </FormField>
          )}
          <FormField
            id="decision-note"
            label={kind === 'open' ? 'Note (optional)' : 'Note'}
            hint="Recorded in the audit log with your name."
            wide
          >
            <textarea
              id="decision-note"
              rows={2}
              maxLength={2000}
              required={kind !== 'open'}
              value={note}
              aria-describedby={fieldHintId('decision-note')}
              onChange={(event) => setNote(event.target.value)}
            />
          </FormField>
          <div className="form-actions">
            <button type="submit" className="button-primary" disabled={mutation.pending}>
              {DECISION_TITLES[kind]}
            </button>
            {problem !== null && (
              <span className="text-bad" role="alert">
                {problem}
              </span>
            )}
          </div>
          <ErrorMessage error={mutation.error} />
        </form>
      )}
    </section>
  );
}
