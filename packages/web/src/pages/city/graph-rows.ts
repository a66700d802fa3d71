/**
 * Geometry for the dependency graph after dagre has ranked and ordered the nodes: wrapping layers that are
 * wider than the screen into rows, and drawing edges. A department is shallow and broad (a service, a few
 * gateways, forty kinds of field device), so one row per layer would be metres wide; rows keep it on screen.
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

/** A node's box: centre and size. */
export interface Box {
  readonly key: string;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export const NODE_GAP = 18;
/** Between the rows of one wrapped layer: room for the "1 of 2" labels above the lower row. */
const ROW_GAP = 34;
/** Between layers: room for the edges to bend. */
const LAYER_GAP = 64;
/** How far back from an edge's end its label sits: above the member, clear of the arrowhead. */
const LABEL_BACK = 24;

/**
 * The boxes laid out layer by layer (a layer is the boxes dagre put at the same height), each layer in
 * dagre's order but cut into rows no wider than `maxWidth`, every row centred. Returns the new centres and the
 * size of the drawing, margins included.
 */
export function wrapLayers(
  boxes: readonly Box[],
  maxWidth: number,
  margin: number,
): { centres: Map<string, Point>; width: number; height: number } {
  const layers = new Map<number, Box[]>();
  for (const box of boxes) {
    const y = Math.round(box.y);
    layers.set(y, [...(layers.get(y) ?? []), box]);
  }
  const rows: Box[][] = [];
  const lastRowOfLayer = new Set<number>();
  for (const y of [...layers.keys()].sort((a, b) => a - b)) {
    const layer = (layers.get(y) ?? []).sort((a, b) => a.x - b.x);
    let row: Box[] = [];
    let used = 0;
    for (const box of layer) {
      if (row.length > 0 && used + NODE_GAP + box.width > maxWidth) {
        rows.push(row);
        row = [];
        used = 0;
      }
      used += (row.length > 0 ? NODE_GAP : 0) + box.width;
      row.push(box);
    }
    rows.push(row);
    lastRowOfLayer.add(rows.length - 1);
  }
  const rowWidth = (row: readonly Box[]) => row.reduce((sum, box) => sum + box.width, 0) + NODE_GAP * (row.length - 1);
  const width = Math.max(0, ...rows.map(rowWidth));
  const centres = new Map<string, Point>();
  let top = margin;
  rows.forEach((row, index) => {
    const height = Math.max(0, ...row.map((box) => box.height));
    let left = margin + (width - rowWidth(row)) / 2;
    for (const box of row) {
      centres.set(box.key, { x: left + box.width / 2, y: top + height / 2 });
      left += box.width + NODE_GAP;
    }
    top += height + (lastRowOfLayer.has(index) ? LAYER_GAP : ROW_GAP);
  });
  const last = rows.length === 0 ? 0 : lastRowOfLayer.has(rows.length - 1) ? LAYER_GAP : ROW_GAP;
  return { centres, width: width + 2 * margin, height: top - last + margin };
}

/** An edge drawn as SVG: its path and where its label goes. */
export interface EdgeGeometry {
  readonly path: string;
  readonly labelAt: Point;
}

/** From the bottom of the owner's box to the top of the member's, as an S-curve. */
export function curveBetween(owner: Box, member: Box): EdgeGeometry {
  const start = { x: owner.x, y: owner.y + owner.height / 2 };
  const end = { x: member.x, y: member.y - member.height / 2 };
  const bend = Math.max(24, Math.abs(end.y - start.y) / 2);
  const direction = end.y >= start.y ? 1 : -1;
  const c1 = { x: start.x, y: start.y + bend * direction };
  const c2 = { x: end.x, y: end.y - bend * direction };
  const at = (t: number): Point => {
    const u = 1 - t;
    return {
      x: u ** 3 * start.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t ** 3 * end.x,
      y: u ** 3 * start.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t ** 3 * end.y,
    };
  };
  // The label sits LABEL_BACK before the member, in the gap above its row, however long the edge is.
  let labelAt = start;
  for (let t = 1; t >= 0; t -= 0.01) {
    labelAt = at(t);
    if (Math.hypot(labelAt.x - end.x, labelAt.y - end.y) >= LABEL_BACK) break;
  }
  return { path: `M${start.x},${start.y} C${c1.x},${c1.y} ${c2.x},${c2.y} ${end.x},${end.y}`, labelAt };
}

/** dagre's route for an edge, bending at each inner point with a curve instead of a corner. */
export function routeThrough(points: readonly Point[]): EdgeGeometry {
  const [first] = points;
  const last = points[points.length - 1];
  if (first === undefined || last === undefined) return { path: '', labelAt: { x: 0, y: 0 } };
  const parts = [`M${first.x},${first.y}`];
  for (let i = 1; i < points.length - 1; i++) {
    const bend = points[i] as Point;
    const next = points[i + 1] as Point;
    parts.push(`Q${bend.x},${bend.y} ${(bend.x + next.x) / 2},${(bend.y + next.y) / 2}`);
  }
  if (points.length > 1) parts.push(`L${last.x},${last.y}`);
  return { path: parts.join(' '), labelAt: pointBeforeEnd(points, LABEL_BACK) };
}

/** The point `distance` back from the end of a polyline (its start when it is shorter). */
function pointBeforeEnd(points: readonly Point[], distance: number): Point {
  let left = distance;
  for (let i = points.length - 1; i > 0; i--) {
    const a = points[i] as Point;
    const b = points[i - 1] as Point;
    const length = Math.hypot(a.x - b.x, a.y - b.y);
    if (length >= left && length > 0) {
      return { x: a.x + ((b.x - a.x) * left) / length, y: a.y + ((b.y - a.y) * left) / length };
    }
    left -= length;
  }
  return points[0] ?? { x: 0, y: 0 };
}
