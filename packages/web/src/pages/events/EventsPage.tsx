import { useCallback, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { fetchEventHistogram } from '../../api/endpoints.ts';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { appendFilter } from './event-fields.ts';
import { EventHistogramChart } from './EventHistogramChart.tsx';
import { EventResultsTable } from './EventResultsTable.tsx';
import { EventSearchForm } from './EventSearchForm.tsx';
import { QUERY_PARAM, RANGE_PARAM } from './event-search-path.ts';
import { ALL_TIME_FROM, timeRangeById } from './time-ranges.ts';
import { useEventSearch } from './use-event-search.ts';

/** /events: search the stored events, see them over time, and open one to read every field. */
export function EventsPage() {
  const [params, setParams] = useSearchParams();
  const query = params.get(QUERY_PARAM) ?? '';
  const range = timeRangeById(params.get(RANGE_PARAM));
  const [version, setVersion] = useState(0);
  const [openId, setOpenId] = useState<string | null>(null);
  const departmentName = useDepartmentName();

  const search = useEventSearch(range.from === null ? { query } : { query, from: range.from }, version);
  const histogramFrom = range.from ?? ALL_TIME_FROM;
  const { spanMs } = range;
  const loadHistogram = useCallback(
    () =>
      fetchEventHistogram({ query, from: histogramFrom }).then((histogram) => {
        const nowMs = Date.now();
        return {
          histogram,
          nowMs,
          startMs: spanMs === null ? null : nowMs - spanMs,
          // Kept with the answer: while a new search loads, the previous chart must not pass for its total.
          criteria: { query, from: histogramFrom },
        };
      }),
    [query, histogramFrom, spanMs],
  );
  const histogram = useApiData(loadHistogram);

  const showSearch = (nextQuery: string, rangeId: string): void => {
    const next = new URLSearchParams();
    if (nextQuery !== '') next.set(QUERY_PARAM, nextQuery);
    next.set(RANGE_PARAM, rangeId);
    if (nextQuery === query && rangeId === range.id) {
      // The same search again: the criteria do not change, so ask for fresh results explicitly.
      setVersion((v) => v + 1);
      histogram.reload();
    }
    if (next.toString() !== params.toString()) setParams(next);
  };

  const onFilter = (field: string, value: string): void => {
    setOpenId(null);
    showSearch(appendFilter(query, field, value), range.id);
  };

  // A query the server cannot read is the user's to fix, so its message goes under the query box.
  const queryError = search.error?.code === 'invalid_input' ? search.error : undefined;
  const otherError = queryError === undefined ? search.error : undefined;
  const chart = histogram.data;
  const chartIsCurrent = chart !== undefined && chart.criteria.query === query && chart.criteria.from === histogramFrom;
  const total = chartIsCurrent ? chart.histogram.buckets.reduce((sum, bucket) => sum + bucket.count, 0) : undefined;
  const shown = search.events.length;

  return (
    <>
      <div className="page-header">
        <h1>Events</h1>
        <Link to="/events/rejections" className="page-meta">
          Rejected input
        </Link>
      </div>
      <EventSearchForm
        // Re-created when the address changes (back button, "Filter for value"), so the box shows the search.
        key={params.toString()}
        query={query}
        rangeId={range.id}
        queryError={queryError}
        onSearch={showSearch}
      />
      <ErrorMessage error={otherError} />
      {search.error === undefined && <ErrorMessage error={histogram.error} />}
      {chart !== undefined && search.error === undefined && (
        <EventHistogramChart histogram={chart.histogram} startMs={chart.startMs} nowMs={chart.nowMs} />
      )}
      {search.error === undefined && (
        <div className="toolbar">
          <span aria-live="polite" data-testid="event-count">
            {search.loading && shown === 0
              ? 'Searching…'
              : `${shown.toLocaleString()} ${shown === 1 ? 'event' : 'events'} shown` +
                (total === undefined ? '' : ` of ${Math.max(total, shown).toLocaleString()} matching`)}
          </span>
          {search.tookMs !== undefined && (
            <span className="muted" data-testid="event-took">
              search took {search.tookMs.toLocaleString()} ms
            </span>
          )}
          {search.loading && shown > 0 && <span className="muted">Searching…</span>}
        </div>
      )}
      {search.events.length === 0 ? (
        !search.loading &&
        search.error === undefined && (
          <p className="empty-state">No events match this search in the selected time range.</p>
        )
      ) : (
        <EventResultsTable
          events={search.events}
          openId={openId}
          onToggle={(id) => setOpenId((current) => (current === id ? null : id))}
          departmentName={departmentName}
          onFilter={onFilter}
          busy={search.loading}
        />
      )}
      {search.hasMore && (
        <div className="toolbar">
          <button type="button" onClick={search.loadMore} disabled={search.loading}>
            Load more
          </button>
        </div>
      )}
    </>
  );
}
