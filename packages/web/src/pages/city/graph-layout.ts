import dagre, { type EdgeLabel, type GraphLabel, type NodeLabel } from '@dagrejs/dagre';
import type { DrawnEdge, DrawnGraph, DrawnNode } from './graph-fleets.ts';
import { type Box, curveBetween, NODE_GAP, type Point, routeThrough, wrapLayers } from './graph-rows.ts';

/**
 * Positions for the dependency graph: a layered layout (owners above their members). dagre ranks the nodes
 * and orders each layer to cross few edges, better than a hand-written longest-path layering would; a layer
 * wider than the screen is then wrapped into rows (graph-rows.ts). Services sit on the top layers and assets
 * below them by dependency depth; see `layoutCityGraph` for how that is forced.
 */

export const NODE_HEIGHT = 40;
const MIN_NODE_WIDTH = 120;
const MAX_NODE_WIDTH = 200;
/** Average width of a label character at the graph's font size, for sizing boxes without measuring text. */
const CHAR_WIDTH = 7.2;
const NODE_PADDING = 20;
const MARGIN = 16;
/** An unseen node above the nodes nothing drawn depends on: see layoutCityGraph. */
const ROOT = '\u0000root';

export interface PlacedNode {
  readonly node: DrawnNode;
  /** The box's centre. */
  readonly x: number;
  readonly y: number;
  readonly width: number;
  /** How many characters of the name fit in the box. */
  readonly maxChars: number;
}

export interface PlacedEdge {
  readonly edge: DrawnEdge;
  /** The SVG path from the owner to the member. */
  readonly path: string;
  /** Where the "1 of 2" label goes: just above the member. */
  readonly labelAt: Point;
}

export interface GraphLayout {
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
  readonly width: number;
  readonly height: number;
}

function nodeWidth(name: string, subtitle: string): number {
  const longest = Math.max(name.length, subtitle.length);
  return Math.min(MAX_NODE_WIDTH, Math.max(MIN_NODE_WIDTH, Math.ceil(longest * CHAR_WIDTH) + NODE_PADDING));
}

