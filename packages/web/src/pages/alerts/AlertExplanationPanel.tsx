import type { AlertExplanation } from '@citysoc/core';
import type { RuleExplanation, SelectionExplanation } from '@citysoc/core/sigma';
import { useCallback } from 'react';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { fetchAlertExplanation } from './alerts-api.ts';
import { itemLabel, selectionVerdict } from './alert-explanation-display.ts';

/** One search identifier: whether it held, and per item the rule value and the event value it held on. */
function SelectionRows({ selection }: { selection: SelectionExplanation }) {
  const verdict = selectionVerdict(selection);
  return (
    <li data-testid="explained-selection" data-matched={String(selection.matched)}>
      <span className="mono">{selection.name}</span> — <span className={verdict.tone}>{verdict.text}</span>
      <ul className="plain-list explanation-items">
        {selection.items.map((item, index) => (
          <li key={`${index}:${item.field ?? ''}`} data-testid="explained-item">
            <span className="mono break-anywhere">{itemLabel(item)}</span>{' '}
            {item.matches.length === 0 ? (
              <span className="muted">{item.matched ? 'held' : 'did not hold'}</span>
            ) : (
              item.matches.map((match, m) => (
                <span key={m} className="explanation-match">
                  <code className="break-anywhere">{String(match.value)}</code>
                  {' matched '}
                  <code className="break-anywhere" data-testid="explained-value">
                    {String(match.eventValue)}
                  </code>
                </span>
              ))
            )}
          </li>
        ))}
      </ul>
    </li>
  );
}

function RuleRows({ rule }: { rule: RuleExplanation }) {
  // Selections that decided the match: those that held, and negated ones (filters) that did not.
  return (
    <div className="explanation-rule">
      <p>
        Condition <code className="break-anywhere">{rule.condition}</code>{' '}
        {rule.matched ? 'holds on the event.' : 'no longer holds on the event (the rule changed since).'}
      </p>
      <ul className="plain-list">
        {rule.selections.map((selection) => (
          <SelectionRows key={selection.name} selection={selection} />
        ))}
      </ul>
      {rule.filters.length > 0 && (
        <p className="muted">
          Filters attached: {rule.filters.map((f) => `${f.title} (${f.matched ? 'held' : 'did not hold'})`).join(', ')}
        </p>
      )}
    </div>
  );
}

function ExplanationBody({ explanation }: { explanation: AlertExplanation }) {
  if (!explanation.available) return <p className="muted">{explanation.reason}</p>;
  if (explanation.correlation) {
    const c = explanation.correlation;
    return (
      <>
        <p>
          Correlation {c.type.replace('_', ' ')} over {c.timespan}: {c.eventCount.toLocaleString()}{' '}
          {c.eventCount === 1 ? 'event' : 'events'} in the group{' '}
          <code className="break-anywhere">{JSON.stringify(c.group)}</code>.
        </p>
        {c.rules.map((rule) => (
          <div key={rule.ruleId}>
            <h4>{rule.title}</h4>
            <RuleRows rule={rule} />
          </div>
        ))}
      </>
    );
  }
  return explanation.rule ? <RuleRows rule={explanation.rule} /> : null;
}

/**
 * "Why it matched" (GET /api/alerts/:id/explanation): which selection, field and value of the rule held on
 * the alert's event. Event values are attacker-controlled: rendered as text only.
 */
export function AlertExplanationPanel({ alertId, canReadEvents }: { alertId: string; canReadEvents: boolean }) {
  const load = useCallback(() => fetchAlertExplanation(alertId), [alertId]);
  const explanation = useApiData(canReadEvents ? load : null);
  return (
    <section className="alert-explanation" aria-label="Why it matched" data-testid="alert-explanation">
      <h3>Why it matched</h3>
      {!canReadEvents ? (
        <p className="muted">Showing the matched values needs permission to read events.</p>
      ) : (
        <>
          <ErrorMessage error={explanation.error} />
          {explanation.data === undefined ? (
            explanation.loading && <p className="muted">Loading…</p>
          ) : (
            <ExplanationBody explanation={explanation.data} />
          )}
        </>
      )}
    </section>
  );
}
