import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../server.ts';
import { createTestCity, type TestCity } from '../testing/test-city.ts';
import { testDatabaseKinds } from '../testing/test-databases.ts';
import type { HttpServer } from './http/http-server.ts';
import { type MetricsServer, serveMetrics } from './metrics.ts';

const DOOR_FORCED = {
  device_id: 'door-substation-3',
  metric: 'door',
  value: 1,
  state: 'forced',
  ts: '2026-11-22T03:14:00Z',
};
const NORMAL = { device_id: 'env-dc-1', metric: 'temperature', value: 22, unit: 'C', ts: '2026-11-22T03:16:00Z' };

/** The value of one sample line of the Prometheus text format, e.g. `name{label="x"} 3`. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe.each(testDatabaseKinds())('metrics and readiness on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;
  let metrics: MetricsServer;
  let token: string;

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    metrics = await serveMetrics(city.services.metrics, { host: '127.0.0.1', port: 0 });
    token = (
      await city.services.tokens.create(SYSTEM_PRINCIPAL, {
        name: 'shipper',
        scope: 'ingest',
        departmentId: 'water',
        expiresInDays: null,
      })
    ).token;
  });
  afterEach(async () => {
    await metrics.close();
    await app.close();
    await city.dispose();
  });

  const scrape = async () => {
    const response = await fetch(metrics.url);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
    return response.text();
  };

  it('counts ingested, rejected and stored events, commits, alerts and the detection lag', async () => {
    const before = await scrape();
    expect(sample(before, 'citysoc_events_stored_total')).toBe(0);

    const response = await app.inject({
      method: 'POST',
      url: '/api/ingest?source=device-telemetry',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
      payload: [JSON.stringify(DOOR_FORCED), JSON.stringify(NORMAL), '{not json'].join('\n'),
    });
    expect(response.json()).toMatchObject({ accepted: 2, rejected: 1 });

    const ingested = await scrape();
    expect(sample(ingested, 'citysoc_ingest_events_total{source="device-telemetry",outcome="accepted"}')).toBe(2);
    expect(sample(ingested, 'citysoc_ingest_events_total{source="device-telemetry",outcome="rejected"}')).toBe(1);
    expect(sample(ingested, 'citysoc_ingest_channel_events_total{channel="http",outcome="accepted"}')).toBe(2);
    expect(sample(ingested, 'citysoc_events_stored_total')).toBe(2);
    expect(sample(ingested, 'citysoc_event_commit_seconds_count')).toBe(1);
    expect(sample(ingested, 'citysoc_event_commit_batch_events_sum')).toBe(2);
    expect(sample(ingested, 'citysoc_ingest_queue_events')).toBe(0);
    expect(sample(ingested, 'citysoc_detection_lag_events')).toBe(2);
    expect(sample(ingested, 'citysoc_bus_messages_total{direction="out",subject="events.committed"}')).toBe(1);

    await city.services.detection.catchUp();
    const detected = await scrape();
    expect(sample(detected, 'citysoc_detection_lag_events')).toBe(0);
    expect(sample(detected, 'citysoc_alerts_raised_total')).toBe(1);
    expect(sample(detected, 'citysoc_bus_messages_total{direction="out",subject="alerts.raised"}')).toBe(1);
    // Process figures come with a served endpoint.
    expect(sample(detected, 'process_cpu_user_seconds_total')).toBeGreaterThan(0);
    expect(sample(detected, 'nodejs_eventloop_lag_seconds')).toBeGreaterThanOrEqual(0);
    expect((await fetch(metrics.url.replace('/metrics', '/other'))).status).toBe(404);
  });

  it('reports readiness with each check, and 503 once the database is gone', async () => {
    const ready = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json()).toMatchObject({
      ready: true,
      checks: { database: { ok: true }, migrations: { ok: true }, bus: { ok: true, detail: 'memory connected' } },
    });
    await city.services.store.close();
    const down = await app.inject({ method: 'GET', url: '/api/ready' });
    expect(down.statusCode).toBe(503);
    expect(down.json()).toMatchObject({ ready: false, checks: { database: { ok: false }, migrations: { ok: false } } });
  });
});