/** The name, cut with an ellipsis when it does not fit `maxChars`. */
export function fitLabel(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, Math.max(1, maxChars - 1))}…`;
}

/**
 * How many services stand above each drawn service (the longest chain of service owners), so the layout can
 * put every asset below the lowest service.
 */
function serviceDepths(graph: DrawnGraph): Map<string, number> {
  const services = new Set(graph.nodes.filter((node) => node.kind === 'service').map((node) => node.key));
  const serviceOwners = new Map<string, string[]>();
  for (const edge of graph.edges) {
    if (services.has(edge.from) && services.has(edge.to)) {
      serviceOwners.set(edge.to, [...(serviceOwners.get(edge.to) ?? []), edge.from]);
    }
  }
  const depths = new Map<string, number>();
  const visiting = new Set<string>();
  const depthOf = (key: string): number => {
    const known = depths.get(key);
    if (known !== undefined) return known;
    // The server refuses cycles; should one slip through, it must not hang the page.
    if (visiting.has(key)) return 0;
    visiting.add(key);
    const depth = Math.max(0, ...(serviceOwners.get(key) ?? []).map((owner) => depthOf(owner) + 1));
    visiting.delete(key);
    depths.set(key, depth);
    return depth;
  };
  for (const key of services) depthOf(key);
  return depths;
}

/**
 * Lays out the drawn graph within `maxWidth` (the screen's width). Services go on the top layers and assets
 * below all of them: an unseen root sits above the nodes nothing depends on, and the minimum length of each
 * edge from a service to an asset (and from the root to an asset) reaches past the lowest service layer.
 * dagre keeps those minimums, so no asset is drawn beside or above a service. When dagre's drawing fits, its
 * positions and edge routes are used as they are; otherwise broad layers are wrapped into rows.
 */
export function layoutCityGraph(drawn: DrawnGraph, maxWidth: number): GraphLayout {
  const graph = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  graph.setGraph({ rankdir: 'TB', nodesep: NODE_GAP, ranksep: 56, edgesep: 8, marginx: MARGIN, marginy: MARGIN });
  graph.setDefaultEdgeLabel(() => ({}));
  const depths = serviceDepths(drawn);
  const lowestService = Math.max(0, ...depths.values());
  const kinds = new Map(drawn.nodes.map((node) => [node.key, node.kind]));
  const owned = new Set(drawn.edges.map((edge) => edge.to));
  graph.setNode(ROOT, { width: 1, height: 1 });
  for (const node of drawn.nodes) {
    graph.setNode(node.key, { width: nodeWidth(node.name, node.subtitle), height: NODE_HEIGHT });
    if (!owned.has(node.key)) {
      const minlen = node.kind === 'service' ? 1 : lowestService + 2;
      graph.setEdge(ROOT, node.key, { minlen, weight: 0 }, `root>${node.key}`);
    }
  }
  for (const edge of drawn.edges) {
    const serviceToAsset = kinds.get(edge.from) === 'service' && kinds.get(edge.to) === 'asset';
    const minlen = serviceToAsset ? lowestService + 1 - (depths.get(edge.from) ?? 0) : 1;
    graph.setEdge(edge.from, edge.to, { minlen, weight: edge.soft ? 1 : 2 }, edge.key);
  }
  dagre.layout(graph);

  const boxes: Box[] = drawn.nodes.map((node) => {
    const label = graph.node(node.key);
    return { key: node.key, x: label.x ?? 0, y: label.y ?? 0, width: label.width, height: NODE_HEIGHT };
  });
  const fits = (graph.graph().width ?? 0) <= maxWidth;
  const placedBoxes = fits ? shiftToTop(boxes) : wrapped(boxes, maxWidth);
  const byKey = new Map(placedBoxes.boxes.map((box) => [box.key, box]));
  const edges: PlacedEdge[] = [];
  for (const edge of drawn.edges) {
    const owner = byKey.get(edge.from);
    const member = byKey.get(edge.to);
    if (owner === undefined || member === undefined) continue;
    const route = graph.edge({ v: edge.from, w: edge.to, name: edge.key })?.points ?? [];
    const geometry = fits
      ? routeThrough(route.map((p) => ({ x: p.x, y: p.y - placedBoxes.shift })))
      : curveBetween(owner, member);
    edges.push({ edge, ...geometry });
  }
  const nodes = drawn.nodes.map((node) => {
    const box = byKey.get(node.key) as Box;
    return {
      node,
      x: box.x,
      y: box.y,
      width: box.width,
      maxChars: Math.floor((box.width - NODE_PADDING) / CHAR_WIDTH),
    };
  });
  return { nodes, edges, width: fits ? (graph.graph().width ?? 0) : placedBoxes.width, height: placedBoxes.height };
}

interface PlacedBoxes {
  readonly boxes: readonly Box[];
  readonly width: number;
  readonly height: number;
  /** How far dagre's drawing moved up (to apply to its edge routes too). */
  readonly shift: number;
}

/** dagre's drawing, moved up over the empty layer of the unseen root. */
function shiftToTop(boxes: readonly Box[]): PlacedBoxes {
  const top = Math.min(...boxes.map((box) => box.y - box.height / 2));
  const shift = boxes.length === 0 ? 0 : top - MARGIN;
  const moved = boxes.map((box) => ({ ...box, y: box.y - shift }));
  const bottom = Math.max(0, ...moved.map((box) => box.y + box.height / 2));
  return { boxes: moved, width: 0, height: bottom + MARGIN, shift };
}

function wrapped(boxes: readonly Box[], maxWidth: number): PlacedBoxes {
  const { centres, width, height } = wrapLayers(boxes, maxWidth - 2 * MARGIN, MARGIN);
  return { boxes: boxes.map((box) => ({ ...box, ...centres.get(box.key) })), width, height, shift: 0 };
}

let cached: { readonly signature: string; readonly layout: GraphLayout } | undefined;

/**
 * layoutCityGraph, skipped when the drawn graph is the same as last time: the page polls every 30 s and gets
 * new objects with the same content, and a layout costs up to a few hundred milliseconds.
 */
export function layoutCityGraphCached(drawn: DrawnGraph, maxWidth: number): GraphLayout {
  const signature = JSON.stringify([drawn.nodes, drawn.edges, maxWidth]);
  if (cached?.signature !== signature) cached = { signature, layout: layoutCityGraph(drawn, maxWidth) };
  return cached.layout;
}
