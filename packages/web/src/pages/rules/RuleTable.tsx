import type { RuleSummary } from '@citysoc/core';
import { LevelBadge } from '../alerts/AlertBadges.tsx';
import { describeLogsource } from './rule-display.ts';

/** The loaded rules. Every value comes from a rule file and is rendered as text. */
export function RuleTable({ rules }: { rules: readonly RuleSummary[] }) {
  return (
    <table className="table" aria-label="Detection rules">
      <thead>
        <tr>
          <th scope="col">Title</th>
          <th scope="col">Level</th>
          <th scope="col">Log source</th>
          <th scope="col">Status</th>
          <th scope="col">Author</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((rule, index) => (
          // Ids should be unique among loaded rules, but the position keeps keys unique if one repeats.
          <tr key={`${index}:${rule.id}`} data-testid="rule-row" data-rule-id={rule.id}>
            <td className="alert-title">
              {rule.title}
              <div className="muted mono break-anywhere">{rule.id}</div>
            </td>
            <td>
              <LevelBadge level={rule.level} />
            </td>
            <td className="mono">{describeLogsource(rule.logsource)}</td>
            <td>{rule.status ?? '—'}</td>
            <td>{rule.author ?? '—'}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
