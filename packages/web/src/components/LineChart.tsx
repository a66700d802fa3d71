import { linePath, linePoints, niceCeiling } from './line-chart.ts';

export interface LinePoint {
  /** Shown under the first and last points and in each point's tooltip. */
  readonly label: string;
  readonly value: number;
}

interface LineChartProps {
  readonly points: readonly LinePoint[];
  /** What the chart shows, for screen readers: the figures, not "a chart". */
  readonly description: string;
  readonly testId: string;
}

// Drawing units of the viewBox; the SVG stretches to its box, so only the ratio matters.
const WIDTH = 1000;
const HEIGHT = 140;

/**
 * One series over time as plain SVG, like the events histogram: the dashboard draws its few charts itself
 * rather than carry a chart library. The value axis starts at zero and ends at a round number.
 */
export function LineChart({ points, description, testId }: LineChartProps) {
  const first = points[0];
  const last = points.at(-1);
  if (first === undefined || last === undefined) return null;
  const top = niceCeiling(Math.max(...points.map((point) => point.value)));
  const coordinates = linePoints(
    points.map((point) => point.value),
    WIDTH,
    HEIGHT,
    top,
  );
  const path = linePath(coordinates);
  const area = `${path} L${WIDTH} ${HEIGHT} L0 ${HEIGHT} Z`;
  return (
    <figure className="line-chart">
      <div className="line-chart-scale" aria-hidden="true">
        <span>{top.toLocaleString()}</span>
        <span>0</span>
      </div>
      <svg
        role="img"
        aria-label={description}
        data-testid={testId}
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="line-chart-svg"
      >
        <path className="line-chart-area" d={points.length > 1 ? area : ''} />
        <path className="line-chart-line" d={path} vectorEffect="non-scaling-stroke" />
        {coordinates.map((point, index) => (
          <circle key={index} className="line-chart-point" cx={point.x} cy={point.y} r={6}>
            <title>{`${points[index]?.label ?? ''}: ${(points[index]?.value ?? 0).toLocaleString()}`}</title>
          </circle>
        ))}
      </svg>
      <figcaption className="histogram-axis">
        <span>{first.label}</span>
        <span>{last.label}</span>
      </figcaption>
    </figure>
  );
}
