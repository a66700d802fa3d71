import type { SlaClock, SlaStatus } from '@citysoc/core';
import { useEffect, useState } from 'react';
import { clockBreached, describeClock, headlineClock } from './incident-display.ts';

/** The current time, moved on every 30 s so countdowns stay true between refreshes. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(Date.now()), everyMs);
    return () => window.clearInterval(timer);
  }, [everyMs]);
  return now;
}

export function SlaClockBadge({ clock, now }: { clock: SlaClock; now: number }) {
  const breached = clockBreached(clock, now);
  const className = breached ? 'badge badge-bad' : clock.state === 'met' ? 'badge badge-good' : 'badge';
  return (
    <span className={className} data-testid="sla-clock" title={`Target ${Math.round(clock.targetMinutes)} min`}>
      {breached && clock.state === 'running' ? 'SLA breached · ' : ''}
      {describeClock(clock, now)}
    </span>
  );
}

/** A queue row's SLA: the next deadline, red once it has passed. */
export function SlaBadge({ sla, now }: { sla: SlaStatus; now: number }) {
  const clock = headlineClock(sla);
  if (clock === undefined) return null;
  return <SlaClockBadge clock={clock} now={now} />;
}
