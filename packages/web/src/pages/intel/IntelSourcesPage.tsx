import { fetchIntelSummary } from '../../api/intel.ts';
import type { IntelSource } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { StatCard } from '../../components/StatCard.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import { IntelHeader } from './IntelNav.tsx';
import { IntelImportPanel } from './IntelImportPanel.tsx';
import { TaxiiFeedsPanel } from './TaxiiFeedsPanel.tsx';

const SOURCE_COLUMNS: readonly Column<IntelSource>[] = [
  { header: 'Source', cell: (source) => <span className="mono">{source.id}</span> },
  { header: 'Kind', cell: (source) => source.kind },
  { header: 'Description', cell: (source) => source.description || <span className="muted">—</span> },
];

/** /intelligence: what the city knows and where it comes from; feeds and imports for intel.manage. */
export function IntelSourcesPage() {
  const summary = useApiData(fetchIntelSummary);
  const { can } = useSession();
  const { data } = summary;
  const objectTypes = Object.entries(data?.objects ?? {}).sort(([, a], [, b]) => b - a);
  const objectTotal = objectTypes.reduce((sum, [, count]) => sum + count, 0);

  return (
    <>
      <IntelHeader title="Intelligence" />
      <ErrorMessage error={summary.error} />
      {data !== undefined && (
        <>
          <div className="stat-grid">
            <StatCard
              label="Indicators"
              value={data.indicators.total.toLocaleString()}
              to="/intelligence/indicators"
              testId="stat-indicators"
            />
            <StatCard
              label="Matchable"
              value={data.indicators.matchable.toLocaleString()}
              detail="Patterns the matcher can apply to single events"
              testId="stat-indicators-matchable"
            />
            <StatCard
              label="Suppressed"
              value={data.indicators.suppressed.toLocaleString()}
              detail="Known-benign values (warninglists)"
              testId="stat-indicators-suppressed"
            />
            <StatCard label="STIX objects" value={objectTotal.toLocaleString()} testId="stat-objects" />
            <StatCard label="Sources" value={data.sources.length.toLocaleString()} testId="stat-sources" />
          </div>
          <div className="intel-columns">
            <section className="panel" aria-labelledby="intel-sources-title">
              <h2 id="intel-sources-title">Sources</h2>
              {data.sources.length === 0 ? (
                <p className="empty-state">Nothing imported yet.</p>
              ) : (
                <DataTable
                  label="Sources"
                  columns={SOURCE_COLUMNS}
                  rows={data.sources}
                  rowKey={(source) => source.id}
                  rowTestId="intel-source-row"
                />
              )}
            </section>
            <section className="panel" aria-labelledby="intel-objects-title">
              <h2 id="intel-objects-title">Objects by type</h2>
              {objectTypes.length === 0 ? (
                <p className="empty-state">No STIX objects stored.</p>
              ) : (
                <table className="table" aria-label="Objects by type">
                  <tbody>
                    {objectTypes.map(([type, count]) => (
                      <tr key={type} data-testid="intel-object-type">
                        <td className="mono">{type}</td>
                        <td className="numeric">{count.toLocaleString()}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
          </div>
        </>
      )}
      <TaxiiFeedsPanel onChanged={summary.reload} />
      {can('intel.manage') && <IntelImportPanel onImported={summary.reload} />}
    </>
  );
}
