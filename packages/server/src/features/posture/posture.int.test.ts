import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import {
  parseControlFiles,
  type PostureReport,
  PostureDirection,
  SYSTEM_PRINCIPAL,
  type TokenScope,
} from '@citysoc/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createApp } from '../../server.ts';
import type { HttpServer } from '../../platform/http/http-server.ts';
import { SMALL_CITY_YAML } from '../../testing/inventory-fixture.ts';
import { bearer as bearerOf } from '../../testing/bearer.ts';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';
import { SHIPPED_CONTROLS_DIR } from './index.ts';

describe('the shipped control catalogue', () => {
  const files = readdirSync(SHIPPED_CONTROLS_DIR)
    .filter((name) => name.endsWith('.yml'))
    .map((name) => ({ name, text: readFileSync(path.join(SHIPPED_CONTROLS_DIR, name), 'utf8') }));
  const { controls, errors } = parseControlFiles(files);

  it('loads without errors and covers every direction', () => {
    expect(errors).toEqual([]);
    expect(new Set(controls.map((c) => c.direction))).toEqual(new Set(PostureDirection.options));
  });

  it('covers every protection the ITU-T directions name, each mapped to ISO 27001 and NIST CSF', () => {
    const evidence = (id: string) => controls.find((c) => c.id === id)?.evidence;
    // Physical: environment, equipment (power), disaster recovery and prevention.
    expect(evidence('PHY-ENV-01')).toMatchObject({ kind: 'environment', metrics: ['temperature', 'humidity'] });
    expect(evidence('PHY-PWR-01')).toMatchObject({ kind: 'telemetry', metric: 'ups' });
    expect(evidence('PHY-DR-01')).toMatchObject({ kind: 'attestation' });
    expect(evidence('PHY-FIRE-01')).toMatchObject({ kind: 'attestation' });
    // System: anti-virus, host hardening, operating-system security.
    expect(evidence('SYS-AV-01')).toMatchObject({ kind: 'telemetry', metric: 'antivirus' });
    expect(evidence('SYS-HARD-01')).toMatchObject({ kind: 'telemetry', metric: 'hardening_score' });
    expect(evidence('SYS-OS-01')).toMatchObject({ kind: 'telemetry', metric: 'os_support' });
    // Network: gateway anti-virus, firewall, intrusion detection.
    expect(evidence('NET-GWAV-01')).toMatchObject({ kind: 'telemetry', metric: 'gateway_av' });
    expect(evidence('NET-FW-01')).toMatchObject({ kind: 'reporting' });
    expect(evidence('NET-IDS-01')).toMatchObject({ kind: 'telemetry', metric: 'ids_status' });
    // Data and application: database encryption and backup.
    expect(evidence('DAT-ENC-01')).toMatchObject({ kind: 'telemetry', metric: 'db_encryption' });
    expect(evidence('DAT-BAK-01')).toMatchObject({ kind: 'telemetry', metric: 'backup_job' });
    for (const control of controls) {
      expect(control.references.iso27001.length, control.id).toBeGreaterThan(0);
      expect(control.references.nist_csf.length, control.id).toBeGreaterThan(0);
    }
    // OT assets are covered by IEC 62443-3-3 requirements.
    expect(controls.filter((c) => c.references.iec62443.length > 0).length).toBeGreaterThanOrEqual(15);
  });

  it('refuses a control file with an unknown evidence kind or a malformed reference, naming the line', () => {
    const bad = parseControlFiles([
      {
        name: 'bad.yml',
        text: [
          'controls:',
          '  - id: SYS-X-01',
          '    title: X',
          '    direction: system',
          '    description: x',
          '    evidence: {kind: telemetry, metric: x, max_age: 1d}',
          '    references: {iso27001: [27001-A8]}',
        ].join('\n'),
      },
    ]);
    expect(bad.controls).toEqual([]);
    expect(bad.errors).toEqual([
      expect.objectContaining({ file: 'bad.yml', path: 'controls.0.references.iso27001.0', line: 7 }),
    ]);
  });
});

interface Gap {
  control: string;
  target: { id: string };
  department: string;
  status: string;
  reason: string;
}

