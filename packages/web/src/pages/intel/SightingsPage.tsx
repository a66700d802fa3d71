import { listSightings, SIGHTINGS_STIX_PATH } from '../../api/intel.ts';
import type { Sighting } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { formatDateTime } from '../../format.ts';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useDepartmentName } from '../../hooks/use-department-name.ts';
import { useLive } from '../../hooks/use-live.ts';
import { IntelHeader } from './IntelNav.tsx';

/** The most a sightings page asks for; the STIX download has them all. */
const LIMIT = 500;
const REFRESH_MS = 30_000;

const loadSightings = (): Promise<Sighting[]> => listSightings(LIMIT);

/** /intelligence/sightings: indicators seen in the city's telemetry, most recently seen first. */
export function SightingsPage() {
  const sightings = useApiData(loadSightings, REFRESH_MS);
  // A sighting comes with an alert from the indicator matcher.
  useLive(['alerts'], sightings.reload);
  const departmentName = useDepartmentName();

  const columns: readonly Column<Sighting>[] = [
    { header: 'Last seen', cell: (s) => formatDateTime(s.last_seen), className: 'nowrap' },
    { header: 'Value', cell: (s) => <code className="break-anywhere">{s.value}</code> },
    {
      header: 'Indicator',
      cell: (s) => (
        <>
          <div className="indicator-name">{s.indicator_name ?? <span className="muted">(no name)</span>}</div>
          <code className="indicator-pattern break-anywhere">{s.pattern}</code>
        </>
      ),
      className: 'alert-title',
    },
    { header: 'Confidence', cell: (s) => String(s.confidence), className: 'numeric' },
    { header: 'Source', cell: (s) => <span className="mono">{s.source_id}</span> },
    {
      header: 'Department',
      cell: (s) =>
        s.department_id === null ? <span className="muted">City-wide</span> : departmentName(s.department_id),
    },
    { header: 'Times', cell: (s) => s.count.toLocaleString(), className: 'numeric' },
    { header: 'First seen', cell: (s) => formatDateTime(s.first_seen), className: 'nowrap' },
    { header: 'Last event', cell: (s) => <span className="mono break-anywhere">{s.last_event_id}</span> },
  ];

  return (
    <>
      <IntelHeader title="Sightings" />
      <div className="toolbar">
        <span aria-live="polite" data-testid="sighting-count">
          {sightings.data === undefined
            ? sightings.loading
              ? 'Loading…'
              : ''
            : `${sightings.data.length.toLocaleString()} sighting(s)${sightings.data.length === LIMIT ? ', the newest shown' : ''}`}
        </span>
        <a href={SIGHTINGS_STIX_PATH} download="citysoc-sightings.json" data-testid="sightings-stix">
          Download as STIX
        </a>
      </div>
      <ErrorMessage error={sightings.error} />
      {sightings.data !== undefined &&
        (sightings.data.length === 0 ? (
          <p className="empty-state">No indicator has been seen in your departments&apos; telemetry.</p>
        ) : (
          <DataTable
            label="Sightings"
            columns={columns}
            rows={sightings.data}
            rowKey={(s) => s.id}
            rowTestId="sighting-row"
            busy={sightings.loading}
          />
        ))}
    </>
  );
}
