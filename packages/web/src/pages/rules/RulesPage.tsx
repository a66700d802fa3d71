import { useState } from 'react';
import { Link } from 'react-router';
import { listDepartments, listRules } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { CorrelationTable } from './CorrelationTable.tsx';
import { filterRules, ruleCountText } from './rule-display.ts';
import { RefusedRules } from './RefusedRules.tsx';
import { RuleTable } from './RuleTable.tsx';
import { RuleTestForm } from './RuleTestForm.tsx';
import { RuleUploadForm } from './RuleUploadForm.tsx';

/**
 * /alerts/rules: the detection rules and correlations with their state (on, off city-wide or per department,
 * stance pack), the stance detection runs under, the refused rule files, uploads, and a form to try a rule.
 */
export function RulesPage() {
  const rules = useApiData(listRules);
  const { can } = useSession();
  const canManage = can('rules.manage');
  const canTune = can('rules.tune');
  const departments = useApiData(canManage || canTune ? listDepartments : null);
  const [filter, setFilter] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const all = rules.data?.rules ?? [];
  const shown = filterRules(all, filter);
  const stance = rules.data?.stance;

  const onChanged = (message: string): void => {
    setNotice(message);
    rules.reload();
  };

  return (
    <>
      <div className="page-header">
        <h1>Detection rules</h1>
        <Link to="/alerts" className="page-meta">
          Back to alerts
        </Link>
      </div>
      {stance !== undefined && (
        <p className="message message-info" data-testid="rule-stance">
          Stance level {stance.level}: rule packs enabled{' '}
          {stance.rulePacks.length === 0 ? 'none' : stance.rulePacks.join(', ')}; correlation thresholds ×
          {stance.correlationThresholdFactor}.
        </p>
      )}
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="rule-notice">
          {notice}
        </p>
      )}
      <section className="panel" aria-labelledby="loaded-rules-title">
        <h2 id="loaded-rules-title">Rules</h2>
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
        <ErrorMessage error={departments.error} />
        {shown.length > 0 ? (
          <RuleTable
            rules={shown}
            canManage={canManage}
            canTune={canTune}
            departments={departments.data ?? []}
            onChanged={onChanged}
          />
        ) : (
          rules.data !== undefined && (
            <p className="empty-state">{all.length === 0 ? 'No rules are loaded.' : 'No rules match this filter.'}</p>
          )
        )}
      </section>
      {rules.data !== undefined && rules.data.correlations.length > 0 && (
        <section className="panel" aria-labelledby="correlations-title">
          <h2 id="correlations-title">Correlations</h2>
          <CorrelationTable correlations={rules.data.correlations} />
        </section>
      )}
      {rules.data !== undefined && <RefusedRules refused={rules.data.refused} />}
      {canManage && <RuleUploadForm departments={departments.data ?? []} onUploaded={rules.reload} />}
      {can('events.read') ? (
        <RuleTestForm />
      ) : (
        <p className="message message-info">Testing a rule needs permission to read events.</p>
      )}
    </>
  );
}
