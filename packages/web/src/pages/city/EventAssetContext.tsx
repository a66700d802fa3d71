import { useMemo } from 'react';
import { Link } from 'react-router';
import { listServices } from '../../api/city.ts';
import { DetailItem } from '../../components/DetailItem.tsx';
import { useApiData } from '../../hooks/use-api-data.ts';
import { useSession } from '../../session/session-context.ts';
import type { EventCityContext } from '../events/event-fields.ts';
import { assetPath, graphNodePath } from './inventory-display.ts';

/**
 * Where an event (or an alert's event) sits in the city: the asset it came from, linked to its page, and the
 * services that asset supports, linked to the dependency graph. Renders nothing for an event of no asset.
 */
export function EventAssetContext({ assetId, serviceIds }: EventCityContext) {
  const { can } = useSession();
  const readable = can('inventory.read') && assetId !== null;
  // Names rather than ids when the services can be read; ids stay meaningful when they cannot.
  const services = useApiData(readable && serviceIds.length > 0 ? listServices : null);
  const names = useMemo(() => new Map((services.data ?? []).map((s) => [s.id, s.name])), [services.data]);
  if (assetId === null) return null;
  return (
    <dl className="detail-list event-city" aria-label="City context" data-testid="event-city-context">
      <DetailItem label="Asset">
        {readable ? <Link to={assetPath(assetId)}>{assetId}</Link> : <code>{assetId}</code>}
      </DetailItem>
      <DetailItem label="Supports">
        {serviceIds.length === 0 ? (
          <span className="muted">No service</span>
        ) : (
          <ul className="chips">
            {serviceIds.map((id) => (
              <li key={id} className="chip">
                {readable ? <Link to={graphNodePath('service', id)}>{names.get(id) ?? id}</Link> : id}
              </li>
            ))}
          </ul>
        )}
      </DetailItem>
    </dl>
  );
}
