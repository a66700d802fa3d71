import {
  type Asset,
  type DependencyGroup,
  dependencyMembers,
  dependencyNeed,
  type NodeKind,
  type Service,
} from '@citysoc/core';
import type { ImpactAnswer } from '../../api/city-schemas.ts';

/**
 * The city as the dashboard draws it: services and assets as nodes, dependencies as edges from the owner to
 * each member. Pure functions over the API's answers, so they are tested without a browser. Names and ids
 * come from inventory files and discovery (attacker-influenced): they are data here, rendered as text.
 */

/** A node's colour: ok, or what the cascade (now, or a what-if) says about it. */
export type NodeState = 'ok' | 'degraded' | 'down' | 'at_risk';

export const NODE_STATES: readonly NodeState[] = ['ok', 'degraded', 'down', 'at_risk'];

export const NODE_STATE_LABELS: Readonly<Record<NodeState, string>> = {
  ok: 'OK',
  degraded: 'Degraded',
  down: 'Down',
  at_risk: 'At risk',
};

/** `service:water-supply`, `asset:scada-1`: services and assets may share an id, so keys carry the kind. */
export type NodeKey = `${NodeKind}:${string}`;

export function nodeKey(kind: NodeKind, id: string): NodeKey {
  return `${kind}:${id}`;
}

/** The kind and id of a key from the address bar, or null for anything else. */
export function parseNodeKey(text: string | null): { kind: NodeKind; id: string } | null {
  const match = text === null ? null : /^(service|asset):(.+)$/.exec(text);
  if (match === null) return null;
  return { kind: match[1] === 'service' ? 'service' : 'asset', id: match[2] as string };
}

export interface CityNode {
  readonly key: NodeKey;
  readonly kind: NodeKind;
  readonly id: string;
  readonly name: string;
  readonly department: string;
  /** The asset's type, or the service's criticality: the second line of the node's label. */
  readonly subtitle: string;
}

export interface CityEdge {
  readonly key: string;
  /** The owner, which needs the member. */
  readonly from: NodeKey;
  readonly to: NodeKey;
  readonly soft: boolean;
  /** "1 of 2" for a group that needs fewer than all its members; null when all are needed. */
  readonly label: string | null;
}

export interface CityModel {
  readonly nodes: ReadonlyMap<NodeKey, CityNode>;
  readonly edges: readonly CityEdge[];
  /** Edges by owner and by member, for neighbourhoods and the details panel. */
  readonly membersOf: ReadonlyMap<NodeKey, readonly CityEdge[]>;
  readonly ownersOf: ReadonlyMap<NodeKey, readonly CityEdge[]>;
}

function groupLabel(group: DependencyGroup): string | null {
  const count = dependencyMembers(group).length;
  const need = dependencyNeed(group);
  return need < count ? `${need} of ${count}` : null;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Nodes and edges of the services and assets the caller may see; edges to nodes out of view are dropped. */
export function buildCityModel(services: readonly Service[], assets: readonly Asset[]): CityModel {
  const nodes = new Map<NodeKey, CityNode>();
  for (const service of services) {
    const key = nodeKey('service', service.id);
    nodes.set(key, {
      key,
      kind: 'service',
      id: service.id,
      name: service.name,
      department: service.department,
      subtitle: service.criticality,
    });
  }
  for (const asset of assets) {
    const key = nodeKey('asset', asset.id);
    nodes.set(key, {
      key,
      kind: 'asset',
      id: asset.id,
      name: asset.name,
      department: asset.department,
      subtitle: asset.type,
    });
  }
  const edges: CityEdge[] = [];
  const membersOf = new Map<NodeKey, CityEdge[]>();
  const ownersOf = new Map<NodeKey, CityEdge[]>();
  const owners: readonly { key: NodeKey; depends_on: readonly DependencyGroup[] }[] = [
    ...services.map((s) => ({ key: nodeKey('service', s.id), depends_on: s.depends_on })),
    ...assets.map((a) => ({ key: nodeKey('asset', a.id), depends_on: a.depends_on })),
  ];
  for (const owner of owners) {
    owner.depends_on.forEach((group, index) => {
      const label = groupLabel(group);
      for (const member of dependencyMembers(group)) {
        const to = nodeKey(member.kind, member.id);
        if (!nodes.has(to)) continue;
        const edge: CityEdge = {
          key: `${owner.key}>${index}>${to}`,
          from: owner.key,
          to,
          soft: group.soft === true,
          label,
        };
        edges.push(edge);
        push(membersOf, owner.key, edge);
        push(ownersOf, to, edge);
      }
    });
  }
  return { nodes, edges, membersOf, ownersOf };
}

/**
 * Each node's state from an impact answer (now, or a what-if); nodes it does not list are ok. An asset the
 * answer calls compromised is drawn as at risk: it runs, but is in the attacker's hands.
 */
export function statesFromImpact(answer: ImpactAnswer | undefined): ReadonlyMap<NodeKey, NodeState> {
  const states = new Map<NodeKey, NodeState>();
  if (answer === undefined) return states;
  for (const service of answer.services) states.set(nodeKey('service', service.id), service.state);
  for (const asset of answer.assets) {
    states.set(nodeKey('asset', asset.id), asset.state === 'compromised' ? 'at_risk' : asset.state);
  }
  return states;
}

/** How many nodes of each state, for the legend. */
export function countStates(
  keys: Iterable<NodeKey>,
  states: ReadonlyMap<NodeKey, NodeState>,
): Readonly<Record<NodeState, number>> {
  const counts: Record<NodeState, number> = { ok: 0, degraded: 0, down: 0, at_risk: 0 };
  for (const key of keys) counts[states.get(key) ?? 'ok'] += 1;
  return counts;
}
