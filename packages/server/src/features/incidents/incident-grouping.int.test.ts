import { SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { createIncidentGrouping, loadGroupingConfig } from './incident-grouping.ts';
import { writeGroupingCheckpoint } from './incidents.repository.ts';
import { cameraOffline, doorForced, importIncidentCity, raiseAlerts } from './incident-test-city.ts';

const at = (minutes: number) => new Date(Date.parse('2026-03-01T08:00:00.000Z') + minutes * 60_000).toISOString();

describe.each(testDatabaseKinds())('automatic grouping on $kind', (kind) => {
  let city: TestCity;
  beforeEach(async () => {
    city = await createTestCity(kind);
    await importIncidentCity(city);
  });
  afterEach(() => city.dispose());

  // A fresh consumer over the same database is what a restart gives: all its state is the stored checkpoint.
  const grouping = () =>
    createIncidentGrouping({
      incidents: city.services.incidents,
      config: loadGroupingConfig(),
      log: city.services.log,
    });
  const all = () => city.services.incidents.list(SYSTEM_PRINCIPAL, { limit: 100 });

  it('opens an incident for a high alert and attaches a medium alert on the same city service, saying why', async () => {
    const [door] = await raiseAlerts(city, 'water', [doorForced('plant-door', at(0))]);
    const [camera] = await raiseAlerts(city, 'water', [cameraOffline('plant-camera', at(20))]);
    expect(await grouping().catchUp()).toBe(2);
    const [incident] = await all();
    expect(incident).toMatchObject({
      ref: 'INC-1',
      title: 'Door forced open at a city facility',
      severity: 'high',
      departmentId: 'water',
      alertCount: 2,
      createdBy: 'incident-grouping',
    });
    const detail = await city.services.incidents.get(SYSTEM_PRINCIPAL, incident!.id);
    const reasons = Object.fromEntries(detail.alerts.map((a) => [a.alertId, a.reason]));
    expect(reasons[camera!.id]).toBe("shares city service 'water-supply' with INC-1 within 2h");
    expect(reasons[door!.id]).toBe('high alert with no open incident sharing an entity');
    expect(detail.timeline.map((e) => e.kind)).toEqual(['created', 'grouped', 'grouped']);
    expect((await city.services.alerts.get(SYSTEM_PRINCIPAL, camera!.id)).status).toBe('escalated');
  });

  it('leaves a medium alert with nothing to join alone, and opens separate incidents per department', async () => {
    const [lonely] = await raiseAlerts(city, 'water', [cameraOffline('plant-camera', at(0))]);
    await raiseAlerts(city, 'water', [doorForced('plant-door', at(10))]);
    await raiseAlerts(city, 'energy', [doorForced('substation-door', at(11))]);
    await grouping().catchUp();
    const incidents = await all();
    expect(incidents.map((i) => i.departmentId).sort()).toEqual(['energy', 'water']);
    expect((await city.services.alerts.get(SYSTEM_PRINCIPAL, lonely!.id)).status).toBe('new');
  });

  it('opens a new incident when the shared entity was last active outside the window', async () => {
    await raiseAlerts(city, 'water', [doorForced('plant-door', at(0))]);
    await raiseAlerts(city, 'water', [doorForced('plant-door', at(180))]);
    await grouping().catchUp();
    expect((await all()).map((i) => i.alertCount)).toEqual([1, 1]);
  });

  it('does not attach to a closed incident', async () => {
    await raiseAlerts(city, 'water', [doorForced('plant-door', at(0))]);
    await grouping().catchUp();
    const [first] = await all();
    await city.services.incidents.update(SYSTEM_PRINCIPAL, first!.id, {
      status: 'closed',
      resolution: { kind: 'benign', summary: 'drill' },
    });
    await raiseAlerts(city, 'water', [cameraOffline('plant-camera', at(5))]);
    await grouping().catchUp();
    expect((await city.services.incidents.get(SYSTEM_PRINCIPAL, first!.id)).alertCount).toBe(1);
  });

  it('continues from its checkpoint after a restart and repeats nothing when alerts are read again', async () => {
    await raiseAlerts(city, 'water', [doorForced('plant-door', at(0))]);
    expect(await grouping().catchUp()).toBe(1);
    // Restart: a new consumer reads only what was raised since.
    await raiseAlerts(city, 'water', [cameraOffline('plant-camera', at(1))]);
    expect(await grouping().catchUp()).toBe(1);
    // A crash before the checkpoint was saved: every alert is read again, and nothing changes.
    await writeGroupingCheckpoint(city.services.store.db, 'grouping', '', new Date().toISOString());
    const before = await city.services.incidents.get(SYSTEM_PRINCIPAL, (await all())[0]!.id);
    expect(await grouping().catchUp()).toBe(2);
    const incidents = await all();
    expect(incidents).toHaveLength(1);
    const after = await city.services.incidents.get(SYSTEM_PRINCIPAL, incidents[0]!.id);
    expect(after.alertCount).toBe(2);
    expect(after.timeline).toHaveLength(before.timeline.length);
  });

  it('is woken by alerts.raised when started', async () => {
    const consumer = grouping();
    consumer.start();
    try {
      await raiseAlerts(city, 'water', [doorForced('plant-door', at(0))]);
      await expect.poll(async () => (await all()).length, { timeout: 3000, interval: 50 }).toBe(1);
    } finally {
      await consumer.stop();
    }
  });
});
