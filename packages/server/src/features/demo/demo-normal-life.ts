import type { AssetDefinition, InventoryDocument, MetricRange } from '@citysoc/core';
import { createBackground } from './demo-background.ts';
import { type DemoMessage, deviceTopic, telemetryRecord } from './demo-formats.ts';
import { createRandom } from './demo-random.ts';

/** Everyday telemetry of the city, generated on demand for any stretch of (demo) time. */
export interface NormalLife {
  /** The messages of (the previous call, `until`], in time order. */
  advance(until: number): DemoMessage[];
  /** Keeps devices (by device id) from reporting until a time: a scenario speaks for them, or silences them. */
  quiet(deviceIds: readonly string[], until: number): void;
}

export interface NormalLifeOptions {
  city: InventoryDocument;
  /** Epoch milliseconds normal life starts at. */
  start: number;
  seed?: number | string;
  /** Suricata records per second (flows, DNS, HTTP, TLS). */
  networkPerSecond?: number;
  /** Syslog messages per second (SSH sessions, sudo, cron, ClamAV, firewall drops). */
  syslogPerSecond?: number;
  /** Windows logon and logoff events per second. */
  windowsPerSecond?: number;
}

interface Reporter {
  asset: AssetDefinition;
  deviceId: string;
  interval: number;
  next: number;
  /** The level each metric of this device hovers around. */
  baselines: Map<string, number>;
  /** Sent over HTTP by the city's LoRaWAN/Zigbee network server rather than over MQTT by the device. */
  viaNetworkServer: boolean;
}

/*
 * A reading is its device's baseline plus independent noise of ±5 % of the range; baselines sit in the middle
 * half of the range. So normal life stays 20 % away from every declared bound (no threshold or range alert)
 * and never drifts (a random walk would, sooner or later, look like an anomaly to a z-score detector).
 */
const BASELINE_MARGIN = 0.25;
const NOISE = 0.05;

function span(range: MetricRange): [number, number] {
  const min = range.min ?? 0;
  return [min, (range.max ?? min + 100) - min];
}

function round(value: number, range: MetricRange): number {
  const span = (range.max ?? 100) - (range.min ?? 0);
  const digits = span >= 100 ? 0 : span >= 5 ? 1 : 2;
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

/** What a healthy device says about itself: doors are closed, controllers run, everything else is ok. */
function stateOf(asset: AssetDefinition, metric: string): string {
  if (metric === 'door') return 'closed';
  return asset.type === 'plc' ? 'run' : 'ok';
}

export function createNormalLife(options: NormalLifeOptions): NormalLife {
  const { city, start } = options;
  const random = createRandom(options.seed ?? 'normal-life');
  const background = createBackground(city, random);
  const rates = {
    network: options.networkPerSecond ?? 12,
    syslog: options.syslogPerSecond ?? 4,
    windows: options.windowsPerSecond ?? 0.5,
  };
  const carry = { network: 0, syslog: 0, windows: 0 };
  const quietUntil = new Map<string, number>();
  const reporters: Reporter[] = city.assets
    .filter((a) => a.report_interval !== undefined && a.metrics !== undefined)
    .map((asset) => {
      const interval = (asset.report_interval as number) * 1000;
      const baselines = new Map<string, number>();
      for (const [metric, range] of Object.entries(asset.metrics ?? {})) {
        const [min, width] = span(range);
        baselines.set(metric, min + width * random.between(BASELINE_MARGIN, 1 - BASELINE_MARGIN));
      }
      return {
        asset,
        deviceId: asset.device_ids[0] ?? asset.id,
        interval,
        next: start + random.int(0, interval - 1),
        baselines,
        viaNetworkServer: asset.type === 'sensor' && asset.zone === 'iot',
      };
    });
  let last = start;

  function valueOf(metric: string, range: MetricRange, baseline: number | undefined): number {
    const [min, width] = span(range);
    if (range.unit !== 'state') return (baseline ?? min) + width * NOISE * random.between(-1, 1);
    // Doors stay shut; other two-state metrics (a parking bay taken or free) change from report to report.
    return metric === 'door' ? 0 : Number(random.chance(0.5));
  }

  function readings(reporter: Reporter, at: number): string[] {
    const lines: string[] = [];
    for (const [metric, range] of Object.entries(reporter.asset.metrics ?? {})) {
      const value = valueOf(metric, range, reporter.baselines.get(metric));
      const unit = range.unit;
      lines.push(
        telemetryRecord({
          at,
          deviceId: reporter.deviceId,
          metric,
          value: round(value, range),
          ...(unit !== undefined && { unit }),
          state: stateOf(reporter.asset, metric),
        }),
      );
    }
    return lines;
  }

  function deviceMessages(until: number): DemoMessage[] {
    const messages: DemoMessage[] = [];
    for (const reporter of reporters) {
      while (reporter.next <= until) {
        const at = reporter.next;
        reporter.next += reporter.interval;
        if ((quietUntil.get(reporter.deviceId) ?? 0) > at) continue;
        const lines = readings(reporter, at);
        if (reporter.viaNetworkServer) {
          for (const payload of lines) messages.push({ channel: 'http', source: 'device-telemetry', payload, at });
        } else {
          const topic = deviceTopic(reporter.asset.department, reporter.deviceId);
          messages.push({ channel: 'mqtt', topic, payload: lines.join('\n'), at });
        }
      }
    }
    return messages;
  }

  /** A steady rate over an interval of any length: whole events now, the fraction carried to the next call. */
  function spread(kind: keyof typeof carry, from: number, until: number, make: (at: number) => DemoMessage[]) {
    const expected = (rates[kind] * (until - from)) / 1000 + carry[kind];
    const count = Math.floor(expected);
    carry[kind] = expected - count;
    const messages: DemoMessage[] = [];
    for (let i = 0; i < count; i += 1) messages.push(...make(from + 1 + Math.floor(random.next() * (until - from))));
    return messages;
  }

  return {
    advance(until) {
      if (until <= last) return [];
      const from = last;
      last = until;
      const messages = [
        ...deviceMessages(until),
        ...spread('network', from, until, (at) => [background.network(at)]),
        ...spread('syslog', from, until, (at) => background.syslog(at)),
        ...spread('windows', from, until, (at) => [background.windows(at)]),
      ];
      return messages.sort((a, b) => a.at - b.at);
    },
    quiet(deviceIds, until) {
      for (const id of deviceIds) quietUntil.set(id, Math.max(until, quietUntil.get(id) ?? 0));
    },
  };
}
