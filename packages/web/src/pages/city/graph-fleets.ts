import type { NodeKind } from '@citysoc/core';
import type { CityModel, NodeKey, NodeState } from './city-model.ts';
import type { GraphView } from './graph-view.ts';

/**
 * What the graph actually draws. A city is mostly fleets: 48 street cameras that all need the same gateway
 * and all serve the same service, 200 smart meters. Assets with the same type, state, department, owners and
 * members are interchangeable in the picture, so a fleet of them is drawn as one node ("Street camera ×48")
 * whose details list the assets. That takes a department of ~150 assets down to ~30 nodes.
 */

/** Fleets smaller than this are drawn asset by asset: a redundant pair is two things an operator names. */
export const MIN_FLEET = 5;

export interface DrawnNode {
  /** The node's key, or `fleet:<first member's key>` for a fleet. */
  readonly key: string;
  readonly kind: NodeKind;
  readonly name: string;
  readonly subtitle: string;
  readonly department: string;
  readonly state: NodeState;
  /** The city nodes it stands for: itself, or the fleet's assets. */
  readonly members: readonly NodeKey[];
  /** Another department's node drawn because the chosen department's nodes link to it. */
  readonly context: boolean;
}

export interface DrawnEdge {
  readonly key: string;
  readonly from: string;
  readonly to: string;
  readonly soft: boolean;
  readonly label: string | null;
}

export interface DrawnGraph {
  readonly nodes: readonly DrawnNode[];
  readonly edges: readonly DrawnEdge[];
  /** Which drawn node stands for a city node. */
  readonly drawnKeyOf: ReadonlyMap<NodeKey, string>;
}

/** "Street camera" from "Street camera 041" and "Street camera 042"; "" when the names share no words. */
function commonNamePrefix(names: readonly string[]): string {
  const split = names.map((name) => name.split(/\s+/));
  const first = split[0] ?? [];
  let words = 0;
  while (words < first.length && split.every((parts) => parts[words] === first[words])) words++;
  return first
    .slice(0, words)
    .join(' ')
    .replace(/[\s\d#-]+$/, '');
}

function signature(model: CityModel, key: NodeKey, drawn: ReadonlySet<NodeKey>, state: NodeState): string {
  const node = model.nodes.get(key);
  const owners = (model.ownersOf.get(key) ?? []).filter((e) => drawn.has(e.from)).map((e) => `${e.from}/${e.label}`);
  const members = (model.membersOf.get(key) ?? []).filter((e) => drawn.has(e.to)).map((e) => `${e.to}/${e.soft}`);
  return JSON.stringify([node?.subtitle, node?.department, state, owners.sort(), members.sort()]);
}

/**
 * The view's nodes with interchangeable assets merged into fleets. Nodes in `keep` (the selection, the
 * what-if's assets) are always drawn on their own.
 */
export function collapseFleets(
  model: CityModel,
  view: GraphView,
  states: ReadonlyMap<NodeKey, NodeState>,
  keep: ReadonlySet<NodeKey>,
): DrawnGraph {
  const stateOf = (key: NodeKey): NodeState => states.get(key) ?? 'ok';
  const candidates = new Map<string, NodeKey[]>();
  for (const key of view.keys) {
    if (keep.has(key) || model.nodes.get(key)?.kind !== 'asset') continue;
    const sig = signature(model, key, view.keys, stateOf(key));
    candidates.set(sig, [...(candidates.get(sig) ?? []), key]);
  }
  const drawnKeyOf = new Map<NodeKey, string>();
  const nodes: DrawnNode[] = [];
  for (const members of candidates.values()) {
    if (members.length < MIN_FLEET) continue;
    const first = model.nodes.get(members[0] as NodeKey);
    if (first === undefined) continue;
    const key = `fleet:${first.key}`;
    const prefix = commonNamePrefix(members.map((m) => model.nodes.get(m)?.name ?? ''));
    nodes.push({
      key,
      kind: 'asset',
      name: `${prefix === '' ? first.subtitle : prefix} ×${members.length}`,
      subtitle: `fleet of ${members.length} ${first.subtitle}`,
      department: first.department,
      state: stateOf(first.key),
      members,
      context: view.context.has(first.key),
    });
    for (const member of members) drawnKeyOf.set(member, key);
  }
  for (const key of view.keys) {
    const node = model.nodes.get(key);
    if (node === undefined || drawnKeyOf.has(key)) continue;
    drawnKeyOf.set(key, key);
    nodes.push({ ...node, state: stateOf(key), members: [key], context: view.context.has(key) });
  }
  const edges = new Map<string, DrawnEdge>();
  for (const edge of model.edges) {
    const from = drawnKeyOf.get(edge.from);
    const to = drawnKeyOf.get(edge.to);
    if (from === undefined || to === undefined) continue;
    // A fleet's members share their owners and members, so their edges collapse into one per group.
    const key = `${from}>${edge.soft}>${edge.label ?? ''}>${to}`;
    if (!edges.has(key)) edges.set(key, { key, from, to, soft: edge.soft, label: edge.label });
  }
  return { nodes, edges: [...edges.values()], drawnKeyOf };
}
