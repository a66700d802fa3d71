import type { AssetStatus } from '@citysoc/core';

const LABELS: Readonly<Record<AssetStatus, string>> = {
  operational: 'Operational',
  offline: 'Offline',
  isolated: 'Isolated',
  silent: 'Silent',
};

/** An asset's own status (set by an operator, or silent when its telemetry stopped). */
export function AssetStatusBadge({ status }: { status: AssetStatus }) {
  return (
    <span className={`badge asset-status asset-status-${status}`} data-testid="asset-status">
      {LABELS[status]}
    </span>
  );
}
