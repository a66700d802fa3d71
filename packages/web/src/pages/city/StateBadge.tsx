import { NODE_STATE_LABELS, type NodeState } from './city-model.ts';

/** A service's or asset's state as a coloured badge; the colours match the graph and the map. */
export function StateBadge({ state }: { state: NodeState }) {
  return (
    <span className={`badge state-badge state-${state}`} data-state={state}>
      {NODE_STATE_LABELS[state]}
    </span>
  );
}
