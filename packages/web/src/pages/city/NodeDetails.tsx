import { Link } from 'react-router';
import { DetailItem } from '../../components/DetailItem.tsx';
import { formatDateTime } from '../../format.ts';
import { AssetStatusBadge } from './AssetStatusBadge.tsx';
import type { CityEdge, NodeKey, NodeState } from './city-model.ts';
import type { DrawnNode } from './graph-fleets.ts';
import { StateBadge } from './StateBadge.tsx';
import type { CityData } from './use-city-data.ts';

interface NodeDetailsProps {
  readonly node: DrawnNode;
  readonly city: CityData;
  /** The states the graph shows (now, or the what-if), so the lists agree with the picture. */
  readonly states: ReadonlyMap<NodeKey, NodeState>;
  readonly departmentName: (id: string) => string;
  readonly onSelect: (key: NodeKey) => void;
  readonly onAddToWhatIf: (assetIds: readonly string[]) => void;
  readonly onClose: () => void;
}

/** The nodes at the other end of some edges, each a button that selects it, with its state and group. */
function LinkedNodes({
  edges,
  end,
  city,
  states,
  onSelect,
  empty,
}: {
  edges: readonly CityEdge[];
  end: 'from' | 'to';
  city: CityData;
  states: ReadonlyMap<NodeKey, NodeState>;
  onSelect: (key: NodeKey) => void;
  empty: string;
}) {
  if (edges.length === 0) return <span className="muted">{empty}</span>;
  return (
    <ul className="plain-list linked-nodes">
      {edges.map((edge) => {
        const key = edge[end];
        const other = city.model.nodes.get(key);
        const notes = [edge.label, edge.soft ? 'soft' : null].filter((note) => note !== null).join(', ');
        return (
          <li key={edge.key}>
            <button type="button" className="button-link" onClick={() => onSelect(key)}>
              {other?.name ?? key}
            </button>{' '}
            <StateBadge state={states.get(key) ?? 'ok'} />
            {notes !== '' && <span className="muted"> ({notes})</span>}
          </li>
        );
      })}
    </ul>
  );
}

function FleetDetails({ node, city, onSelect, onAddToWhatIf }: NodeDetailsProps) {
  return (
    <>
      <p className="muted">
        {node.members.length.toLocaleString()} interchangeable assets: same type, department, state and dependencies.
        Select one to see it on its own.
      </p>
      <ul className="plain-list fleet-members">
        {node.members.map((key) => (
          <li key={key}>
            <button type="button" className="button-link" onClick={() => onSelect(key)}>
              {city.model.nodes.get(key)?.name ?? key}
            </button>
          </li>
        ))}
      </ul>
      <div className="form-actions">
        <button
          type="button"
          onClick={() => onAddToWhatIf(node.members.map((key) => city.model.nodes.get(key)?.id ?? key))}
        >
          Add all to the what-if
        </button>
      </div>
    </>
  );
}

function SingleDetails({ node, city, states, departmentName, onSelect, onAddToWhatIf }: NodeDetailsProps) {
  const key = node.members[0] as NodeKey;
  const cityNode = city.model.nodes.get(key);
  const service = node.kind === 'service' ? city.servicesById.get(cityNode?.id ?? '') : undefined;
  const asset = node.kind === 'asset' ? city.assetsById.get(cityNode?.id ?? '') : undefined;
  return (
    <>
      <dl className="detail-list">
        <DetailItem label="Id">
          <code className="break-anywhere">{cityNode?.id}</code>
        </DetailItem>
        <DetailItem label="Department">{departmentName(node.department)}</DetailItem>
        {service !== undefined && (
          <>
            <DetailItem label="Criticality">{service.criticality}</DetailItem>
            <DetailItem label="Residents">{service.population.toLocaleString()}</DetailItem>
          </>
        )}
        {asset !== undefined && (
          <>
            <DetailItem label="Type">{asset.type}</DetailItem>
            <DetailItem label="Zone">{asset.zone}</DetailItem>
            <DetailItem label="Status">
              <AssetStatusBadge status={asset.status} />
              {asset.status_changed_at !== null && (
                <span className="muted"> since {formatDateTime(asset.status_changed_at)}</span>
              )}
            </DetailItem>
          </>
        )}
        <DetailItem label="Needs">
          <LinkedNodes
            edges={city.model.membersOf.get(key) ?? []}
            end="to"
            city={city}
            states={states}
            onSelect={onSelect}
            empty="Nothing"
          />
        </DetailItem>
        <DetailItem label="Needed by">
          <LinkedNodes
            edges={city.model.ownersOf.get(key) ?? []}
            end="from"
            city={city}
            states={states}
            onSelect={onSelect}
            empty="Nothing"
          />
        </DetailItem>
      </dl>
      <div className="form-actions node-actions">
        {asset !== undefined && (
          <>
            <button type="button" onClick={() => onAddToWhatIf([asset.id])}>
              Add to the what-if
            </button>
            <Link to={`/city/assets/${encodeURIComponent(asset.id)}`}>Asset page</Link>
          </>
        )}
        {service !== undefined && <Link to="/city/services">All services</Link>}
      </div>
    </>
  );
}

/** The selected node: what it is, its state, what it needs and what needs it; a fleet lists its assets. */
export function NodeDetails(props: NodeDetailsProps) {
  const { node, onClose } = props;
  return (
    <section className="panel node-details" aria-labelledby="node-details-title" data-testid="node-details">
      <div className="node-details-header">
        <h2 id="node-details-title" className="break-anywhere">
          {node.name}
        </h2>
        <button type="button" className="button-small" onClick={onClose} aria-label="Close details">
          ×
        </button>
      </div>
      <p className="node-details-kind">
        <span className="badge">
          {node.kind === 'service' ? 'Service' : node.members.length > 1 ? 'Fleet' : 'Asset'}
        </span>
        <StateBadge state={node.state} />
        {node.context && <span className="muted"> another department</span>}
      </p>
      {node.members.length > 1 ? <FleetDetails {...props} /> : <SingleDetails {...props} />}
    </section>
  );
}
