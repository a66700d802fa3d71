/** The geometry of a small line chart, apart from React so it can be tested. */

export interface ChartPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * The top of the value axis: the smallest 1, 2 or 5 × 10ⁿ at or above the largest value, so the scale label
 * is a round number and the line never touches the top. At least 1, so an all-zero series lies on the floor.
 */
export function niceCeiling(max: number): number {
  if (!(max > 1)) return 1;
  const magnitude = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) if (step * magnitude >= max) return step * magnitude;
  return 10 * magnitude;
}

/** The points of `values` spread evenly over `width`, scaled so `top` is at y = 0 and 0 at y = `height`. */
export function linePoints(values: readonly number[], width: number, height: number, top: number): ChartPoint[] {
  if (values.length === 0) return [];
  const step = values.length === 1 ? 0 : width / (values.length - 1);
  return values.map((value, index) => ({
    x: values.length === 1 ? width / 2 : index * step,
    y: height - (Math.max(0, Math.min(value, top)) / top) * height,
  }));
}

/** An SVG path through the points ("M x y L x y …"), rounded to 0.1 so the markup stays short. */
export function linePath(points: readonly ChartPoint[]): string {
  const round = (n: number): number => Math.round(n * 10) / 10;
  return points.map((point, index) => `${index === 0 ? 'M' : 'L'}${round(point.x)} ${round(point.y)}`).join(' ');
}
