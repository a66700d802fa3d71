import { useCallback, useMemo, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { listFindings } from '../../api/vulns.ts';
import type { FindingView } from '../../api/vulns-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { assetPath } from '../city/inventory-display.ts';
import { dueText, firstOf, formatEpss, PRIORITY_CLASSES, STATUS_TITLES } from './finding-display.ts';
import { localToday } from './finding-decision.ts';
import { FindingDecisionPanel } from './FindingDecisionPanel.tsx';
import { FindingFilterForm } from './FindingFilterForm.tsx';
import {
  type FindingFilter,
  findingCriteria,
  findingFilterParams,
  matchesFindingFilter,
  readFindingFilter,
} from './finding-filters.ts';
import { VulnsHeader } from './VulnsNav.tsx';

/** Services named in a row; the rest are counted, and all are in the tooltip and the detail panel. */
const SERVICES_SHOWN = 3;

function columns(today: string, onOpen: (finding: FindingView) => void): readonly Column<FindingView>[] {
  return [
    { header: 'Priority', cell: (f) => <span className={PRIORITY_CLASSES[f.priority]}>{f.priority}</span> },
    { header: 'Asset', cell: (f) => <Link to={assetPath(f.asset)}>{f.asset}</Link>, className: 'mono nowrap' },
    {
      header: 'CVE',
      cell: (f) => (
        <button type="button" className="button-link finding-open" onClick={() => onOpen(f)}>
          {f.cve}
        </button>
      ),
      className: 'nowrap',
    },
    {
      header: 'CVSS',
      cell: (f) =>
        f.cvss === null ? (
          <span className="muted">—</span>
        ) : (
          <span title={f.cvss_vector ?? undefined}>
            {f.cvss.toFixed(1)} <span className="muted">{f.severity?.toLowerCase()}</span>
          </span>
        ),
      className: 'numeric nowrap',
    },
    { header: 'EPSS', cell: (f) => formatEpss(f.epss), className: 'numeric' },
    {
      header: 'KEV due',
      cell: (f) =>
        f.kev ? <span className="badge badge-bad">{f.kev_due ?? 'KEV'}</span> : <span className="muted">—</span>,
      className: 'nowrap',
    },
    { header: 'SSVC', cell: (f) => f.ssvc },
    {
      header: 'Due',
      cell: (f) => {
        if (f.status !== 'open') return <span className="muted">{STATUS_TITLES[f.status]}</span>;
        const due = dueText(f.due, today);
        return (
          <span className={due.urgent ? 'text-bad' : undefined} title={f.due}>
            {due.text}
          </span>
        );
      },
      className: 'nowrap',
    },
    {
      header: 'Services',
      cell: (f) => {
        if (f.services.length === 0) return <span className="muted">—</span>;
        const { items, more } = firstOf(f.services, SERVICES_SHOWN);
        return (
          <span title={f.services.join(', ')}>
            {items.join(', ')}
            {more > 0 && <span className="muted"> +{more} more</span>}
          </span>
        );
      },
      className: 'finding-services',
    },
    {
      header: 'Reason',
      cell: (f) => (
        <span className="finding-reason" title={f.reason}>
          {f.reason}
        </span>
      ),
      className: 'finding-reason-cell',
    },
  ];
}

/** /vulnerabilities/findings: the remediation queue, highest priority first, with the lifecycle decisions. */
export function FindingsPage() {
  const [params, setParams] = useSearchParams();
  const filter = readFindingFilter(params);
  const { can } = useSession();
  const canDecide = can('inventory.manage');
  const [selected, setSelected] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  // Due dates are read against the day the page opened.
  const [today] = useState(() => localToday(new Date()));
  const { status, department } = findingCriteria(filter);
  const load = useCallback(() => listFindings({ status, department }), [status, department]);
  const findings = useApiData(load);
  const shown = useMemo(
    () => (findings.data ?? []).filter((finding) => matchesFindingFilter(finding, filter, today)),
    [findings.data, filter, today],
  );
  const current = findings.data?.find((finding) => finding.id === selected);

  const onChange = (next: FindingFilter): void => setParams(findingFilterParams(next), { replace: true });
  const onDecided = (finding: FindingView): void => {
    setNotice(`${finding.cve} on ${finding.asset}: ${STATUS_TITLES[finding.status].toLowerCase()}.`);
    findings.reload();
  };

  return (
    <>
      <VulnsHeader title="Findings" />
      <FindingFilterForm filter={filter} onChange={onChange} />
      <ErrorMessage error={findings.error} />
      {notice !== null && (
        <p className="message message-good" role="status" data-testid="finding-notice">
          {notice}
        </p>
      )}
      {current !== undefined && (
        <FindingDecisionPanel
          key={`${current.id}:${current.status}`}
          finding={current}
          today={today}
          canDecide={canDecide}
          onDecided={onDecided}
          onClose={() => setSelected(null)}
        />
      )}
      <div className="toolbar">
        <span aria-live="polite" data-testid="finding-count">
          {findings.data === undefined
            ? findings.loading
              ? 'Loading…'
              : ''
            : `${shown.length.toLocaleString()} of ${findings.data.length.toLocaleString()} findings`}
        </span>
      </div>
      {shown.length > 0 ? (
        <DataTable
          label="Findings"
          columns={columns(today, (finding) => setSelected(finding.id))}
          rows={shown}
          rowKey={(finding) => finding.id}
          rowTestId="finding-row"
          rowClassName={(finding) => (finding.id === selected ? 'row-selected' : undefined)}
          busy={findings.loading}
        />
      ) : (
        findings.data !== undefined && <p className="empty-state">No findings match these filters.</p>
      )}
    </>
  );
}
