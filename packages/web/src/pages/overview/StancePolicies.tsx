import type { EffectiveStancePolicy } from '@citysoc/core';
import { policyLines } from './stance-display.ts';

/** What the level changes across the product, from the policies in force (content/stance/*.yml). */
export function StancePolicies({ policy }: { policy: EffectiveStancePolicy }) {
  return (
    <div data-testid="stance-policies">
      <h3>In force at this level</h3>
      <dl className="detail-list stance-policies">
        {policyLines(policy).map((line) => (
          <div className="detail-item" key={line.label}>
            <dt>{line.label}</dt>
            <dd className={line.changed ? 'stance-policy-changed' : undefined}>{line.value}</dd>
          </div>
        ))}
      </dl>
      {policy.policies.length > 0 && (
        <p className="muted">Policies: {policy.policies.map((p) => `${p.title} (level ${p.level})`).join(', ')}</p>
      )}
    </div>
  );
}
