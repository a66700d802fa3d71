import type { Control } from '@citysoc/core';
import type { Bus } from '../../platform/bus/bus.ts';
import type { Store } from '../../platform/db/database.ts';
import type { PostureObservationsTable } from '../../platform/db/schema.ts';
import type { Logger } from '../../platform/log.ts';
import type { AlertedEvent, EventDetector } from '../detection/index.ts';
import { upsertObservations } from './posture.repository.ts';

/** The metrics some control reads: only these are kept, so ordinary sensor readings cost one set lookup. */
export function evidenceMetrics(controls: readonly Control[]): Set<string> {
  const metrics = new Set<string>();
  for (const control of controls) {
    if (control.evidence.kind === 'telemetry') metrics.add(control.evidence.metric);
    if (control.evidence.kind === 'environment') for (const m of control.evidence.metrics) metrics.add(m);
  }
  return metrics;
}

export interface EvidenceCollector extends EventDetector {
  /** Writes what was observed since the last flush. */
  flush(): Promise<void>;
}

/**
 * Collects posture evidence from the detection pipeline: the latest report of each evidence metric by each
 * inventoried asset (device telemetry enriched with its asset id: antivirus, hardening_score, backup_job, UPS,
 * temperature, …). Raises no alerts. Kept in memory per (asset, metric) and written in the background after
 * each batch, so a burst of readings becomes one row each.
 */
export function createEvidenceCollector(deps: {
  store: Store;
  bus: Bus;
  log: Logger;
  metrics: ReadonlySet<string>;
}): EvidenceCollector {
  const { store, bus, log, metrics } = deps;
  let pending = new Map<string, PostureObservationsTable>();
  let writing: Promise<void> = Promise.resolve();

  function flush(): Promise<void> {
    if (pending.size === 0) return writing;
    const batch = [...pending.values()];
    pending = new Map();
    writing = writing
      .then(() => upsertObservations(store.db, batch))
      // New evidence changes the posture: the posture service re-evaluates once reports settle.
      .then(() => bus.publish('posture.evidence', { observations: batch.length }))
      .catch((error: unknown) => log.error({ err: error }, 'could not record posture evidence'));
    return writing;
  }

  return {
    observe(event: AlertedEvent, at: string) {
      const citysoc = event.document.citysoc as
        { asset_id?: unknown; telemetry?: { metric?: unknown; value?: unknown; state?: unknown } } | undefined;
      const metric = citysoc?.telemetry?.metric;
      const assetId = citysoc?.asset_id;
      if (typeof metric !== 'string' || typeof assetId !== 'string' || !metrics.has(metric)) return [];
      const value = citysoc?.telemetry?.value;
      const state = citysoc?.telemetry?.state;
      // The device's own clock says when the job ran or the reading was taken, but never later than now.
      const observedAt = event.ts < at ? event.ts : at;
      const key = `${assetId}|${metric}`;
      const known = pending.get(key);
      if (!known || known.observed_at <= observedAt) {
        pending.set(key, {
          asset_id: assetId,
          metric,
          state: typeof state === 'string' ? state.toLowerCase() : null,
          value: typeof value === 'number' && Number.isFinite(value) ? value : null,
          observed_at: observedAt,
          event_id: event.id,
        });
      }
      return [];
    },
    due() {
      void flush();
      return [];
    },
    flush,
  };
}
