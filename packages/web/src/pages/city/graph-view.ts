import type { CityModel, NodeKey } from './city-model.ts';

/**
 * Which part of the city the graph draws. A demo city has ~700 assets: drawn at once they are an unreadable
 * carpet and take the layout seconds. So the graph shows every service, and assets only for a chosen
 * department or around the selected node, within a budget of nodes.
 */

/** Nodes drawn at most; past this the layout slows and the picture stops being readable. */
export const MAX_DRAWN_NODES = 300;

export interface ViewCriteria {
  /** Only this department's services and assets (plus their direct links to other departments). */
  readonly department: string | null;
  /** Everything this node needs and everything that needs it is added. */
  readonly selected: NodeKey | null;
  /** Drawn whatever the department: the assets picked for a what-if. */
  readonly pinned: readonly NodeKey[];
}

export interface GraphView {
  readonly keys: ReadonlySet<NodeKey>;
  /** Nodes drawn for context only: another department's nodes that the department's nodes link to. */
  readonly context: ReadonlySet<NodeKey>;
  /** Assets that match the criteria but are not drawn (none chosen yet, or over the budget). */
  readonly hiddenAssets: number;
}

/**
 * What the selected node needs (its members, transitively) and what needs it (its owners, transitively),
 * nearest first, at most `limit` nodes. Nearest first keeps what matters when a core switch reaches half the
 * city: its direct dependents. Siblings are not included: a camera's neighbourhood is not every camera.
 */
export function neighbourhood(model: CityModel, start: NodeKey, limit: number): NodeKey[] {
  const seen = new Set<NodeKey>([start]);
  const down: NodeKey[] = [start];
  const up: NodeKey[] = [start];
  // Both directions advance one layer at a time, alternately, so a budget cut keeps the nearest of each.
  for (let head = 0; (head < down.length || head < up.length) && seen.size < limit; head++) {
    const steps: [NodeKey | undefined, (key: NodeKey) => NodeKey[], NodeKey[]][] = [
      [down[head], (key) => (model.membersOf.get(key) ?? []).map((edge) => edge.to), down],
      [up[head], (key) => (model.ownersOf.get(key) ?? []).map((edge) => edge.from), up],
    ];
    for (const [key, next, queue] of steps) {
      if (key === undefined) continue;
      for (const other of next(key)) {
        if (seen.has(other) || seen.size >= limit) continue;
        seen.add(other);
        queue.push(other);
      }
    }
  }
  return [...seen];
}

function departmentView(model: CityModel, department: string): { keys: Set<NodeKey>; context: Set<NodeKey> } {
  const keys = new Set<NodeKey>();
  const context = new Set<NodeKey>();
  for (const node of model.nodes.values()) if (node.department === department) keys.add(node.key);
  // A water service that needs the energy department's grid shows the grid, marked as another department's.
  for (const key of [...keys]) {
    const links = [...(model.membersOf.get(key) ?? []), ...(model.ownersOf.get(key) ?? [])];
    for (const edge of links) {
      const other = edge.from === key ? edge.to : edge.from;
      if (!keys.has(other)) context.add(other);
    }
  }
  return { keys, context };
}

/** The nodes to draw for the criteria, within MAX_DRAWN_NODES (services first, then assets in list order). */
export function selectGraphView(model: CityModel, criteria: ViewCriteria): GraphView {
  let wanted: NodeKey[];
  let context = new Set<NodeKey>();
  if (criteria.department !== null) {
    const view = departmentView(model, criteria.department);
    wanted = [...view.keys, ...view.context];
    context = view.context;
  } else {
    const all = [...model.nodes.values()];
    const services = all.filter((node) => node.kind === 'service').map((node) => node.key);
    // A small city is drawn whole; a large one starts with its services only.
    wanted = all.length <= MAX_DRAWN_NODES ? all.map((node) => node.key) : services;
  }
  const keys = new Set<NodeKey>(criteria.pinned.filter((key) => model.nodes.has(key)));
  // The selection's neighbourhood comes next, so it is never what the budget cuts.
  if (criteria.selected !== null && model.nodes.has(criteria.selected)) {
    for (const key of neighbourhood(model, criteria.selected, MAX_DRAWN_NODES - keys.size)) keys.add(key);
  }
  const ordered = [
    ...wanted.filter((key) => model.nodes.get(key)?.kind === 'service'),
    ...wanted.filter((key) => model.nodes.get(key)?.kind === 'asset'),
  ];
  for (const key of ordered) {
    if (keys.size >= MAX_DRAWN_NODES) break;
    keys.add(key);
  }
  const matchingAssets = [...model.nodes.values()].filter(
    (node) => node.kind === 'asset' && (criteria.department === null || node.department === criteria.department),
  ).length;
  let drawnAssets = 0;
  for (const key of keys) {
    const node = model.nodes.get(key);
    if (node?.kind === 'asset' && (criteria.department === null || node.department === criteria.department)) {
      drawnAssets += 1;
    }
  }
  return {
    keys,
    context: new Set([...context].filter((key) => keys.has(key))),
    hiddenAssets: Math.max(0, matchingAssets - drawnAssets),
  };
}
