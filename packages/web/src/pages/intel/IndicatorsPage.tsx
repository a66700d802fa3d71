import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { fetchIntelSummary, listIndicators } from '../../api/intel.ts';
import type { Indicator } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { FormField } from '../../components/FormField.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IntelHeader } from './IntelNav.tsx';
import {
  INDICATOR_PAGE_SIZE,
  type IndicatorFilter,
  indicatorFilterParams,
  indicatorQuery,
  type MatchableChoice,
  matchesIndicatorText,
  parseMatchable,
  readIndicatorFilter,
} from './indicator-filters.ts';
import { indicatorValidity, tlpClass } from './intel-display.ts';

const dateOnly = (iso: string): string => formatDateTime(iso);

function columns(nowMs: number): readonly Column<Indicator>[] {
  return [
    {
      header: 'Indicator',
      cell: (indicator) => (
        <>
          <div className="indicator-name">{indicator.name ?? <span className="muted">(no name)</span>}</div>
          <code className="indicator-pattern break-anywhere">{indicator.pattern}</code>
          {indicator.labels.length > 0 && (
            <div className="chips">
              {indicator.labels.map((label) => (
                <span key={label} className="chip">
                  {label}
                </span>
              ))}
            </div>
          )}
        </>
      ),
      className: 'alert-title',
    },
    { header: 'Source', cell: (indicator) => <span className="mono">{indicator.source_id}</span> },
    { header: 'Confidence', cell: (indicator) => String(indicator.confidence), className: 'numeric' },
    {
      header: 'TLP',
      cell: (indicator) =>
        indicator.tlp === null ? (
          <span className="muted">—</span>
        ) : (
          <span className={tlpClass(indicator.tlp)}>{indicator.tlp}</span>
        ),
    },
    {
      header: 'Validity',
      cell: (indicator) => {
        const validity = indicatorValidity(indicator, nowMs, dateOnly);
        return <span className={`validity validity-${validity.state}`}>{validity.text}</span>;
      },
    },
    {
      header: 'Not matchable',
      cell: (indicator) => indicator.not_matchable ?? <span className="muted">—</span>,
      className: 'wrap',
    },
    {
      header: 'Suppressed by',
      cell: (indicator) => indicator.suppressed_by ?? <span className="muted">—</span>,
    },
  ];
}

/** One page of indicators from the server, refetched when the source, matchability or page changes. */
function useIndicatorPage(source: string, matchable: MatchableChoice, page: number) {
  const load = useCallback(
    () => listIndicators(indicatorQuery({ source, matchable, page, text: '' })),
    [source, matchable, page],
  );
  return useApiData(load);
}

/** /intelligence/indicators: every indicator, by source and matchability, newest update first. */
export function IndicatorsPage() {
  const [params, setParams] = useSearchParams();
  const filter = readIndicatorFilter(params);
  const indicators = useIndicatorPage(filter.source, filter.matchable, filter.page);
  const summary = useApiData(fetchIntelSummary);
  const rows = (indicators.data ?? []).filter((indicator) => matchesIndicatorText(indicator, filter.text));
  // Validity is judged as of when the page opened, like the rows it shows.
  const [nowMs] = useState(() => Date.now());

  const change = (next: Partial<IndicatorFilter>): void => {
    // A new filter starts at the first page; turning the page keeps the filter.
    setParams(indicatorFilterParams({ ...filter, page: 0, ...next }), { replace: true });
  };
  const full = indicators.data !== undefined && indicators.data.length === INDICATOR_PAGE_SIZE;

  return (
    <>
      <IntelHeader title="Indicators" />
      <form className="search-form" role="search" aria-label="Filter indicators" onSubmit={(e) => e.preventDefault()}>
        <FormField id="indicator-source" label="Source">
          <select
            id="indicator-source"
            value={filter.source}
            onChange={(event) => change({ source: event.target.value })}
          >
            <option value="">All</option>
            {(summary.data?.sources ?? []).map((source) => (
              <option key={source.id} value={source.id}>
                {source.id}
              </option>
            ))}
          </select>
        </FormField>
        <FormField id="indicator-matchable" label="Matchable">
          <select
            id="indicator-matchable"
            value={filter.matchable}
            onChange={(event) => change({ matchable: parseMatchable(event.target.value) })}
          >
            <option value="all">All</option>
            <option value="true">Matchable</option>
            <option value="false">Not matchable</option>
          </select>
        </FormField>
        <FormField id="indicator-text" label="Name, pattern or label">
          <input
            id="indicator-text"
            type="search"
            autoComplete="off"
            spellCheck={false}
            value={filter.text}
            onChange={(event) => change({ text: event.target.value, page: filter.page })}
          />
        </FormField>
      </form>
      <ErrorMessage error={indicators.error} />
      <div className="toolbar">
        <span aria-live="polite" data-testid="indicator-count">
          {indicators.data === undefined
            ? indicators.loading
              ? 'Loading…'
              : ''
            : `${rows.length.toLocaleString()} shown, page ${filter.page + 1}`}
        </span>
        <button
          type="button"
          className="button-small"
          disabled={filter.page === 0}
          onClick={() => change({ page: filter.page - 1 })}
        >
          Previous page
        </button>
        <button
          type="button"
          className="button-small"
          disabled={!full}
          onClick={() => change({ page: filter.page + 1 })}
        >
          Next page
        </button>
      </div>
      {rows.length > 0 ? (
        <DataTable
          label="Indicators"
          columns={columns(nowMs)}
          rows={rows}
          rowKey={(indicator) => indicator.id}
          rowTestId="indicator-row"
          busy={indicators.loading}
        />
      ) : (
        indicators.data !== undefined && <p className="empty-state">No indicators match these filters.</p>
      )}
    </>
  );
}
