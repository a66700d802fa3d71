import {
  type Alert,
  InputError,
  NotAllowedError,
  NotFoundError,
  type Principal,
  ConflictError,
  SYSTEM_PRINCIPAL,
} from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { cameraOffline, doorForced, importIncidentCity, raiseAlerts } from './incident-test-city.ts';
import { createIncidentsService } from './incidents.service.ts';
import { openIncidentCounts } from './incidents.repository.ts';

const T = '2026-03-01T08:00:00.000Z';

describe.each(testDatabaseKinds())('incident cases on $kind', (kind) => {
  let city: TestCity;
  let operator: Principal;
  let waterResponder: Principal;
  let doorAlert: Alert;
  let cameraAlert: Alert;
  let energyAlert: Alert;

  beforeEach(async () => {
    city = await createTestCity(kind);
    await importIncidentCity(city);
    operator = await city.addUser('olga', 'soc_operator');
    waterResponder = await city.addUser('wendy', 'responder', ['water']);
    const water = await raiseAlerts(city, 'water', [doorForced('plant-door', T), cameraOffline('plant-camera', T)]);
    doorAlert = water[0]!;
    cameraAlert = water[1]!;
    energyAlert = (await raiseAlerts(city, 'energy', [doorForced('substation-door', T)]))[0]!;
  });
  afterEach(() => city.dispose());

  const incidents = () => city.services.incidents;

  it('escalates alerts into a new incident: linked, marked escalated, with their department, assets and services', async () => {
    const created = await incidents().create(operator, {
      title: 'Break-in at plant A',
      alertIds: [doorAlert.id, cameraAlert.id],
    });
    expect(created).toMatchObject({
      ref: 'INC-1',
      status: 'new',
      departmentId: 'water',
      severity: 'high',
      serviceCriticality: 'critical',
      priority: 'P1',
      alertCount: 2,
      techniques: ['T0815', 'T0883'],
    });
    expect(created.assetIds.sort()).toEqual(['plant-camera', 'plant-door']);
    expect(created.serviceIds).toEqual(['water-supply']);
    expect(created.alerts.map((a) => a.alertId).sort()).toEqual([cameraAlert.id, doorAlert.id].sort());
    expect(created.alerts[0]?.reason).toBe('escalated by olga');
    expect((await city.services.alerts.get(SYSTEM_PRINCIPAL, doorAlert.id)).status).toBe('escalated');
    // The cascade impact of the affected assets comes from the impact service.
    expect(created.impact?.services.map((s) => s.id)).toContain('water-supply');
    expect(created.timeline.map((e) => e.kind)).toEqual(['created', 'alert', 'alert']);
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 20,
      target: { type: 'incident', id: created.id },
    });
    expect(audit.map((e) => e.action).sort()).toEqual([
      'incident.create',
      'incident.link_alert',
      'incident.link_alert',
    ]);
  });

  it('refuses an alert that already belongs to another incident, and an alert of another department', async () => {
    await incidents().create(operator, { title: 'first', alertIds: [doorAlert.id] });
    const second = await incidents().create(operator, { title: 'second', departmentId: 'water' });
    await expect(incidents().linkAlerts(operator, second.id, [doorAlert.id])).rejects.toThrow(ConflictError);
    await expect(incidents().linkAlerts(operator, second.id, [energyAlert.id])).rejects.toThrow(
      "of department 'energy' and cannot join an incident of department 'water'",
    );
    const linked = await incidents().linkAlerts(operator, second.id, [cameraAlert.id]);
    expect(linked.alertCount).toBe(1);
    expect((await city.services.alerts.get(SYSTEM_PRINCIPAL, cameraAlert.id)).status).toBe('escalated');
  });

  it('walks the NIST phases, closes with a summary, reopens with a reason, all on the timeline', async () => {
    const { id } = await incidents().create(operator, { title: 'Lifecycle', alertIds: [doorAlert.id] });
    for (const status of ['triage', 'containment', 'eradication', 'recovery', 'post_incident'] as const) {
      await incidents().update(waterResponder, id, { status });
    }
    const closed = await incidents().update(waterResponder, id, {
      status: 'closed',
      resolution: { kind: 'true_positive', summary: 'Lock replaced, footage reviewed' },
    });
    expect(closed).toMatchObject({
      status: 'closed',
      resolution: { kind: 'true_positive', summary: 'Lock replaced, footage reviewed' },
      nextStatuses: ['triage'],
    });
    expect(closed.closedAt).not.toBeNull();
    expect(closed.sla.clocks.every((c) => c.state === 'met')).toBe(true);
    expect(closed.statusHistory.map((s) => s.to)).toEqual([
      'triage',
      'containment',
      'eradication',
      'recovery',
      'post_incident',
      'closed',
    ]);
    await expect(incidents().update(waterResponder, id, { status: 'triage' })).rejects.toThrow(
      'Reopening a closed incident needs a reason',
    );
    const reopened = await incidents().update(waterResponder, id, { status: 'triage', reason: 'Second break-in' });
    expect(reopened).toMatchObject({ status: 'triage', resolution: null, closedAt: null });
    expect(reopened.timeline.at(-1)).toMatchObject({
      kind: 'status',
      actor: 'wendy',
      text: 'Status closed → triage: Second break-in',
    });
  });

  it('refuses invalid transitions and closing without a resolution, saying why', async () => {
    const { id } = await incidents().create(operator, { title: 'Rules', departmentId: 'water' });
    await incidents().update(operator, id, { status: 'triage' });
    await expect(incidents().update(operator, id, { status: 'recovery' })).rejects.toThrow(
      "An incident cannot move from 'triage' to 'recovery' (allowed from 'triage': containment, closed)",
    );
    await expect(incidents().update(operator, id, { status: 'closed' })).rejects.toThrow(
      'Closing an incident needs a resolution summary',
    );
    expect((await incidents().get(operator, id)).status).toBe('triage');
  });

  it("hides another department's incidents from a department's responder: not found, never forbidden", async () => {
    const energy = await incidents().create(operator, { title: 'Substation', alertIds: [energyAlert.id] });
    const water = await incidents().create(operator, { title: 'Plant', alertIds: [doorAlert.id] });
    expect((await incidents().list(waterResponder, { limit: 100 })).map((i) => i.id)).toEqual([water.id]);
    await expect(incidents().get(waterResponder, energy.id)).rejects.toThrow(NotFoundError);
    await expect(incidents().update(waterResponder, energy.id, { title: 'mine now' })).rejects.toThrow(NotFoundError);
    await expect(incidents().addTask(waterResponder, energy.id, { title: 'x' })).rejects.toThrow(NotFoundError);
    await expect(incidents().linkAlerts(waterResponder, water.id, [energyAlert.id])).rejects.toThrow(NotFoundError);
    expect((await incidents().get(operator, energy.id)).title).toBe('Substation');
  });

  it('shows a case shared with another department to its responders, on the timeline, until the share ends', async () => {
    const energy = await incidents().create(operator, { title: 'Substation', alertIds: [energyAlert.id] });
    const shared = await incidents().share(operator, energy.id, {
      departmentId: 'water',
      reason: 'The substation feeds the pumping station',
    });
    expect(shared.sharedWith).toEqual([
      expect.objectContaining({
        departmentId: 'water',
        sharedBy: 'olga',
        reason: 'The substation feeds the pumping station',
      }),
    ]);
    expect(shared.timeline.map((e) => e.text)).toContain('Shared with water: The substation feeds the pumping station');
    // The water responder now sees and works the case, like one of their own.
    expect((await incidents().list(waterResponder, { limit: 100 })).map((i) => i.id)).toContain(energy.id);
    expect((await incidents().get(waterResponder, energy.id)).title).toBe('Substation');
    await incidents().addTask(waterResponder, energy.id, { title: 'Check the pumps on backup power' });
    await expect(incidents().share(operator, energy.id, { departmentId: 'water' })).rejects.toThrow(InputError);
    await expect(incidents().share(operator, energy.id, { departmentId: 'energy' })).rejects.toThrow(InputError);
    await expect(incidents().share(operator, energy.id, { departmentId: 'nowhere' })).rejects.toThrow(NotFoundError);
    // The water responder ends the share: the case is gone for them again (null: they no longer see it).
    expect(await incidents().unshare(waterResponder, energy.id, 'water')).toBeNull();
    await expect(incidents().get(waterResponder, energy.id)).rejects.toThrow(NotFoundError);
    expect((await incidents().list(waterResponder, { limit: 100 })).map((i) => i.id)).not.toContain(energy.id);
    const after = await incidents().get(operator, energy.id);
    expect(after.sharedWith).toEqual([]);
    expect(after.timeline.map((e) => e.text)).toContain('No longer shared with water');
    await expect(incidents().unshare(operator, energy.id, 'water')).rejects.toThrow(NotFoundError);
  });

  it('lets department administrators read but not manage, and data owners neither', async () => {
    const { id } = await incidents().create(operator, { title: 'Plant', alertIds: [doorAlert.id] });
    const sysadmin = await city.addUser('sam', 'sysadmin', ['water']);
    expect((await incidents().get(sysadmin, id)).title).toBe('Plant');
    await expect(incidents().update(sysadmin, id, { status: 'triage' })).rejects.toThrow(NotAllowedError);
    const owner = await city.addUser('dora', 'data_owner', ['water']);
    await expect(incidents().list(owner, { limit: 10 })).rejects.toThrow(NotAllowedError);
  });

  it('assigns only people who may work the incident, and filters the queue by assignee and severity', async () => {
    const { id } = await incidents().create(operator, { title: 'Plant', alertIds: [doorAlert.id] });
    const energyResponder = await city.addUser('erik', 'responder', ['energy']);
    await expect(incidents().update(operator, id, { assigneeId: energyResponder.id })).rejects.toThrow(
      "User 'erik' cannot work incidents of department 'water'",
    );
    expect((await incidents().assignees(operator, id)).map((a) => a.username).sort()).toEqual(['olga', 'wendy']);
    const assigned = await incidents().update(operator, id, { assigneeId: waterResponder.id, severity: 'critical' });
    expect(assigned).toMatchObject({ assigneeName: 'wendy', severity: 'critical' });
    expect(assigned.timeline.at(-1)?.text).toBe('Severity high → critical; assignee nobody → wendy');
    expect(await incidents().list(operator, { assignee: waterResponder.id, limit: 10 })).toHaveLength(1);
    expect(await incidents().list(operator, { severity: 'low', limit: 10 })).toHaveLength(0);
    expect(await incidents().list(operator, { q: 'INC-1', limit: 10 })).toHaveLength(1);
    expect(await incidents().list(operator, { q: 'pla', limit: 10 })).toHaveLength(1);
    expect(await incidents().list(operator, { q: '%', limit: 10 })).toHaveLength(0);
  });

  it('keeps tasks, comments and observables on the case, each on the timeline', async () => {
    const { id } = await incidents().create(operator, { title: 'Plant', alertIds: [doorAlert.id] });
    const task = await incidents().addTask(waterResponder, id, { title: 'Review CCTV', assigneeId: waterResponder.id });
    expect(task).toMatchObject({ status: 'todo', assigneeName: 'wendy' });
    expect(await incidents().updateTask(waterResponder, id, task.id, { status: 'done' })).toMatchObject({
      status: 'done',
    });
    await incidents().addComment(waterResponder, id, { body: 'Footage shows two people' });
    const observable = await incidents().addObservable(waterResponder, id, {
      type: 'ip',
      value: '203.0.113.7',
      block: true,
    });
    expect(observable).toMatchObject({ tlp: 'amber', pap: 'amber', block: true });
    await expect(incidents().addObservable(waterResponder, id, { type: 'ip', value: '203.0.113.7' })).rejects.toThrow(
      InputError,
    );
    expect(
      await incidents().updateObservable(waterResponder, id, observable.id, { block: false, tlp: 'red' }),
    ).toMatchObject({ block: false, tlp: 'red' });
    const detail = await incidents().get(operator, id);
    expect(detail.tasks).toHaveLength(1);
    expect(detail.comments.map((c) => [c.authorName, c.body])).toEqual([['wendy', 'Footage shows two people']]);
    expect(detail.timeline.map((e) => e.text)).toEqual(
      expect.arrayContaining([
        'Task added: Review CCTV',
        'Task done: Review CCTV',
        'Comment added',
        'Observable added: ip 203.0.113.7 (to block)',
      ]),
    );
  });

  it('accepts timeline entries from other features through the extension point, but not reserved kinds', async () => {
    const { id } = await incidents().create(operator, { title: 'Plant', departmentId: 'water' });
    await incidents().addTimelineEntry(operator, id, { kind: 'playbook', text: 'Step 1: isolate', data: { step: 1 } });
    await expect(incidents().addTimelineEntry(operator, id, { kind: 'status', text: 'forged' })).rejects.toThrow();
    expect((await incidents().timeline(operator, id)).at(-1)).toMatchObject({ kind: 'playbook', data: { step: 1 } });
  });

  it('fixes the stance SLA factor when the incident opens', async () => {
    const tense = createIncidentsService({ ...city.services, slaFactor: () => 0.5 });
    const created = await tense.create(operator, { title: 'Tense', alertIds: [doorAlert.id] });
    const ack = created.sla.clocks.find((c) => c.target === 'acknowledge');
    // high × critical: 30 minutes at factor 1.
    expect(created.slaFactor).toBe(0.5);
    expect(ack?.targetMinutes).toBe(15);
  });

  it('counts open incidents by severity for the stance, per department and for the city', async () => {
    await incidents().create(operator, { title: 'Plant', alertIds: [doorAlert.id] });
    const closed = await incidents().create(operator, { title: 'Sub', alertIds: [energyAlert.id] });
    await incidents().create(operator, { title: 'City', departmentId: null, severity: 'critical' });
    await incidents().update(operator, closed.id, {
      status: 'closed',
      resolution: { kind: 'false_positive', summary: 'maintenance' },
    });
    const db = city.services.store.db;
    expect(await openIncidentCounts(db, 'water')).toEqual({ critical: 0, high: 1, medium: 0, low: 0 });
    expect(await openIncidentCounts(db, 'energy')).toEqual({ critical: 0, high: 0, medium: 0, low: 0 });
    expect(await openIncidentCounts(db, null)).toEqual({ critical: 1, high: 1, medium: 0, low: 0 });
  });
});
