import type { RuleRejectionInfo } from '@citysoc/core';
import { RuleRefusalTable } from './RuleRefusalTable.tsx';

/** The rule files the server refused at load, collapsed by default: they matter to whoever maintains rules. */
export function RefusedRules({ refused }: { refused: readonly RuleRejectionInfo[] }) {
  return (
    <details className="panel refused-rules" data-testid="refused-rules">
      <summary>
        Refused rules <span className="badge">{refused.length.toLocaleString()}</span>
      </summary>
      {refused.length === 0 ? (
        <p className="empty-state">Every rule file was loaded.</p>
      ) : (
        <RuleRefusalTable refused={refused} label="Refused rules" />
      )}
    </details>
  );
}
