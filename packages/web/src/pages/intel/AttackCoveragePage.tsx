import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fetchAttackCoverage } from '../../api/intel.ts';
import { AttackDomain } from '../../api/intel-schemas.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IntelHeader } from './IntelNav.tsx';
import {
  type CoverageTier,
  coverageSummary,
  layoutMatrix,
  type MatrixCell,
  techniqueLink,
  TIER_LABELS,
} from './attack-matrix.ts';

const DOMAIN_TITLES: Readonly<Record<AttackDomain, string>> = { enterprise: 'Enterprise', ics: 'ICS' };
const BUNDLES: Readonly<Record<AttackDomain, string>> = {
  enterprise: 'enterprise-attack.json',
  ics: 'ics-attack.json',
};
const TIERS: readonly CoverageTier[] = [0, 1, 2, 3];

function cellTitle(cell: MatrixCell): string {
  const rules = cell.rules.length === 0 ? 'No enabled rule' : `Rules: ${cell.rules.join(', ')}`;
  return `${cell.id} ${cell.name}\n${rules}\nAlerts in 30 days: ${cell.alerts_30d.toLocaleString()}`;
}

function TechniqueCell({ cell }: { cell: MatrixCell }) {
  const link = techniqueLink(cell.url);
  return (
    <li
      className={`attack-cell attack-tier-${cell.tier}`}
      title={cellTitle(cell)}
      data-testid="attack-technique"
      data-technique={cell.id}
    >
      {link === null ? (
        <span className="attack-cell-name">{cell.name}</span>
      ) : (
        <a className="attack-cell-name" href={link} target="_blank" rel="noreferrer">
          {cell.name}
        </a>
      )}
      <span className="attack-cell-meta">
        <span className="mono">{cell.id}</span>
        <span data-testid="attack-rules">{cell.rules.length === 1 ? '1 rule' : `${cell.rules.length} rules`}</span>
        {cell.alerts_30d > 0 && <span className="attack-alerts">{cell.alerts_30d.toLocaleString()} alerts</span>}
      </span>
    </li>
  );
}

/**
 * /intelligence/attack: which ATT&CK techniques the enabled detection rules cover, tactic by tactic, with the
 * alerts each raised in 30 days. Gaps at the top of a column are where an attacker goes unseen.
 */
export function AttackCoveragePage() {
  const [params, setParams] = useSearchParams();
  const parsed = AttackDomain.safeParse(params.get('domain'));
  const domain: AttackDomain = parsed.success ? parsed.data : 'enterprise';
  const [onlyCovered, setOnlyCovered] = useState(false);
  const load = useCallback(() => fetchAttackCoverage(domain), [domain]);
  const coverage = useApiData(load);
  const { data } = coverage;
  const current = data?.domain === domain ? data : undefined;
  const columns = current === undefined ? [] : layoutMatrix(current, onlyCovered);

  return (
    <>
      <IntelHeader title="ATT&CK coverage" />
      <div className="toolbar">
        <div className="segmented" role="group" aria-label="ATT&CK domain">
          {AttackDomain.options.map((option) => (
            <button
              key={option}
              type="button"
              className={option === domain ? 'segment segment-active' : 'segment'}
              aria-pressed={option === domain}
              onClick={() => setParams(option === 'enterprise' ? {} : { domain: option }, { replace: true })}
            >
              {DOMAIN_TITLES[option]}
            </button>
          ))}
        </div>
        <label className="checkbox">
          <input type="checkbox" checked={onlyCovered} onChange={(event) => setOnlyCovered(event.target.checked)} />
          Only covered techniques
        </label>
        {current !== undefined && current.imported && (
          <span data-testid="attack-summary" aria-live="polite">
            {coverageSummary(current)} covered by enabled rules
          </span>
        )}
      </div>
      <ErrorMessage error={coverage.error} />
      {current === undefined ? (
        coverage.loading && <p className="empty-state">Loading…</p>
      ) : !current.imported ? (
        <p className="message message-info" data-testid="attack-not-imported">
          ATT&amp;CK for {DOMAIN_TITLES[domain]} has not been imported yet. Import MITRE&apos;s bundle (
          <code>{BUNDLES[domain]}</code>) with <code>citysoc intel import &lt;file&gt;</code>, then reload this page.
        </p>
      ) : (
        <>
          <ul className="legend" aria-label="Colours">
            {TIERS.map((tier) => (
              <li key={tier}>
                <span className={`legend-swatch attack-tier-${tier}`} aria-hidden="true" />
                {TIER_LABELS[tier]}
              </li>
            ))}
          </ul>
          <div className="attack-matrix" data-testid="attack-matrix">
            {columns.map((column) => (
              <section key={column.tactic.id} className="attack-column" aria-labelledby={`tactic-${column.tactic.id}`}>
                <h3 id={`tactic-${column.tactic.id}`} className="attack-tactic">
                  {column.tactic.name}
                  <span className="muted">
                    {column.covered} / {column.total}
                  </span>
                </h3>
                <ul className="attack-cells">
                  {column.cells.map((cell) => (
                    <TechniqueCell key={cell.id} cell={cell} />
                  ))}
                </ul>
              </section>
            ))}
          </div>
        </>
      )}
    </>
  );
}
