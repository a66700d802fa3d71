import type { MetricsSummary } from '@citysoc/core';
import { complianceBars } from './metrics-display.ts';

/**
 * SLA compliance per clock as horizontal bars on a 0–100 % track, drawn like the posture's direction bars:
 * each bar has its number and a text label, so colour only repeats what the number says.
 */
export function ComplianceBars({ summary, testId }: { summary: MetricsSummary; testId: string }) {
  const label = 'SLA compliance per clock, percent of decided clocks met';
  return (
    <figure className="direction-bars" data-testid={testId}>
      <figcaption className="visually-hidden">{label}</figcaption>
      <ul className="direction-bars-list" aria-label={label}>
        {complianceBars(summary).map((bar) => (
          <li key={bar.key} className={`direction-bar direction-bar-${bar.tone}`} title={bar.label}>
            <span className="direction-bar-title">{bar.title}</span>
            <span className="direction-bar-track" aria-hidden="true">
              <span className="direction-bar-fill" style={{ width: `${bar.percent}%` }} />
            </span>
            <span className="direction-bar-value">
              {bar.text}
              <span className="visually-hidden"> {bar.label}</span>
            </span>
          </li>
        ))}
      </ul>
    </figure>
  );
}
