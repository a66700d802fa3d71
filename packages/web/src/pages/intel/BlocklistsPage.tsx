import { listBlocklists } from '../../api/intel.ts';
import type { BlocklistSkip, PublishedBlocklist } from '../../api/intel-schemas.ts';
import { type Column, DataTable } from '../../components/DataTable.tsx';
import { ErrorMessage } from '../../components/ErrorMessage.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { IntelHeader } from './IntelNav.tsx';

/** The address a firewall, DNS resolver or proxy is configured with: absolute, since it runs elsewhere. */
function absoluteUrl(path: string): string {
  return new URL(path, window.location.origin).toString();
}

const COLUMNS: readonly Column<PublishedBlocklist>[] = [
  { header: 'Blocklist', cell: (list) => <strong className="mono">{list.name}</strong> },
  {
    header: 'Holds',
    cell: (list) =>
      list.kinds.length === 0 ? (
        <span className="muted">—</span>
      ) : (
        list.kinds.map((kind) => kind.replaceAll('_', ' ')).join(', ')
      ),
  },
  {
    header: 'Confidence at least',
    cell: (list) =>
      list.min_confidence === null ? (
        <span className="muted">Not published at this level</span>
      ) : (
        String(list.min_confidence)
      ),
    className: 'numeric',
  },
  { header: 'Entries', cell: (list) => list.entries.toLocaleString(), className: 'numeric' },
  {
    header: 'Fetched from',
    cell: (list) => (
      <a className="mono break-anywhere" href={list.url}>
        {absoluteUrl(list.url)}
      </a>
    ),
  },
];

const SKIP_COLUMNS: readonly Column<BlocklistSkip & { list: string }>[] = [
  { header: 'List', cell: (skip) => <span className="mono">{skip.list}</span> },
  { header: 'Value', cell: (skip) => <code className="break-anywhere">{skip.value}</code> },
  { header: 'Kept off because', cell: (skip) => skip.reason },
  { header: 'From', cell: (skip) => <span className="mono break-anywhere">{skip.indicatorId}</span> },
];

/**
 * /intelligence/blocklists: the lists the stance policies publish for enforcement points. Which lists are in force
 * and how confident an indicator must be to be on them change with the level; a list out of force is served
 * empty, so enforcement points unblock when the stance lowers.
 */
export function BlocklistsPage() {
  const lists = useApiData(listBlocklists);
  const skipped = (lists.data ?? []).flatMap((list) => list.skipped.map((skip) => ({ ...skip, list: list.name })));
  return (
    <>
      <IntelHeader title="Blocklists" />
      <p className="muted">
        Firewalls, DNS resolvers and proxies fetch these addresses with an API token of scope <code>blocklist</code>.
        The stance decides which lists are in force and how confident an indicator must be to be on them.
      </p>
      <ErrorMessage error={lists.error} />
      {lists.data !== undefined &&
        (lists.data.length === 0 ? (
          <p className="empty-state">No stance policy names a blocklist.</p>
        ) : (
          <DataTable
            label="Blocklists"
            columns={COLUMNS}
            rows={lists.data}
            rowKey={(list) => list.name}
            rowTestId="blocklist-row"
          />
        ))}
      {skipped.length > 0 && (
        <section className="panel" aria-labelledby="blocklist-skipped-title">
          <h2 id="blocklist-skipped-title">Kept off the lists</h2>
          <DataTable
            label="Values kept off the blocklists"
            columns={SKIP_COLUMNS}
            rows={skipped}
            rowKey={(skip, index) => `${skip.list}:${skip.value}:${index}`}
          />
        </section>
      )}
    </>
  );
}
