import type { Asset } from '@citysoc/core';
import type { ImpactAnswer } from '../../api/city-schemas.ts';
import { StatCard } from '../../components/StatCard.tsx';

interface CityNowSummaryProps {
  readonly now: ImpactAnswer;
  readonly assets: readonly Asset[];
  readonly services: number;
}

/** The city now, in four figures: what is down or degraded, whom it affects, and what is unavailable. */
export function CityNowSummary({ now, assets, services }: CityNowSummaryProps) {
  const down = now.services.filter((s) => s.state === 'down').length;
  const degraded = now.services.filter((s) => s.state === 'degraded').length;
  const unavailable = assets.filter((a) => a.status !== 'operational').length;
  const hidden = now.other_departments.services;
  return (
    <div className="stat-grid city-now" data-testid="city-now">
      <StatCard
        label="Services down"
        value={down.toLocaleString()}
        tone={down > 0 ? 'bad' : 'good'}
        detail={`of ${services.toLocaleString()}${hidden > 0 ? `, and ${hidden} in other departments` : ''}`}
        testId="city-services-down"
      />
      <StatCard
        label="Services degraded"
        value={degraded.toLocaleString()}
        tone={degraded > 0 ? 'bad' : 'good'}
        testId="city-services-degraded"
      />
      <StatCard
        label="Residents affected now"
        value={now.population_affected.toLocaleString()}
        tone={now.population_affected > 0 ? 'bad' : 'good'}
        testId="city-population-affected"
      />
      <StatCard
        label="Assets unavailable"
        value={unavailable.toLocaleString()}
        detail={`isolated, offline or silent, of ${assets.length.toLocaleString()}`}
        testId="city-assets-unavailable"
      />
    </div>
  );
}
