import { inventoryExportPath } from '../../api/city.ts';
import { useSession } from '../../session/session-context.ts';
import { CityHeader } from './CityNav.tsx';
import { ImportPanel } from './ImportPanel.tsx';

/**
 * /city/import: the inventory as a file. Everyone who reads the inventory may download their part of it;
 * those who manage it may import a file, the same format the `citysoc inventory` commands read and write.
 */
export function ImportExportPage() {
  const { can } = useSession();
  return (
    <>
      <CityHeader title="Import and export" />
      <section className="panel" aria-labelledby="export-title">
        <h2 id="export-title">Export</h2>
        <p>The services and assets of your departments in the import format, ready to edit and import again.</p>
        <p className="section-links">
          <a href={inventoryExportPath('yaml')} download="inventory.yaml">
            Download YAML
          </a>
          <a href={inventoryExportPath('json')} download="inventory.json">
            Download JSON
          </a>
        </p>
      </section>
      {can('inventory.manage') ? (
        <ImportPanel />
      ) : (
        <p className="message message-info">Importing an inventory needs permission to manage it.</p>
      )}
    </>
  );
}
