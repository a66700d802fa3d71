import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { NotAllowedError, SYSTEM_PRINCIPAL } from '@citysoc/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestCity, type TestCity } from '../../testing/test-city.ts';
import { testDatabaseKinds } from '../../testing/test-databases.ts';
import { parseInventoryDocument, readInventoryText } from '../inventory/index.ts';

const DATA = path.resolve(import.meta.dirname, '../../../../../../shared/data');

/** Every JSON file under a folder of the shared data. */
function files(folder: string): string[] {
  return readdirSync(path.join(DATA, folder), { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.json') && !/schema/i.test(e.name))
    .map((e) => path.join(e.parentPath, e.name));
}

const INVENTORY = `
departments: [{id: water, name: Water Utility}]
services:
  - {id: water-supply, name: Drinking water, department: water, criticality: critical, population: 250000,
     depends_on: [{asset: edge-fw}]}
assets:
  - {id: edge-fw, name: Edge firewall, type: network, department: water, zone: dmz,
     software: ['cpe:2.3:o:fortinet:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: lookalike, name: Not Fortinet, type: network, department: water, zone: it,
     software: ['cpe:2.3:o:fortinet_clone:fortios:7.2.0:*:*:*:*:*:*:*']}
  - {id: unknown-version, name: Fortinet of unknown version, type: network, department: water, zone: it,
     software: ['cpe:2.3:o:fortinet:fortios:*:*:*:*:*:*:*:*']}
`;

describe.each(testDatabaseKinds())('vulnerability findings on $kind', (kind) => {
  // One city for the whole suite: importing every feed takes seconds; tests leave the inventory as they found it.
  let city: TestCity;
  beforeAll(async () => {
    city = await createTestCity(kind);
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(INVENTORY)),
    );
    const feeds = [
      ...files('nvd/api-2.0-responses'),
      ...files('cve/cvelist-v5-records-from-vulnrichment'),
      path.join(DATA, 'cisa-kev/known_exploited_vulnerabilities.json'),
    ];
    const results = await city.services.vulns.importFeeds(
      SYSTEM_PRINCIPAL,
      feeds.map((name) => ({ name, text: readFileSync(name, 'utf8') })),
    );
    // NVD's cpematch, history and source responses are not CVE feeds: refused by name, the rest imported.
    expect(results.filter((r) => 'error' in r).length).toBeLessThan(results.length / 10);
  }, 120_000);
  afterAll(() => {
    city.services.vulns.close();
    return city.dispose();
  });

  it('finds the KEV-listed FortiOS flaws on the internet-facing firewall first, and nothing on look-alikes', async () => {
    const findings = await city.services.vulns.findings(SYSTEM_PRINCIPAL);
    const assets = new Set(findings.map((f) => f.asset));
    expect(assets).toEqual(new Set(['edge-fw']));
    const cves = findings.map((f) => f.cve);
    expect(cves).toEqual(expect.arrayContaining(['CVE-2022-41328', 'CVE-2023-27997', 'CVE-2024-21762']));
    const first = findings[0]!;
    expect(first).toMatchObject({ priority: 'P1', ssvc: 'Act', kev: true, services: ['water-supply'], status: 'open' });
    expect(first.reason).toContain('cpe:2.3:o:fortinet:fortios:7.2.0');
    expect(first.kev_due).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it('keeps decisions, closes findings that no longer match, and reopens them if they return', async () => {
    const [finding] = await city.services.vulns.findings(SYSTEM_PRINCIPAL);
    const operator = await city.addUser('op', 'soc_operator');
    await expect(
      city.services.vulns.decide(operator, finding!.id, { status: 'false_positive', note: 'no' }),
    ).rejects.toThrow(NotAllowedError);
    const accepted = await city.services.vulns.decide(SYSTEM_PRINCIPAL, finding!.id, {
      status: 'accepted',
      note: 'compensating control: WAF in front',
      until: '2099-01-01',
    });
    expect(accepted).toMatchObject({ status: 'accepted', decided_by: 'citysoc-cli' });
    await city.services.vulns.evaluate();
    expect((await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'accepted' })).map((f) => f.id)).toEqual([
      finding!.id,
    ]);

    const patched = parseInventoryDocument(readInventoryText(INVENTORY.replace('fortios:7.2.0', 'fortios:7.6.9')));
    await city.services.inventory.importDocument(SYSTEM_PRINCIPAL, patched);
    await city.services.city.current();
    await city.services.vulns.evaluate();
    const open = await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
    expect(open.filter((f) => f.cve === 'CVE-2023-27997')).toEqual([]);
    expect((await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'fixed' })).length).toBeGreaterThan(0);

    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(INVENTORY)),
    );
    await city.services.city.current();
    await city.services.vulns.evaluate();
    const reopened = await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
    expect(reopened.map((f) => f.cve)).toContain('CVE-2023-27997');
  });

  it("shows a department only its own assets' findings", async () => {
    const energy = await city.addUser('e-admin', 'sysadmin', ['energy']);
    expect(await city.services.vulns.findings(energy)).toEqual([]);
  });

  it('summarises open findings by priority, department and service, with a 30-day trend', async () => {
    const open = await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' });
    const summary = await city.services.vulns.summary(SYSTEM_PRINCIPAL);
    expect(summary.open).toBe(open.length);
    expect(Object.values(summary.by_priority).reduce((a, b) => a + b, 0)).toBe(open.length);
    expect(summary.kev_open).toBe(open.filter((f) => f.kev).length);
    // KEV due dates of these 2022–2024 entries are long past.
    expect(summary.overdue).toBeGreaterThan(0);
    expect(summary.by_department).toEqual([
      expect.objectContaining({ department_id: 'water', open: open.length, p1: summary.by_priority.P1 }),
    ]);
    expect(summary.by_service).toEqual([
      expect.objectContaining({ service_id: 'water-supply', name: 'Drinking water', open: open.length }),
    ]);
    expect(summary.trend).toHaveLength(30);
    expect(summary.trend.at(-1)).toMatchObject({ date: new Date().toISOString().slice(0, 10), open: open.length });
    const energy = await city.addUser('e-reader', 'sysadmin', ['energy']);
    expect(await city.services.vulns.summary(energy)).toMatchObject({ open: 0, by_service: [], by_department: [] });
  });

  it('counts remediation from first sighting and shortens it while the security stance says so', async () => {
    const DAY = 86_400_000;
    const daysFromFirstSeen = (f: { first_seen: string; due: string }) =>
      Math.round((Date.parse(f.due) - Date.parse(f.first_seen.slice(0, 10))) / DAY);
    // An identity server with a flaw that is not known to be exploited: its due date is the SLA's, not KEV's.
    const withCrowd = `${INVENTORY}  - {id: sso, name: Single sign-on, type: server, department: water, zone: it,
     software: ['cpe:2.3:a:atlassian:crowd:4.4.3:*:*:*:*:*:*:*']}
`;
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(withCrowd)),
    );
    await city.services.city.current();
    // KEV findings on the drinking-water service already raise the stance (stance rules): its policy applies.
    await city.services.stance.evaluate();
    await city.services.vulns.evaluate();
    const factor = () => city.services.stance.effectivePolicy('water').sla_factor.remediation;
    const standard = { P1: 7, P2: 30, P3: 90, P4: 180 } as const;
    const before = (await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' })).filter((f) => !f.kev);
    expect(before.map((f) => `${f.asset} ${f.cve}`)).toContain('sso CVE-2022-43782');
    const computed = factor();
    for (const finding of before)
      expect(daysFromFirstSeen(finding)).toBe(Math.ceil(standard[finding.priority] * computed));

    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', {
      level: 5,
      justification: 'Exploitation of edge firewalls reported by the national CERT',
      until: new Date(Date.now() + DAY).toISOString(),
    });
    await city.services.vulns.evaluate();
    const severe = factor();
    expect(severe).toBeLessThan(computed);
    const tightened = (await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' })).filter((f) => !f.kev);
    for (const finding of tightened)
      expect(daysFromFirstSeen(finding)).toBe(Math.ceil(standard[finding.priority] * severe));

    await city.services.stance.override(SYSTEM_PRINCIPAL, 'city', null);
    await city.services.vulns.evaluate();
    const restored = (await city.services.vulns.findings(SYSTEM_PRINCIPAL, { status: 'open' })).filter((f) => !f.kev);
    expect(restored.map((f) => f.due)).toEqual(before.map((f) => f.due));
    await city.services.inventory.importDocument(
      SYSTEM_PRINCIPAL,
      parseInventoryDocument(readInventoryText(INVENTORY)),
    );
    await city.services.city.current();
    await city.services.vulns.evaluate();
  });
});
