import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NotAllowedError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');
const CVE_2023 = path.join(DATA, 'cve/cvelist-v5-records-from-vulnrichment/2023');
const CITY = `
services:
  - {id: water-supply, name: Drinking water, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: edge-fw}]}
assets:
  - {id: edge-fw, name: Edge firewall, type: network, department: water, zone: dmz,
     software: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: meter-1, name: Meter, type: sensor, department: energy}
`;

describe.each(testDatabaseKinds())('security stance on $kind', (kind) => {
  let city: TestCity;
  beforeAll(async () => {
    city = await createTestCity(kind);
  });
  afterAll(() => {
    city.services.stance.close();
    city.services.vulns.close();
    return city.dispose();
  });

  it('starts at level 1 and rises with KEV findings on an exposed asset serving a critical service, with reasons', async () => {
    await city.services.stance.evaluate();
    const quiet = await city.services.stance.current(SYSTEM_PRINCIPAL);
    expect(quiet.city?.level).toBe(1);

    await city.services.inventory.importDocument(SYSTEM_PRINCIPAL, parseInventoryDocument(readInventoryText(CITY)));
    await city.services.city.current();
    const feeds = [
      path.join(DATA, 'cisa-kev/known_exploited_vulnerabilities.json'),
      ...readdirSync(CVE_2023, { recursive: true, withFileTypes: true })
        .filter((e) => e.isFile() && e.name.endsWith('.json'))
        .map((e) => path.join(e.parentPath, e.name)),
    ];
    await city.services.vulns.importFeeds(
      SYSTEM_PRINCIPAL,
      feeds.map((name) => ({ name, text: readFileSync(name, 'utf8') })),
    );
    await city.services.stance.evaluate();

    const { city: stance, departments } = await city.services.stance.current(SYSTEM_PRINCIPAL);
    expect(stance!.level).toBeGreaterThanOrEqual(3);
    const codes = stance!.reasons.map((r) => r.code);
    expect(codes).toEqual(expect.arrayContaining(['kev_critical_services', 'exposed_kev_assets']));
    expect(stance!.reasons.find((r) => r.code === 'kev_critical_services')?.text).toContain('water-supply');
    expect(stance!.history[0]).toMatchObject({ from: 1, to: stance!.level });
    expect(stance!.policies.approval_required_for).toContain('isolate');
    // The water department carries the finding; energy does not.
    const byDepartment = new Map(
      departments.map((d) => [d.scope.kind === 'department' ? d.scope.departmentId : '', d.level]),
    );
    expect(byDepartment.get('water')).toBeGreaterThanOrEqual(3);
    expect(byDepartment.get('energy')).toBe(1);
  }, 120_000);

  it('lets the CIO override the level with a justification until it expires, audited', async () => {
    const operator = await city.addUser('op', 'soc_operator');
    const request = {
      level: 5,
      justification: 'national CERT warns of attacks on water utilities',
      until: new Date(Date.now() + 86_400_000).toISOString(),
    };
    await expect(city.services.stance.override(operator, 'city', request)).rejects.toThrow(NotAllowedError);
    const cio = await city.addUser('cio', 'cio');
    const overridden = await city.services.stance.override(cio, 'city', request);
    expect(overridden).toMatchObject({ level: 5, override: { by: 'cio', level: 5 } });
    expect(overridden.reasons.some((r) => r.kind === 'override')).toBe(true);
    const entry = (await city.services.audit.list(SYSTEM_PRINCIPAL, { limit: 1 }))[0];
    expect(entry).toMatchObject({ action: 'stance.change', actorName: 'cio' });

    const back = await city.services.stance.override(cio, 'city', null);
    expect(back.override).toBeNull();
    expect(back.level).toBeLessThan(5);
  });

  it("shows a department user only their department's stance beside the city's", async () => {
    const energy = await city.addUser('e-sys', 'sysadmin', ['energy']);
    const view = await city.services.stance.current(energy);
    expect(view.departments.map((d) => (d.scope.kind === 'department' ? d.scope.departmentId : 'city'))).toEqual([
      'energy',
    ]);
  });

  it("raises the energy department's stance for its open critical incident, and lets it cool once closed", async () => {
    const incident = await city.services.incidents.create(SYSTEM_PRINCIPAL, {
      title: 'Substation meters tampered with',
      severity: 'critical',
      departmentId: 'energy',
    });
    await city.services.stance.evaluate();
    const during = await city.services.stance.current(SYSTEM_PRINCIPAL);
    const energy = during.departments.find((d) => d.scope.kind === 'department' && d.scope.departmentId === 'energy');
    expect(energy?.level).toBe(4);
    expect(energy?.reasons.map((r) => r.text)).toContain('1 open critical incident → at least level 4');
    expect(during.city?.level).toBeGreaterThanOrEqual(4);

    await city.services.incidents.update(SYSTEM_PRINCIPAL, incident.id, {
      status: 'closed',
      resolution: { kind: 'false_positive', summary: 'Meter firmware update by the vendor, agreed in advance' },
    });
    await city.services.stance.evaluate();
    const after = await city.services.stance.current(SYSTEM_PRINCIPAL);
    const cooled = after.departments.find((d) => d.scope.kind === 'department' && d.scope.departmentId === 'energy');
    // Lowering waits for the cooling period (hysteresis); the computed level already dropped.
    expect(cooled?.level).toBe(4);
    expect(cooled?.computedLevel).toBe(1);
  });
});
