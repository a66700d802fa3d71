import { type Alert, SYSTEM_PRINCIPAL } from '@citysoc/core';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { TEST_PASSWORD, type TestCity } from '../../testing/test-city.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

/**
 * A water plant (door and camera supporting the critical drinking-water service) and an energy substation, for
 * the incident tests: alerts on the plant's devices share the water-supply service.
 */
export const INCIDENT_CITY_YAML = `departments:
  - {id: water, name: Water Utility}
  - {id: energy, name: Energy}
services:
  - {id: water-supply, name: Drinking water, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: plant-door}, {asset: plant-camera, soft: true}]}
  - {id: grid, name: Power grid, department: energy, criticality: high, population: 600000,
     depends_on: [{asset: substation-door}]}
assets:
  - {id: plant-door, name: Plant A door, type: sensor, department: water, zone: ot}
  - {id: plant-camera, name: Plant A camera, type: camera, department: water, zone: ot}
  - {id: substation-door, name: Substation door, type: sensor, department: energy, zone: ot}
`;

export async function importIncidentCity(city: TestCity): Promise<void> {
  await city.services.inventory.importDocument(
    SYSTEM_PRINCIPAL,
    parseInventoryDocument(readInventoryText(INCIDENT_CITY_YAML)),
  );
  await city.services.city.current();
}

export const doorForced = (device: string, ts: string) => ({
  device_id: device,
  metric: 'door',
  state: 'forced',
  value: 1,
  ts,
});
export const cameraOffline = (device: string, ts: string) => ({
  device_id: device,
  metric: 'camera',
  state: 'offline',
  value: 0,
  ts,
});

/** Ingests telemetry for a department and runs detection over it; returns the alerts raised, oldest first. */
export async function raiseAlerts(
  city: TestCity,
  departmentId: string,
  records: readonly Record<string, unknown>[],
): Promise<Alert[]> {
  const before = new Set((await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 500 })).map((a) => a.id));
  await city.services.ingest.ingest({ channel: 'mqtt', departmentId, format: 'ndjson' }, records);
  await city.services.detection.catchUp();
  const all = await city.services.alerts.list(SYSTEM_PRINCIPAL, { limit: 500 });
  return all.filter((a) => !before.has(a.id)).reverse();
}

export interface Session {
  cookie: string;
  'x-csrf-token': string;
}

/** Logs a user in through the API; the headers a browser would send afterwards. */
export async function logIn(app: HttpServer, username: string): Promise<Session> {
  const response = await app.inject({
    method: 'POST',
    url: '/api/auth/login',
    payload: { username, password: TEST_PASSWORD },
  });
  const cookie = response.cookies.find((c) => c.name === 'citysoc_session');
  if (!cookie) throw new Error(`login of ${username} failed: ${response.body}`);
  return {
    cookie: `citysoc_session=${cookie.value}`,
    'x-csrf-token': (response.json() as { csrfToken: string }).csrfToken,
  };
}
