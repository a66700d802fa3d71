import { useState } from 'react';
import { Link } from 'react-router';
import { listRules } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { filterRules, ruleCountText } from './rule-display.ts';
import { RefusedRules } from './RefusedRules.tsx';
import { RuleTable } from './RuleTable.tsx';
import { RuleTestForm } from './RuleTestForm.tsx';

/** /alerts/rules: the detection rules in force, the rule files refused, and a form to try a rule. */
export function RulesPage() {
  const rules = useApiData(listRules);
  const [filter, setFilter] = useState('');
  const { can } = useSession();
  const all = rules.data?.rules ?? [];
  const shown = filterRules(all, filter);

  return (
    <>
      <div className="page-header">
        <h1>Detection rules</h1>
        <Link to="/alerts" className="page-meta">
          Back to alerts
        </Link>
      </div>
      <section className="panel" aria-labelledby="loaded-rules-title">
        <h2 id="loaded-rules-title">Loaded rules</h2>
        <div className="toolbar">
          <div className="field">
            <label htmlFor="rule-filter">Filter rules</label>
            <input
              id="rule-filter"
              type="search"
              autoComplete="off"
              spellCheck={false}
              placeholder="Title, id or tag"
              value={filter}
              onChange={(event) => setFilter(event.target.value)}
            />
          </div>
          <span aria-live="polite" data-testid="rule-count">
            {rules.data === undefined ? (rules.loading ? 'Loading…' : '') : ruleCountText(shown.length, all.length)}
          </span>
        </div>
        <ErrorMessage error={rules.error} />
        {shown.length > 0 ? (
          <RuleTable rules={shown} />
        ) : (
          rules.data !== undefined && (
            <p className="empty-state">{all.length === 0 ? 'No rules are loaded.' : 'No rules match this filter.'}</p>
          )
        )}
      </section>
      {rules.data !== undefined && <RefusedRules refused={rules.data.refused} />}
      {can('events.read') ? (
        <RuleTestForm />
      ) : (
        <p className="message message-info">Testing a rule needs permission to read events.</p>
      )}
    </>
  );
}
