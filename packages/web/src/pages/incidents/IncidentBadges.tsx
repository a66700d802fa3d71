import type { IncidentSeverity, IncidentStatus } from '@citysoc/core';
import { STATUS_LABELS } from './incident-display.ts';

export function SeverityBadge({ severity }: { severity: IncidentSeverity }) {
  return <span className={`badge level level-${severity}`}>{severity}</span>;
}

export function IncidentStatusBadge({ status }: { status: IncidentStatus }) {
  return (
    <span className={`badge incident-status incident-status-${status}`} data-testid="incident-status">
      {STATUS_LABELS[status]}
    </span>
  );
}
