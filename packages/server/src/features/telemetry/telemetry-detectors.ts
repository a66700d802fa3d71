import {
  type Asset,
  type AlertRule,
  checkRange,
  createAnomalyDetector,
  createSilenceTracker,
  type SilenceTransition,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import type { Logger } from '../../platform/log.ts';
import { alertRow, type AlertedEvent, type AlertsService, type EventDetector } from '../detection/index.ts';
import type { CityModel, CityModelCache, InventoryService } from '../inventory/index.ts';
import { ANOMALY_RULE, CADENCE_RULE, RANGE_RULE, SILENCE_RULE } from './telemetry-rules.ts';

export interface TelemetryDetectorOptions {
  /** Missed intervals before a device is silent (the issue: 3). */
  missedIntervals?: number;
  /** Observed/declared cadence ratio (either way) that raises "cadence changed". */
  cadenceFactor?: number;
  /** z-score above which a reading is anomalous against its device's baseline. */
  anomalyThreshold?: number;
  now?: () => number;
}

export interface TelemetryDetectors extends EventDetector {
  /** Per watched asset: reporting, silent or never seen, and when it last reported. For the UI. */
  snapshot(): ReturnType<ReturnType<typeof createSilenceTracker>['snapshot']>;
  close(): void;
}

interface Reading {
  assetId: string;
  metric: string;
  value: number;
}

function readingOf(event: AlertedEvent): Reading | null {
  const citysoc = event.document.citysoc as
    { asset_id?: unknown; telemetry?: { metric?: unknown; value?: unknown } } | undefined;
  const assetId = citysoc?.asset_id;
  const metric = citysoc?.telemetry?.metric;
  const value = citysoc?.telemetry?.value;
  if (typeof assetId !== 'string' || typeof metric !== 'string' || typeof value !== 'number') return null;
  return Number.isFinite(value) ? { assetId, metric, value } : null;
}

function assetEvent(asset: Asset, key: string, at: number): AlertedEvent {
  return {
    id: key,
    ts: new Date(at).toISOString(),
    source: 'citysoc-telemetry',
    department_id: asset.department,
    host_name: asset.hostnames[0] ?? null,
    source_ip: asset.ip[0] ?? null,
    destination_ip: null,
    user_name: null,
    document: { device: { id: asset.id }, citysoc: { asset_id: asset.id } },
  };
}

/**
 * Silence, cadence, range and anomaly detection on the telemetry of inventoried assets, run by the detection
 * pipeline on every committed event (O(1) per event). A device is tracked when its asset declares a
 * `report_interval`; any event enriched with its asset id counts as a report. The tracker's clock is the time
 * detection reads the event (the pipeline runs seconds behind ingest; the event's own timestamp is the device's
 * clock and cannot be trusted to say when it reported). State is in memory: after a restart every device starts as
 * "never seen" and is silent only after 3 intervals without a report, so a restart cannot raise a burst of false
 * silences; one already marked silent in the inventory is not alerted again.
 */
export function createTelemetryDetectors(deps: {
  city: CityModelCache;
  inventory: InventoryService;
  alerts: AlertsService;
  log: Logger;
  options?: TelemetryDetectorOptions;
}): TelemetryDetectors {
  const { city, inventory, alerts, log } = deps;
  const options = deps.options ?? {};
  const now = options.now ?? Date.now;
  const tracker = createSilenceTracker({
    now,
    missedIntervals: options.missedIntervals ?? 3,
    cadenceFactor: options.cadenceFactor ?? 2,
  });
  const anomalies = createAnomalyDetector({ threshold: options.anomalyThreshold ?? 5 });
  let assets: ReadonlyMap<string, Asset> = new Map();
  /** Which assets this node watches for silence: all, or in a cluster those of its partitions. */
  let owns: (assetId: string) => boolean = () => true;
  /** (asset, metric) pairs currently out of range: one alert when a reading leaves the range, not one per reading. */
  const outOfRange = new Set<string>();

  function watchAssets(next: ReadonlyMap<string, Asset>) {
    assets = next;
    for (const state of tracker.snapshot()) {
      if (!next.get(state.key)?.report_interval || !owns(state.key)) tracker.unwatch(state.key);
    }
    for (const asset of next.values()) {
      if (asset.report_interval !== undefined && owns(asset.id)) tracker.watch(asset.id, asset.report_interval * 1000);
    }
  }
  const apply = (model: CityModel) => watchAssets(model.assets);
  const stopListening = city.onRebuilt(apply);
  void city
    .current()
    .then(apply, (error: unknown) => log.error({ err: error }, 'telemetry detectors have no city model'));

  /** Side effects of silence on the inventory, after the alert: the impact what-ifs then count the device as missing. */
  function setStatus(assetId: string, from: Asset['status'], to: Asset['status'], reason: string) {
    if (assets.get(assetId)?.status !== from) return;
    inventory
      .setAssetStatus(SYSTEM_PRINCIPAL, assetId, to, reason)
      .catch((error: unknown) => log.error({ err: error, assetId }, 'could not change the status of a silent asset'));
  }

  async function clearSilenceAlerts(assetId: string) {
    const open = await alerts.list(SYSTEM_PRINCIPAL, { rule: SILENCE_RULE.id, status: 'new', limit: 500 });
    for (const alert of open) {
      if (alert.eventId.startsWith(`silence:${assetId}:`)) await alerts.setStatus(SYSTEM_PRINCIPAL, alert.id, 'closed');
    }
  }

  function transitionAlert(transition: SilenceTransition, at: string) {
    const asset = assets.get(transition.key);
    if (!asset) return [];
    if (transition.kind === 'silent') {
      // Already marked silent: this episode was alerted, by this node before a restart or by the node that
      // watched the device before its partition moved here.
      if (asset.status === 'silent') return [];
      setStatus(asset.id, 'operational', 'silent', 'no telemetry for 3 reporting intervals');
      const key = `silence:${asset.id}:${transition.since}`;
      const rule: AlertRule = { ...SILENCE_RULE, title: `Device silent: ${asset.name}` };
      return [alertRow(rule, assetEvent(asset, key, transition.since), at, asset.department)];
    }
    if (transition.kind === 'cadence_changed') {
      const key = `cadence:${asset.id}:${now()}`;
      const observed = Math.round(transition.observedMs / 1000);
      const rule: AlertRule = {
        ...CADENCE_RULE,
        title: `Reporting cadence changed: ${asset.name} every ~${observed}s (declared ${transition.expectedMs / 1000}s)`,
      };
      return [alertRow(rule, assetEvent(asset, key, now()), at, asset.department)];
    }
    return [];
  }

  return {
    observe(event, at) {
      const assetId = (event.document.citysoc as { asset_id?: unknown } | undefined)?.asset_id;
      if (typeof assetId !== 'string') return [];
      const recovered = tracker.seen(assetId);
      if (recovered?.kind === 'recovered') {
        setStatus(assetId, 'silent', 'operational', 'reporting again');
        clearSilenceAlerts(assetId).catch((error: unknown) =>
          log.error({ err: error, assetId }, 'could not clear silence alerts'),
        );
      }
      const reading = readingOf(event);
      const asset = reading && assets.get(reading.assetId);
      if (!reading || !asset) return [];
      const raised = [];
      const key = `${reading.assetId}\u0000${reading.metric}`;
      const range = asset.metrics?.[reading.metric];
      const violation = range ? checkRange(reading.value, range) : null;
      if (violation && !outOfRange.has(key)) {
        outOfRange.add(key);
        const unit = range?.unit ? ` ${range.unit}` : '';
        const rule: AlertRule = {
          ...RANGE_RULE,
          title: `${asset.name}: ${reading.metric} ${reading.value}${unit} ${violation.bound === 'max' ? 'above' : 'below'} ${violation.limit}${unit}`,
        };
        raised.push(alertRow(rule, event, at, event.department_id));
      } else if (!violation) outOfRange.delete(key);
      const score = anomalies.observe(reading.assetId, reading.metric, reading.value);
      if (score.onset && !violation) {
        const rule: AlertRule = {
          ...ANOMALY_RULE,
          title: `${asset.name}: unusual ${reading.metric} ${reading.value} (z=${score.score.toFixed(1)})`,
        };
        raised.push(alertRow(rule, event, at, event.department_id));
      }
      return raised;
    },

    due(at) {
      return tracker.advance().flatMap((transition) => transitionAlert(transition, at));
    },

    scope(next) {
      owns = next ?? (() => true);
      // A newly owned device starts as never seen: it is silent only after its intervals pass without a report.
      watchAssets(assets);
    },

    snapshot: () => tracker.snapshot(),

    close: stopListening,
  };
}
