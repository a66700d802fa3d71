import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDetectionService, type DetectionService, loadDetectionEngine } from '../detection/index.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createTelemetryDetectors, type TelemetryDetectors } from './index.ts';

const INVENTORY = `
services:
  - {id: traffic-lights, name: Traffic lights, department: energy, criticality: high, population: 400000,
     depends_on: [{assets: [tc-1, tc-2], need: 1}]}
assets:
  - {id: tc-1, name: Traffic controller 1, type: plc, department: energy, report_interval: 60s, device_ids: [TC-0001]}
  - {id: tc-2, name: Traffic controller 2, type: plc, department: energy, report_interval: 60s, device_ids: [TC-0002]}
  - id: room-1
    name: Server room sensor
    type: sensor
    department: energy
    device_ids: [ENV-01]
    metrics: {temperature: {min: 18, max: 27, unit: C}}
`;

describe.each(testDatabaseKinds())('telemetry detectors on $kind', (kind) => {
  let city: TestCity;
  let clock: number;
  let telemetry: TelemetryDetectors;
  let detection: DetectionService;

  beforeEach(async () => {
    city = await createTestCity(kind);
    const { services } = city;
    await services.inventory.importDocument(SYSTEM_PRINCIPAL, parseInventoryDocument(readInventoryText(INVENTORY)));
    await services.city.current();
    clock = Date.now();
    telemetry = createTelemetryDetectors({ ...services, options: { now: () => clock } });
    await services.city.current();
    detection = createDetectionService({
      ...services,
      engine: loadDetectionEngine([]).engine,
      refusedRules: 0,
      detectors: [telemetry],
    });
  });
  afterEach(async () => {
    telemetry.close();
    await city.dispose();
  });

  const report = (device: string, metric: string, value: number) =>
    city.services.ingest.ingest({ channel: 'mqtt', departmentId: null, format: 'ndjson' }, [
      JSON.stringify({ device_id: device, metric, value, ts: new Date(clock).toISOString() }),
    ]);
  const alertsOf = (rule: string) => city.services.alerts.list(SYSTEM_PRINCIPAL, { rule, limit: 100 });
  /** Status changes follow the alerts, off the detection path: waited for, not timed. */
  const becomes = (asset: string, status: string) =>
    vi.waitFor(
      async () => expect((await city.services.inventory.getAsset(SYSTEM_PRINCIPAL, asset)).status).toBe(status),
      { timeout: 10_000, interval: 50 },
    );

  it('raises "device silent" after three missed intervals, marks the asset silent, and clears on report', async () => {
    await report('TC-0001', 'heartbeat', 1);
    await report('TC-0002', 'heartbeat', 1);
    await detection.catchUp();
    clock += 150_000;
    await report('TC-0002', 'heartbeat', 1);
    await detection.catchUp();
    expect(await alertsOf('citysoc-telemetry-silent')).toEqual([]);

    clock += 31_000; // tc-1: 181 s without a report; tc-2 reported 31 s ago
    await detection.catchUp();
    const [silent, ...more] = await alertsOf('citysoc-telemetry-silent');
    expect(more).toEqual([]);
    expect(silent).toMatchObject({
      title: 'Device silent: Traffic controller 1',
      departmentId: 'energy',
      level: 'high',
    });
    await becomes('tc-1', 'silent');
    await city.services.city.current();
    const now = await city.services.impact.now(SYSTEM_PRINCIPAL);
    expect(now.services).toEqual([expect.objectContaining({ id: 'traffic-lights', state: 'degraded' })]);

    clock += 60_000;
    await detection.catchUp();
    expect(await alertsOf('citysoc-telemetry-silent')).toHaveLength(1); // still silent: no second alert

    await report('TC-0001', 'heartbeat', 1);
    await detection.catchUp();
    await becomes('tc-1', 'operational');
    await vi.waitFor(async () => expect((await alertsOf('citysoc-telemetry-silent'))[0]?.status).toBe('closed'), {
      timeout: 10_000,
      interval: 50,
    });
  });

  it('watches only the assets of its partitions when scoped (cluster mode), and picks up one it gains', async () => {
    detection.scopeAssets((assetId) => assetId === 'tc-2');
    expect(telemetry.snapshot().map((state) => state.key)).toEqual(['tc-2']);
    clock += 200_000;
    expect(await detection.raiseDue()).toBe(1);
    expect((await alertsOf('citysoc-telemetry-silent')).map((alert) => alert.title)).toEqual([
      'Device silent: Traffic controller 2',
    ]);
    await becomes('tc-2', 'silent');
    await city.services.city.current();

    // Partitions move: tc-2 goes to another node and comes back, tc-1 arrives. Both start as never seen; after
    // three intervals tc-1 is alerted, and tc-2, still marked silent, is not alerted a second time.
    detection.scopeAssets((assetId) => assetId === 'tc-1');
    detection.scopeAssets(null);
    expect(await detection.raiseDue()).toBe(0);
    clock += 181_000;
    expect(await detection.raiseDue()).toBe(1);
    expect((await alertsOf('citysoc-telemetry-silent')).map((alert) => alert.title).sort()).toEqual([
      'Device silent: Traffic controller 1',
      'Device silent: Traffic controller 2',
    ]);
  });

  it('raises one alert when a reading leaves the declared range, and again only after it came back', async () => {
    for (const value of [22, 29, 30, 31, 24, 28]) await report('ENV-01', 'temperature', value);
    await detection.catchUp();
    const titles = (await alertsOf('citysoc-telemetry-range')).map((a) => a.title).sort();
    expect(titles).toEqual([
      'Server room sensor: temperature 28 C above 27 C',
      'Server room sensor: temperature 29 C above 27 C',
    ]);
  });

  it('flags a reading far from the device baseline', async () => {
    for (let i = 0; i < 60; i++) await report('ENV-01', 'humidity', 40 + (i % 3) * 0.5);
    await report('ENV-01', 'humidity', 95);
    await detection.catchUp();
    const [anomaly] = await alertsOf('citysoc-telemetry-anomaly');
    expect(anomaly?.title).toMatch(/^Server room sensor: unusual humidity 95 \(z=\d+/);
  });
});
