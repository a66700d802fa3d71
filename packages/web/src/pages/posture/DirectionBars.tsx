import type { PostureScore } from '../../api/posture-schemas.ts';
import { directionBars } from './posture-charts.ts';

interface DirectionBarsProps {
  readonly score: PostureScore;
  /** What the bars are of, e.g. "City posture by direction". */
  readonly label: string;
  readonly testId: string;
}

/**
 * The overall score and the five directions as horizontal bars on a 0–100 track. Each bar has its number
 * printed beside it and a text label, so the chart reads the same without colour or without sight; the
 * colour (good ≥ 80, bad < 50) only repeats what the number says.
 */
export function DirectionBars({ score, label, testId }: DirectionBarsProps) {
  const bars = directionBars(score);
  return (
    <figure className="direction-bars" data-testid={testId}>
      <figcaption className="visually-hidden">{label}</figcaption>
      <ul className="direction-bars-list" aria-label={label}>
        {bars.map((bar) => (
          <li
            key={bar.key}
            className={`direction-bar direction-bar-${bar.tone}${bar.key === 'overall' ? ' direction-bar-overall' : ''}`}
            data-testid={`direction-bar-${bar.key}`}
            title={bar.label}
          >
            <span className="direction-bar-title">{bar.title}</span>
            <span className="direction-bar-track" aria-hidden="true">
              <span className="direction-bar-fill" style={{ width: `${bar.percent}%` }} />
            </span>
            <span className="direction-bar-value">
              {bar.text}
              {bar.score !== null && <span className="visually-hidden"> of 100</span>}
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
