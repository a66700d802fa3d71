import type { EventHistogram } from '@citysoc/core';
import { formatAxisTime } from '../../format.ts';
import { layoutHistogram } from './histogram-bars.ts';

interface EventHistogramChartProps {
  readonly histogram: EventHistogram;
  /** Start of the searched range, or null for all time (the chart then starts at the first event). */
  readonly startMs: number | null;
  /** When the histogram was answered: the chart ends there. */
  readonly nowMs: number;
}

// Drawing units of the viewBox; the SVG stretches to the panel's width, so only the ratio matters.
const WIDTH = 1000;
const HEIGHT = 120;
/** Keeps a bar of a few events visible beside one of thousands. */
const MIN_BAR_HEIGHT = 2;

/** Events over time as a bar chart: drawn here as plain SVG rather than pulling in a chart library. */
export function EventHistogramChart({ histogram, startMs, nowMs }: EventHistogramChartProps) {
  const layout = layoutHistogram(histogram, startMs, nowMs);
  const { bars, maxCount, total } = layout;
  const firstBar = bars[0];
  const lastBar = bars.at(-1);
  if (firstBar === undefined || lastBar === undefined) return null;
  const withTime = histogram.interval !== 'day';
  const from = formatAxisTime(firstBar.startMs, withTime);
  // The chart ends now, inside the last bar, unless events are stamped in the future (a wrong clock).
  const to = formatAxisTime(Math.min(lastBar.endMs, Math.max(nowMs, lastBar.startMs)), withTime);
  const slot = WIDTH / bars.length;
  const gap = slot > 4 ? 1 : 0;
  const label =
    `${total.toLocaleString()} matching ${total === 1 ? 'event' : 'events'}, ` +
    `one bar per ${layout.barSpan}, from ${from} to ${to}; the busiest bar has ${maxCount.toLocaleString()}.`;

  return (
    <figure className="histogram">
      <div className="histogram-scale" aria-hidden="true">
        {maxCount.toLocaleString()}
      </div>
      <svg
        role="img"
        aria-label={label}
        data-testid="event-histogram"
        viewBox={`0 0 ${WIDTH} ${HEIGHT}`}
        preserveAspectRatio="none"
        className="histogram-chart"
      >
        {bars.map((bar, index) => {
          if (bar.count === 0) return null;
          const height = Math.max((bar.count / maxCount) * HEIGHT, MIN_BAR_HEIGHT);
          return (
            <rect
              key={bar.startMs}
              className="histogram-bar"
              x={index * slot + gap / 2}
              width={Math.max(slot - gap, 0.5)}
              y={HEIGHT - height}
              height={height}
            >
              <title>{`${bar.count.toLocaleString()} from ${formatAxisTime(bar.startMs, withTime)}`}</title>
            </rect>
          );
        })}
      </svg>
      <figcaption className="histogram-axis">
        <span data-testid="histogram-start">{from}</span>
        <span className="muted">one bar per {layout.barSpan}</span>
        <span data-testid="histogram-end">{to}</span>
      </figcaption>
    </figure>
  );
}