describe.each(testDatabaseKinds())('posture on $kind', (kind) => {
  let city: TestCity;
  let app: HttpServer;

  const bearer = (scope: TokenScope, departmentId: string | null = null) =>
    bearerOf(city.services, scope, departmentId);

  beforeEach(async () => {
    city = await createTestCity(kind);
    app = await createApp(city.services);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(SMALL_CITY_YAML)),
    );
    await city.services.city.current(); // enrichment of ingested events follows the new inventory
  });
  afterEach(async () => {
    await app.close();
    await city.dispose();
  });

  async function report(headers: Record<string, string>): Promise<PostureReport> {
    const response = await app.inject({ url: '/api/posture', headers });
    expect(response.statusCode).toBe(200);
    return response.json() as PostureReport;
  }

  it('scores controls from the telemetry agents send, and lists the gaps with their reasons', async () => {
    // Agents on the servers and the historian report as device telemetry, through the real ingest path.
    const reports = [
      { device_id: 'scada-1', metric: 'antivirus', state: 'OK' },
      { device_id: 'scada-1', metric: 'hardening_score', value: 91 },
      { device_id: 'scada-2', metric: 'hardening_score', value: 55 },
      { device_id: 'historian-db', metric: 'db_encryption', state: 'enabled' },
      { device_id: 'scada-1', metric: 'temperature', value: 21, unit: 'C' },
      { device_id: 'scada-1', metric: 'fan_speed', value: 3000 },
    ];
    await city.services.ingest.ingest(
      { channel: 'http', departmentId: null, format: 'ndjson' },
      reports.map((r) => JSON.stringify({ ...r, ts: new Date().toISOString() })),
    );
    await city.services.detection.catchUp();
    const stored = async () =>
      (await city.services.store.db.selectFrom('posture_observations').selectAll().execute()).length;
    for (let i = 0; i < 50 && (await stored()) < 5; i++) await new Promise((resolve) => setTimeout(resolve, 50));
    // Only the metrics a control reads are kept: fan_speed is not.
    expect(await stored()).toBe(5);

    await city.services.posture.evaluate();
    const admin = await bearer('admin');
    const posture = await report(admin);
    expect(Object.keys(posture.city.directions).sort()).toEqual([...PostureDirection.options].sort());
    expect(posture.city.score).toBeGreaterThan(0);
    expect(posture.city.score).toBeLessThan(100);
    const gaps = posture.gaps as Gap[];
    const gap = (control: string, target: string) => gaps.find((g) => g.control === control && g.target.id === target);
    expect(gap('SYS-AV-01', 'scada-1')).toBeUndefined();
    expect(gap('SYS-AV-01', 'scada-2')).toMatchObject({ status: 'missing', reason: "no 'antivirus' report" });
    expect(gap('SYS-HARD-01', 'scada-1')).toBeUndefined();
    expect(gap('SYS-HARD-01', 'scada-2')).toMatchObject({ status: 'fail', department: 'water' });
    expect(gap('SYS-HARD-01', 'scada-2')?.reason).toMatch(/^'hardening_score' 55 /);
    expect(gap('DAT-ENC-01', 'historian-db')).toBeUndefined();
    // scada-1 reports its own temperature, but nothing in zone ot reports humidity.
    expect(gap('PHY-ENV-01', 'scada-1')?.reason).toBe('no humidity sensor in zone ot');
    expect(posture.departments.map((d) => d.id).sort()).toEqual(['energy', 'water']);
    expect(posture.services.map((s) => s.id).sort()).toEqual(['power-grid', 'water-supply']);

    // A department's reader sees the city's score but only their own department, services and gaps.
    const energy = await report(await bearer('read', 'energy'));
    expect(energy.city.score).toBe(posture.city.score);
    expect(energy.departments.map((d) => d.id)).toEqual(['energy']);
    expect(energy.services.map((s) => s.id)).toEqual(['power-grid']);
    expect((energy.gaps as Gap[]).every((g) => g.department === 'energy')).toBe(true);

    const trend = await app.inject({ url: '/api/posture/trend?days=7', headers: admin });
    expect(trend.json()).toEqual(
      expect.arrayContaining([expect.objectContaining({ scope: 'city', score: posture.city.score })]),
    );
  });

  it('takes attestations for attestation controls only, within their validity, from their departments', async () => {
    const admin = await bearer('admin');
    const until = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);
    const attest = (headers: Record<string, string>, payload: Record<string, unknown>) =>
      app.inject({ method: 'POST', url: '/api/posture/attestations', headers, payload });
    const before = await report(admin);
    const irGap = (r: PostureReport, department: string) =>
      (r.gaps as Gap[]).find((g) => g.control === 'MGT-IR-01' && g.target.id === department);
    expect(irGap(before, 'water')).toMatchObject({ status: 'missing', reason: 'not attested' });

    const accepted = await attest(admin, {
      control: 'MGT-IR-01',
      target: 'water',
      until: until(200),
      note: 'Plan v3 reviewed with the CIO; tabletop exercise held on 2026-10-14',
    });
    expect(accepted.statusCode).toBe(201);
    const after = accepted.json() as PostureReport;
    expect(irGap(after, 'water')).toBeUndefined();
    expect(irGap(after, 'energy')).toBeDefined();
    expect(after.departments.find((d) => d.id === 'water')!.directions.management!).toBeGreaterThan(
      before.departments.find((d) => d.id === 'water')!.directions.management ?? 0,
    );
    const audit = await city.services.audit.list(SYSTEM_PRINCIPAL, {
      limit: 10,
      target: { type: 'department', id: 'water' },
    });
    expect(audit.filter((e) => e.action === 'posture.attest')).toHaveLength(1);

    const refused = async (headers: Record<string, string>, payload: Record<string, unknown>, status: number) =>
      expect((await attest(headers, payload)).statusCode).toBe(status);
    const note = 'Reviewed by the department head';
    // Evidenced by telemetry, not by a person's word.
    await refused(admin, { control: 'SYS-AV-01', target: 'scada-1', until: until(30), note }, 400);
    // Access reviews are valid for 180 days at most.
    await refused(admin, { control: 'MGT-ACC-01', target: 'water', until: until(400), note }, 400);
    await refused(admin, { control: 'MGT-ACC-01', target: 'water', until: '2020-01-01', note }, 400);
    await refused(admin, { control: 'NO-SUCH-01', target: 'water', until: until(30), note }, 404);
    await refused(admin, { control: 'MGT-IR-01', target: 'water', until: until(30), note: 'ok' }, 400);
    await refused(admin, { control: 'MGT-IR-01', target: 'water', until: until(30), note, extra: 1 }, 400);
    // Energy's administrator cannot attest for water (and cannot learn it exists).
    const energyAdmin = await bearer('admin', 'energy');
    await refused(energyAdmin, { control: 'MGT-IR-01', target: 'water', until: until(30), note }, 404);
    await refused(energyAdmin, { control: 'PHY-DR-01', target: 'scada-1', until: until(30), note }, 404);
    await refused(await bearer('read'), { control: 'MGT-IR-01', target: 'water', until: until(30), note }, 403);
  });
});
